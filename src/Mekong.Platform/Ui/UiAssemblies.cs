using System.Reflection;

namespace Mekong.Platform.Ui;

/// <summary>An assembly that holds routable Razor pages; a module registers one with <c>services.AddSingleton(new UiAssembly(...))</c>.</summary>
public sealed record UiAssembly(Assembly Assembly);

/// <summary>All UI assemblies, for the shell's router and the host's endpoint mapping.</summary>
public sealed class UiAssemblies(IEnumerable<UiAssembly> assemblies)
{
    public IReadOnlyList<Assembly> Assemblies { get; } = assemblies.Select(a => a.Assembly).Distinct().ToList();
}

/// <summary>An entry of the navigation of the operator console and admin area, contributed by a module.</summary>
public sealed record NavigationLink(string Area, string Href, string TitleVi, string TitleEn, int Order, string Policy);

/// <summary>
/// A small component a module puts into the shell's header (e.g. the notification bell). The layouts render every
/// widget of their slot with <c>DynamicComponent</c>, so the shell needs no reference to the module.
/// A widget renders beside whatever page is shown, at the same moment, so it must not share the request's scoped
/// services (one DbContext used by the page and the widget at once fails): its component derives from
/// <see cref="Microsoft.AspNetCore.Components.OwningComponentBase"/> and resolves what it needs from its own
/// <c>ScopedServices</c>. The constructor refuses any other component.
/// </summary>
public sealed record ShellWidget
{
    public const string Header = "header";

    /// <summary>The operator console's side panel (<c>/ops</c>), under the jurisdiction's card, e.g. the reports' counts and alerts.</summary>
    public const string OpsPanel = "ops-panel";

    /// <summary>The citizen portal's home page (<c>/</c>), above its services, e.g. the public warnings for the reader's commune.</summary>
    public const string PortalHome = "portal-home";

    public ShellWidget(string slot, Type component, int order)
    {
        if (!typeof(Microsoft.AspNetCore.Components.OwningComponentBase).IsAssignableFrom(component))
        {
            throw new ArgumentException(
                $"The shell widget {component.FullName} must derive from OwningComponentBase (@inherits OwningComponentBase) and use its ScopedServices: it renders beside the page and must not share the page's scoped services.",
                nameof(component));
        }

        Slot = slot;
        Component = component;
        Order = order;
    }

    public string Slot { get; }

    public Type Component { get; }

    public int Order { get; }
}
