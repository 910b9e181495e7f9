using System.Buffers.Text;
using System.Text;

namespace Mekong.Platform.Paging;

/// <summary>The shape of every list response: <c>{"items": [...], "total": N, "next": "url" | null}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, string? Next);

/// <summary>Keyset paging: <c>limit</c> and an opaque <c>cursor</c> that encodes the last key of the previous page.</summary>
public static class KeysetCursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            lastKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The request's own URL with <c>cursor</c> replaced, so a client follows <c>next</c> without rebuilding the query.
    /// Absolute only on the configured or proxy-forwarded origin; otherwise relative, never on the caller's Host header.
    /// </summary>
    public static string NextUrl(Microsoft.AspNetCore.Http.HttpRequest request, string lastKey, string? publicBaseUrl = null)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var pairs = query
            .Where(q => !string.Equals(q.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", Encode(lastKey)));
        var baseUrl = Mekong.Platform.Http.ReverseProxy.PublicOrigin(request, publicBaseUrl) ?? request.PathBase.Value ?? string.Empty;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(baseUrl + request.Path, pairs);
    }
}
