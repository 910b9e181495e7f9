using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Live;
using Mekong.Platform.Map;
using Mekong.Platform.Ui;
using Mekong.Web.Admin;
using Mekong.Web.Components;
using Mekong.Web.Live;
using Mekong.Web.Map;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Web;

/// <summary>
/// The web shell: the citizen portal (static server rendering, mobile first), the operator console with the map and
/// its layer registry, the admin area, the live channel, and the Vietnamese/English resources.
/// </summary>
public static class WebShell
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    public static IServiceCollection AddWebShell(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddLocalization();
        // Vietnamese letters as they are, not as &#x...; entities: pages stay small and readable at the source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o => o.Cookie.Name = ".Mekong.Antiforgery");
        var signalR = services.AddSignalR();
        var redis = configuration[$"{MekongOptions.Section}:Redis:ConnectionString"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // Several nodes: live updates published on one node reach screens connected to any other.
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("mekong"));
        }

        services.AddSingleton<ILiveChannel, SignalRLiveChannel>();
        services.AddSingleton(new UiAssembly(typeof(WebShell).Assembly));
        services.AddSingleton(new NavigationLink("admin", "/admin/jobs", "Tác vụ định kỳ", "Background jobs", 80, Policies.Administrator));
        services.AddSingleton(new NavigationLink("admin", "/admin/outbox", "Hàng đợi gửi đi", "Outbox", 90, Policies.Administrator));
        return services;
    }

    public static RequestLocalizationOptions Localization()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        // Query string (?culture=en) and the cookie set by /culture; the browser's Accept-Language is ignored
        // on purpose: Vietnamese first, whatever language the phone is set to.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        return options;
    }

    public static IEndpointRouteBuilder MapWebShell(this IEndpointRouteBuilder app)
    {
        var assemblies = app.ServiceProvider.GetRequiredService<UiAssemblies>().Assemblies.Where(a => a != typeof(WebShell).Assembly).ToArray();
        var components = ((WebApplication)app).MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(assemblies);
        // Pages state their own policy with [Authorize] or [AllowAnonymous]; the framework's own endpoints
        // (scripts, the interactive circuit's negotiation) are open, the circuit itself runs as the signed-in user.
        components.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });

        app.MapBackgroundWorkAdmin();
        app.MapHub<LiveHub>("/hubs/live").RequireAuthorization(Policies.Viewer);
        app.MapGet("/api/v1/map/layers", (MapLayerRegistry registry, IAuthorizationService authorization, HttpContext http) => MapLayersEndpoint.Handle(registry, authorization, http))
            .RequireAuthorization(Policies.Viewer).WithTags("Map").WithName("ListMapLayers");
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = Cultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase) || c.TwoLetterISOLanguageName.Equals(culture, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
            return TypedResults.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
