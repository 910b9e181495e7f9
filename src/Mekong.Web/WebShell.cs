using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Http;
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
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// A browser that asks for a page that does not exist (GET with Accept: text/html) gets the not-found page in the
    /// reader's language, still with status 404; API clients keep the problem JSON of the status-code pages before
    /// this. Only 404 and only empty responses: a problem an endpoint wrote itself is left as it is. Goes right after
    /// <c>UseStatusCodePages</c>, so that it sees the 404 first.
    /// </summary>
    public static IApplicationBuilder UseNotFoundPageForBrowsers(this IApplicationBuilder app) =>
        app.UseWhen(AsksForAPage, branch => branch.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode != StatusCodes.Status404NotFound)
            {
                return; // left to the problem details of the status-code pages outside
            }

            var original = (Path: http.Request.Path, Query: http.Request.QueryString, Services: http.RequestServices, Endpoint: http.GetEndpoint());
            http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
            {
                OriginalPath = original.Path.Value ?? string.Empty,
                OriginalPathBase = http.Request.PathBase.Value ?? string.Empty,
                OriginalQueryString = original.Query.HasValue ? original.Query.Value : null,
                Endpoint = original.Endpoint,
            });
            // Routed afresh, rendered in a scope of its own (the page's renderer is scoped), as the framework's re-execute does.
            await using var scope = http.RequestServices.CreateAsyncScope();
            http.SetEndpoint(null);
            http.Request.RouteValues.Clear();
            http.Request.Path = NotFoundPath;
            http.Request.QueryString = QueryString.Empty;
            http.RequestServices = scope.ServiceProvider;
            try
            {
                await context.Next(http);
            }
            finally
            {
                http.Request.Path = original.Path;
                http.Request.QueryString = original.Query;
                http.RequestServices = original.Services;
            }
        }));

    private static readonly PathString NotFoundPath = new("/not-found");

    private static bool AsksForAPage(HttpContext http) =>
        (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(http.Request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);

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
        components.Add(FrameworkEndpointGuards.GuardPage);
        components.Add(endpoint =>
        {
            // The interactive circuit's hub (/_blazor, /_blazor/negotiate).
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } raw } && raw.TrimStart('/') is "_blazor" or "_blazor/negotiate")
            {
                FrameworkEndpointGuards.GuardHub(endpoint);
            }
        });

        app.MapHub<LiveHub>("/hubs/live").RequireAuthorization(Policies.Viewer).Add(FrameworkEndpointGuards.GuardHub);
        app.MapBackgroundWorkAdmin();
        app.MapGet("/api/v1/map/layers", (MapLayerRegistry registry, IAuthorizationService authorization, HttpContext http) => MapLayersEndpoint.Handle(registry, authorization, http))
            .RequireAuthorization(Policies.Viewer).WithTags("Map").WithName("ListMapLayers");
        app.MapGet("/culture/{culture}", Results<RedirectHttpResult, ValidationProblem> (string culture, string? returnUrl, HttpContext http) =>
        {
            // Only a path on this site (LocalUrls): anything else is the caller's mistake, said as a problem, not a 500.
            if (!string.IsNullOrEmpty(returnUrl) && !LocalUrls.IsLocal(returnUrl))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["returnUrl"] = ["returnUrl must be a path on this site, such as /ops."] },
                    type: Mekong.Platform.Errors.ProblemTypes.Validation);
            }

            var chosen = Cultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase) || c.TwoLetterISOLanguageName.Equals(culture, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return TypedResults.Redirect(LocalUrls.LocalOr(returnUrl, "/"));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
