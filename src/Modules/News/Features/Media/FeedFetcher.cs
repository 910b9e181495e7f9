using System.Net;
using System.Net.Http.Headers;
using System.Xml;
using CodeHollow.FeedReader;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Articles;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Media;

/// <summary>What one fetch did, as <c>/admin</c> and the fetch-now endpoint show it.</summary>
internal sealed record FetchOutcome(string Status, int NewItems, int Duplicates, string? Error);

/// <summary>
/// Fetches one subscribed feed (ADR 0032): conditional GET with the ETag and Last-Modified of the last good answer, at
/// most <c>MaxFeedBytes</c> read, checked as XML with DTDs ignored (an entity bomb or an external entity is an error, not
/// a parse), parsed by CodeHollow.FeedReader (RSS 0.9x, 1.0/RDF, 2.0, Atom), HTML reduced to text, duplicates across
/// feeds dropped (canonical link, folded headline). Whatever goes wrong is the feed's recorded error; nothing throws
/// out of here but cancellation.
/// </summary>
internal sealed class FeedFetcher(
    NewsDbContext db, IHttpClientFactory clients, IOptions<NewsOptions> options, IOptions<MekongOptions> mekong, TimeProvider clock, ILogger<FeedFetcher> logger)
{
    public const string ClientName = "news-feeds";

    /// <summary>A folded headline of fewer words than this is too common ("Thông báo") to call two stories the same.</summary>
    private const int TitleKeyMinWords = 4;

    public async Task<FetchOutcome> FetchAsync(FeedSource source, CancellationToken cancellationToken)
    {
        FetchOutcome outcome;
        try
        {
            outcome = await FetchCoreAsync(source, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or XmlException or FeedFetchException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException or NullReferenceException)
        {
            var message = e switch
            {
                OperationCanceledException => $"No answer within {options.Value.FetchTimeout.TotalSeconds:0} s.",
                HttpRequestException h => "Could not fetch: " + h.Message,
                XmlException x => "Not well-formed XML: " + x.Message,
                FeedFetchException f => f.Message,
                _ => "Not a feed: " + e.Message,
            };
            source.Failed(message, clock.GetUtcNow());
            logger.LogWarning("Feed {Feed} ({Id}) failed: {Error}", source.Name, source.Id, message);
            outcome = new FetchOutcome("failed", 0, 0, source.LastError);
        }

        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    private async Task<FetchOutcome> FetchCoreAsync(FeedSource source, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFeedBytes;
        byte[] bytes;
        string? etag = null, lastModified = null;
        if (source.Url.StartsWith("demo:", StringComparison.Ordinal))
        {
            if (!mekong.Value.Demo)
            {
                throw new FeedFetchException("A demo: feed is served only by a demo installation (Mekong:Demo).");
            }

            bytes = Demo.DemoFeeds.Read(source.Url[5..]) ?? throw new FeedFetchException($"No demo feed {source.Url[5..]}.");
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.FetchTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
            request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1");
            request.Headers.UserAgent.ParseAdd("Mekong-News/1.0 (+feed reader of the provincial portal)");
            if (source.ETag is { } etagKnown)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etagKnown);
            }

            if (source.LastModified is { } since)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
            }

            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                source.NotModified(clock.GetUtcNow());
                return new FetchOutcome("notModified", 0, 0, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FeedFetchException($"The feed's server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > max)
            {
                throw new FeedFetchException($"The feed is larger than {max:N0} bytes (Mekong:News:MaxFeedBytes).");
            }

            bytes = await ReadBoundedAsync(await response.Content.ReadAsStreamAsync(timeout.Token), max, timeout.Token);
            etag = response.Headers.ETag?.ToString();
            lastModified = response.Content.Headers.LastModified?.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        }

        CheckXml(bytes);
        var feed = FeedReader.ReadFromByteArray(bytes);
        if (feed.Type == FeedType.Unknown)
        {
            throw new FeedFetchException("Not an RSS or Atom feed.");
        }

        var now = clock.GetUtcNow();
        var candidates = new List<MediaItem>();
        var keepFrom = now - options.Value.MediaRetention;
        foreach (var item in feed.Items.Take(options.Value.MaxItemsPerFeed))
        {
            var link = Absolute(source.Url, item.Link ?? (Uri.IsWellFormedUriString(item.Id, UriKind.Absolute) ? item.Id : null));
            var title = MarkdownRenderer.PlainText(item.Title, MediaItem.TitleMaxLength);
            if (link is null || title.Length == 0)
            {
                continue;
            }

            var summary = MarkdownRenderer.PlainText(item.Description ?? item.Content, 600);
            var story = MediaItem.Create(source.JurisdictionCode, source, title, summary, link, Date(item.PublishingDate), now);
            if (story.PublishedAt >= keepFrom || FeedFetchJob.IsDemo(source.Url))
            {
                candidates.Add(story); // an older one would be pruned by the next run and brought back by the next fetch
            }
        }

        var linkKeys = candidates.Select(c => c.LinkKey).Distinct().ToList();
        var titleKeys = candidates.Where(IsDistinctive).Select(c => c.TitleKey).Distinct().ToList();
        var known = await db.MediaItems.AsNoTracking()
            .Where(m => m.JurisdictionCode == source.JurisdictionCode && (linkKeys.Contains(m.LinkKey) || titleKeys.Contains(m.TitleKey)))
            .Select(m => new { m.LinkKey, m.TitleKey })
            .ToListAsync(cancellationToken);
        var seenLinks = known.Select(k => k.LinkKey).ToHashSet(StringComparer.Ordinal);
        var seenTitles = known.Select(k => k.TitleKey).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        var duplicates = 0;
        foreach (var candidate in candidates)
        {
            if (!seenLinks.Add(candidate.LinkKey) || (IsDistinctive(candidate) && !seenTitles.Add(candidate.TitleKey)))
            {
                duplicates++;
                continue;
            }

            db.MediaItems.Add(candidate);
            added++;
        }

        source.Fetched(etag, lastModified, added, now);
        return new FetchOutcome("fetched", added, duplicates, null);
    }

    private static bool IsDistinctive(MediaItem item) => item.TitleKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= TitleKeyMinWords;

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new FeedFetchException($"The feed is larger than {max:N0} bytes (Mekong:News:MaxFeedBytes).");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Well-formed XML, its declared encoding honoured, DTDs skipped: an entity the feed defines itself is an error.</summary>
    private static void CheckXml(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = 64L * 1024 * 1024,
        });
        var dtd = false;
        while (reader.Read())
        {
            dtd |= reader.NodeType == XmlNodeType.DocumentType;
        }

        if (dtd && bytes.AsSpan().IndexOf("<!ENTITY"u8) >= 0)
        {
            throw new FeedFetchException("The feed defines XML entities (a DTD): refused.");
        }
    }

    private static string? Absolute(string feedUrl, string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        // Only a link with a scheme is taken as absolute: on Unix "/tin/3" would otherwise parse as file:///tin/3.
        var text = link.Trim();
        Uri? uri = null;
        bool parsed;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            parsed = Uri.TryCreate(text, UriKind.Absolute, out uri);
        }
        else
        {
            parsed = Uri.TryCreate(feedUrl, UriKind.Absolute, out var baseUri) && Uri.TryCreate(baseUri, text, out uri);
        }

        if (!parsed || uri is null)
        {
            return null;
        }

        return uri.Scheme is "http" or "https" && uri.AbsoluteUri.Length <= MediaItem.LinkMaxLength ? uri.AbsoluteUri : null;
    }

    private static DateTimeOffset? Date(DateTime? value) => value is not { } d ? null
        : d.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : new DateTimeOffset(d.ToUniversalTime());
}

internal sealed class FeedFetchException(string message) : Exception(message);
