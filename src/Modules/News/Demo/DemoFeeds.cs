namespace Mekong.Modules.News.Demo;

/// <summary>The demo's media feeds: sample files in the module (Demo/Feeds), read through the real fetch pipeline as <c>demo:NAME</c>.</summary>
internal static class DemoFeeds
{
    public static readonly IReadOnlyList<(string Name, string Url)> Sources =
    [
        ("Báo Phù Sa", "demo:baophusa"),
        ("Đài PT-TH Phù Sa", "demo:phusatv"),
        ("Sở Nông nghiệp và Môi trường", "demo:snnmt"),
    ];

    public static byte[]? Read(string name)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        using var stream = typeof(DemoFeeds).Assembly.GetManifestResourceStream($"Mekong.Modules.News.Demo.Feeds.{name}.xml");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
