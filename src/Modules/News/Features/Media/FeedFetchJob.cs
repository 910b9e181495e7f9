using Mekong.Modules.News.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.News.Features.Media;

/// <summary><c>news.feeds</c>: fetches every enabled feed in turn; one feed's failure is its own recorded error, never the job's.</summary>
internal sealed class FeedFetchJob(NewsDbContext db, FeedFetcher fetcher, ILogger<FeedFetchJob> logger) : IPeriodicJob
{
    public const string Name = "news.feeds";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sources = await db.FeedSources.Where(f => f.Enabled).OrderBy(f => f.Name).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var source in sources)
        {
            added += (await fetcher.FetchAsync(source, cancellationToken)).NewItems;
        }

        logger.LogInformation("Fetched {Feeds} feed(s): {New} new stor(ies)", sources.Count, added);
    }
}
