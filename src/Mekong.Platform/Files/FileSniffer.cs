namespace Mekong.Platform.Files;

/// <summary>Recognises the allowed types by their first bytes, never by a file name or a declared content type.</summary>
internal static class FileSniffer
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string WebP = "image/webp";
    public const string Pdf = "application/pdf";

    public static readonly IReadOnlyList<string> Images = [Jpeg, Png, WebP];
    public static readonly IReadOnlyList<string> Documents = [Pdf];

    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        return head.StartsWith("%PDF-"u8) ? Pdf : null;
    }
}
