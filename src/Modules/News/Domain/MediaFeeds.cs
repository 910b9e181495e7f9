using Mekong.Platform.Errors;
using Mekong.Platform.Text;

namespace Mekong.Modules.News.Domain;

/// <summary>
/// A subscription to the RSS or Atom feed of a local outlet or another site of the administration (ADR 0032). The fetch
/// job keeps its validators (ETag, Last-Modified) for conditional GET, and its last error for <c>/admin</c>.
/// </summary>
internal sealed class FeedSource
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;
    public const int ErrorMaxLength = 500;

    private FeedSource()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>An http(s) address, or <c>demo:NAME</c>: a sample file the demo serves itself (only with the demo on).</summary>
    public string Url { get; private set; } = string.Empty;

    public bool Enabled { get; private set; } = true;

    public string? ETag { get; private set; }

    public string? LastModified { get; private set; }

    public DateTimeOffset? LastFetchedAt { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>Why the last fetch failed (the outlet's server, its XML, its size); null after a good one.</summary>
    public string? LastError { get; private set; }

    /// <summary>New items the last good fetch stored (the others were known or duplicates).</summary>
    public int LastNewItems { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static FeedSource Create(string jurisdictionCode, string name, string url, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JurisdictionCode = jurisdictionCode,
        Name = name,
        Url = url,
        CreatedAt = now,
    };

    /// <summary>The name and address, checked; null with errors when either is wrong.</summary>
    public static FieldErrors Check(string? name, string? url)
    {
        var errors = new FieldErrors();
        var n = name?.Trim() ?? string.Empty;
        if (n.Length == 0)
        {
            errors.Add("name", "name is required.");
        }
        else if (PlainText.Problem(n, NameMaxLength) is { } problem)
        {
            errors.Add("name", "name " + problem);
        }

        var u = url?.Trim() ?? string.Empty;
        var isDemo = u.StartsWith("demo:", StringComparison.Ordinal) && u.Length > 5 && u[5..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        if (!isDemo && (u.Length > UrlMaxLength || !Uri.TryCreate(u, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.UserInfo.Length > 0))
        {
            errors.Add("url", "url is an http or https address without a user name or password.");
        }

        return errors;
    }

    public void Update(string name, string url, bool enabled)
    {
        if (!string.Equals(url, Url, StringComparison.Ordinal))
        {
            ETag = null;
            LastModified = null;
        }

        Name = name;
        Url = url;
        Enabled = enabled;
    }

    public void Fetched(string? etag, string? lastModified, int newItems, DateTimeOffset now)
    {
        ETag = Trim(etag, 200);
        LastModified = Trim(lastModified, 100);
        LastFetchedAt = now;
        LastSuccessAt = now;
        LastError = null;
        LastNewItems = newItems;
    }

    /// <summary>A 304: nothing changed since the last good fetch.</summary>
    public void NotModified(DateTimeOffset now)
    {
        LastFetchedAt = now;
        LastSuccessAt = now;
        LastError = null;
        LastNewItems = 0;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        LastFetchedAt = now;
        LastError = Trim(error, ErrorMaxLength);
    }

    private static string? Trim(string? text, int max) => text is null ? null : text.Length > max ? text[..max] : text;
}

/// <summary>
/// A story from a subscribed feed: its title, a plain-text summary, the source and the link to the original. Stored once
/// per jurisdiction: the same story from two outlets (the same canonical link, or the same folded title) shows once.
/// </summary>
internal sealed class MediaItem
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 1000;
    public const int LinkMaxLength = 2000;

    private MediaItem()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = string.Empty;

    public Guid SourceId { get; private set; }

    public string SourceName { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    /// <summary>Plain text: the feed's HTML sanitised down to its words.</summary>
    public string Summary { get; private set; } = string.Empty;

    public string Link { get; private set; } = string.Empty;

    /// <summary>The link without scheme, <c>www.</c>, query of trackers, fragment and trailing slash: one story, one key.</summary>
    public string LinkKey { get; private set; } = string.Empty;

    /// <summary>The folded title: the same story from another outlet has another link but (often) the same headline.</summary>
    public string TitleKey { get; private set; } = string.Empty;

    public string SearchKey { get; private set; } = string.Empty;

    public DateTimeOffset PublishedAt { get; private set; }

    public DateTimeOffset FetchedAt { get; private set; }

    public static MediaItem Create(string jurisdictionCode, FeedSource source, string title, string summary, string link, DateTimeOffset? publishedAt, DateTimeOffset now)
    {
        var t = Cut(title.Trim(), TitleMaxLength);
        var s = Cut(summary.Trim(), SummaryMaxLength);
        return new MediaItem
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = jurisdictionCode,
            SourceId = source.Id,
            SourceName = source.Name,
            Title = t,
            Summary = s,
            Link = link,
            LinkKey = KeyOfLink(link),
            TitleKey = Cut(TextFolding.Fold(t), TitleMaxLength),
            SearchKey = Cut(TextFolding.Fold(t + " " + s), 1000),
            // A feed's future date (a wrong clock or a trick to stay on top) counts as now.
            PublishedAt = publishedAt is { } p && p < now ? p.ToUniversalTime() : now,
            FetchedAt = now,
        };
    }

    public static string KeyOfLink(string link)
    {
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri))
        {
            return Cut(link.Trim().ToLowerInvariant(), LinkMaxLength);
        }

        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("fbclid", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));
        var key = host + uri.AbsolutePath.TrimEnd('/') + (query.Length > 0 ? "?" + query : string.Empty);
        return Cut(key, LinkMaxLength);
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;
}
