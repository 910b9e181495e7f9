using Mekong.Platform.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Http;

/// <summary>
/// Content-Security-Policy, framing, referrer and MIME-sniffing headers on every response. Scripts and connections
/// only to this origin; the optional base-map tile server is the only outside origin images may come from.
/// Authenticated JSON is <c>Cache-Control: no-store</c>.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseMekongSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<MekongOptions>>().Value;
        var tiles = TileOrigin(options.Map.TileUrl);
        var strict = string.Join("; ",
            "default-src 'self'",
            $"img-src 'self' data: blob:{tiles}",
            "script-src 'self'",
            // Leaflet and Blazor set element styles; no inline <style> or script is needed otherwise.
            "style-src 'self' 'unsafe-inline'",
            // 'self' covers the live channel's ws:/wss: to this origin (CSP Level 3); no other host.
            "connect-src 'self'",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
        // The API reference page (Scalar) bootstraps itself with an inline script.
        var apiDocs = strict.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-docs") ? apiDocs : strict;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // What a signed-in user or a key reads is theirs: no browser or shared cache keeps it.
                if (context.User.Identity?.IsAuthenticated == true && (IsJson(context.Response.ContentType) || context.Request.Path.StartsWithSegments("/api")))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase));

    private static string TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl))
        {
            return string.Empty;
        }

        var probe = tileUrl.Replace("{s}", "a", StringComparison.Ordinal).Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri)
            ? " " + (tileUrl.Contains("{s}", StringComparison.Ordinal) ? $"{uri.Scheme}://*.{string.Join('.', uri.Host.Split('.').Skip(1))}" : uri.GetLeftPart(UriPartial.Authority))
            : string.Empty;
    }
}
