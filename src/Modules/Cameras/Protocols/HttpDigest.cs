using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mekong.Modules.Cameras.Protocols;

/// <summary>HTTP Digest (RFC 2617, MD5, with or without <c>qop=auth</c>) and Basic, as RTSP cameras use them.</summary>
internal static partial class HttpDigest
{
    // RFC 2617 Digest is MD5 by definition, and it is what cameras speak; it protects nothing here beyond what the camera's protocol does.
#pragma warning disable CA5351
    public static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    public static string Response(string username, string realm, string password, string method, string uri, string nonce, string? qop = null, string? nc = null, string? cnonce = null)
    {
        var ha1 = Md5($"{username}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        return qop is null ? Md5($"{ha1}:{nonce}:{ha2}") : Md5($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>The <c>key="value"</c> pairs of a challenge or an Authorization header (after its scheme word).</summary>
    public static Dictionary<string, string> Parameters(string header)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ParameterPattern().Matches(header))
        {
            result[m.Groups[1].Value] = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
        }

        return result;
    }

    /// <summary>The Authorization header a client answers a Digest challenge with.</summary>
    public static string Authorization(string challenge, string username, string password, string method, string uri)
    {
        var p = Parameters(challenge);
        var realm = p.GetValueOrDefault("realm", string.Empty);
        var nonce = p.GetValueOrDefault("nonce", string.Empty);
        var qop = p.TryGetValue("qop", out var q) && q.Split(',').Select(s => s.Trim()).Contains("auth") ? "auth" : null;
        var cnonce = qop is null ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var response = Response(username, realm, password, method, uri, nonce, qop, "00000001", cnonce);
        var header = $"Digest username=\"{username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\"";
        if (qop is not null)
        {
            header += $", qop=auth, nc=00000001, cnonce=\"{cnonce}\"";
        }

        if (p.TryGetValue("opaque", out var opaque))
        {
            header += $", opaque=\"{opaque}\"";
        }

        return header;
    }

    public static string Basic(string username, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    /// <summary>Whether an Authorization header proves the password (server side), for the method it came with.</summary>
    public static bool Verify(string? authorization, string method, string realm, string nonce, string username, string password, bool allowDigest)
    {
        if (authorization is null)
        {
            return false;
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                return FixedEquals(pair, $"{username}:{password}");
            }
            catch (FormatException)
            {
                return false;
            }
        }

        if (allowDigest && authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            var p = Parameters(authorization[7..]);
            if (p.GetValueOrDefault("username") != username || p.GetValueOrDefault("nonce") != nonce || !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
            {
                return false;
            }

            var expected = Response(username, realm, password, method, uri, nonce, p.GetValueOrDefault("qop"), p.GetValueOrDefault("nc"), p.GetValueOrDefault("cnonce"));
            return FixedEquals(expected, response);
        }

        return false;
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [GeneratedRegex("""(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))""")]
    private static partial Regex ParameterPattern();
}
