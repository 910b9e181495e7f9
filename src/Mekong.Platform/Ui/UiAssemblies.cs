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
/// </summary>
public sealed record ShellWidget(string Slot, Type Component, int Order)
{
    public const string Header = "header";

    /// <summary>The operator console's side panel (<c>/ops</c>), under the jurisdiction's card, e.g. the reports' counts and alerts.</summary>
    public const string OpsPanel = "ops-panel";
}
