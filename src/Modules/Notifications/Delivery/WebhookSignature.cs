using System.Security.Cryptography;
using System.Text;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// with the base64-decoded part of a <c>whsec_</c> secret, sent as <c>webhook-signature: v1,{base64}</c>.
/// </summary>
internal static class WebhookSignature
{
    public const string Prefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64 (the spec asks for 24 to 64 bytes).</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValidSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var length) && length is >= 24 and <= 64;
    }

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>
    /// The receiver's check: one of the space-separated <c>v1,</c> signatures matches (compared in constant time)
    /// and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? messageId, string? timestamp, string? signatures, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(messageId) || !long.TryParse(timestamp, out var seconds) || string.IsNullOrEmpty(signatures))
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, seconds, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
