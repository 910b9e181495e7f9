using Mekong.Modules.News.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Media;

/// <summary>
/// <c>news.feeds</c>: fetches every enabled feed in turn (one feed's failure is its own recorded error, never the job's),
/// then deletes the stories older than <c>MediaRetention</c> (ADR 0042): the outlets keep the originals.
/// </summary>
internal sealed class FeedFetchJob(NewsDbContext db, FeedFetcher fetcher, IOptions<NewsOptions> options, TimeProvider clock, ILogger<FeedFetchJob> logger) : IPeriodicJob
{
    public const string Name = "news.feeds";

    public static bool IsDemo(string url) => url.StartsWith("demo:", StringComparison.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sources = await db.FeedSources.Where(f => f.Enabled).OrderBy(f => f.Name).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var source in sources)
        {
            added += (await fetcher.FetchAsync(source, cancellationToken)).NewItems;
        }

        var before = clock.GetUtcNow() - options.Value.MediaRetention;
        // The demo's sample files carry fixed dates: their stories stay, or a demo started months later would show none.
        var demo = await db.FeedSources.Where(f => f.Url.StartsWith("demo:")).Select(f => f.Id).ToListAsync(cancellationToken);
        var pruned = await db.MediaItems.Where(m => m.PublishedAt < before && !demo.Contains(m.SourceId)).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Fetched {Feeds} feed(s): {New} new stor(ies); {Pruned} older than {Retention} deleted", sources.Count, added, pruned, options.Value.MediaRetention);
    }
}
