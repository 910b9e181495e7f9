using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;

namespace Mekong.Platform.Http;

/// <summary>
/// The one check for a URL the server redirects to on a caller's word (log-in, log-out, culture switch, single
/// sign-on): a path on this site as every browser reads it. An open redirect would let a phishing link borrow our
/// log-in page.
/// </summary>
public static class LocalUrls
{
    /// <summary>Longer return URLs are refused: nothing of ours needs one, and they end up in cookies and logs.</summary>
    public const int MaxLength = 2048;

    /// <summary>The framework's own check (<c>IUrlHelper.IsLocalUrl</c>) reads no request state: one instance serves all.</summary>
    private static readonly UrlHelper Framework = new(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()));

    /// <summary>
    /// True for <c>/path?query#fragment</c> on this site. Browsers drop tabs and line breaks from a URL and read a
    /// backslash as a slash, so <c>/\t/evil.example</c> is <c>//evil.example</c> to them: such characters make a URL
    /// non-local before the framework's own check (<see cref="UrlHelperBase.IsLocalUrl"/>) sees it.
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/')
        {
            return false;
        }

        foreach (var c in url)
        {
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c) && c != ' ')
            {
                return false;
            }
        }

        return Framework.IsLocalUrl(url);
    }

    /// <summary>The URL when it is local, otherwise <paramref name="fallback"/>.</summary>
    public static string LocalOr(string? url, string fallback) => IsLocal(url) ? url : fallback;
}
