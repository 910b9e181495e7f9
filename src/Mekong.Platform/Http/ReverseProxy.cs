using System.Net;
using Mekong.Platform.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Http;

/// <summary>
/// Behind a TLS-terminating reverse proxy (how every province runs Mekong): the client's address, scheme and host come
/// from <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>, believed only from the proxies named in
/// <c>Mekong:ReverseProxy</c>. Then HTTPS redirection sees the request was HTTPS (no redirect loop), HSTS is sent,
/// cookies are <c>Secure</c> and rate limits apply per client rather than to the proxy as a whole.
/// </summary>
public static class ReverseProxy
{
    private const string ForwardedHostItem = "mekong:forwarded-host";

    /// <summary>Must come first in the pipeline: everything after it must see the client's request.</summary>
    public static IApplicationBuilder UseMekongForwardedHeaders(this IApplicationBuilder app)
    {
        var proxy = app.ApplicationServices.GetRequiredService<IOptions<MekongOptions>>().Value.ReverseProxy;
        var forwarded = new ForwardedHeadersOptions();
        // The middleware records what it replaced in X-Original-*; a client must not be able to send those itself.
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            headers.Remove(forwarded.OriginalForHeaderName);
            headers.Remove(forwarded.OriginalProtoHeaderName);
            headers.Remove(forwarded.OriginalHostHeaderName);
            return next(context);
        });
        if (!proxy.IsConfigured)
        {
            // No proxy named: forwarded headers are a client's claim like any other, and ignored.
            return app;
        }

        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        forwarded.ForwardLimit = proxy.ForwardLimit;
        // The framework trusts loopback by default; here only what the settings name is trusted.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var address in proxy.KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(address));
        }

        foreach (var network in proxy.KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(forwarded);
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(forwarded.OriginalHostHeaderName))
            {
                context.Items[ForwardedHostItem] = true;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The origin (<c>https://ioc.example</c>) to put in links the server hands out: <c>Mekong:PublicBaseUrl</c> when set,
    /// else the host a known proxy forwarded; null when there is neither, because the request's own Host header is
    /// the caller's word and must not be reflected into links others follow.
    /// </summary>
    public static string? PublicOrigin(HttpRequest request, string? publicBaseUrl)
    {
        if (!string.IsNullOrEmpty(publicBaseUrl))
        {
            return publicBaseUrl.TrimEnd('/');
        }

        return request.HttpContext.Items.ContainsKey(ForwardedHostItem) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : null;
    }
}
