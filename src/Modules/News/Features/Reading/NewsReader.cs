using System.Globalization;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.News.Features.Reading;

/// <summary>What residents may read: a jurisdiction's articles that show now, filtered and searched.</summary>
internal sealed record NewsFilter(string JurisdictionCode, string? Q, ArticleCategory? Category, string? Language);

internal sealed record ArticleListItem(
    Guid Id, string Slug, string Title, string Summary, ArticleCategory Category, string Language, bool Pinned,
    DateTimeOffset PublishAt, DateTimeOffset? ExpiresAt, string? ImageHash);

internal sealed record NewsPage(IReadOnlyList<ArticleListItem> Items, int Total, string? NextKey);

/// <summary>
/// The one read path of the portal page, <c>GET /api/v1/news</c> and the feeds: published, due (scheduled time reached)
/// and not expired at the clock's now; pinned first, then newest; keyset paging on (pinned, publish time, slug).
/// </summary>
internal sealed class NewsReader(NewsDbContext db, TimeProvider clock)
{
    public async Task<NewsPage> ListAsync(NewsFilter filter, int take, string? after, CancellationToken cancellationToken)
    {
        var query = Visible(filter);
        var total = await query.CountAsync(cancellationToken);
        if (after is not null && ParseKey(after) is { } key)
        {
            var (pinned, at, slug) = key;
            query = pinned
                ? query.Where(a => !a.Pinned || (a.PublishAt < at || (a.PublishAt == at && string.Compare(a.Slug, slug) < 0)))
                : query.Where(a => !a.Pinned && (a.PublishAt < at || (a.PublishAt == at && string.Compare(a.Slug, slug) < 0)));
        }

        var rows = await query
            .OrderByDescending(a => a.Pinned).ThenByDescending(a => a.PublishAt).ThenByDescending(a => a.Slug)
            .Take(take + 1)
            .Select(a => new ArticleListItem(a.Id, a.Slug, a.Title, a.Summary, a.Category, a.Language, a.Pinned, a.PublishAt!.Value, a.ExpiresAt, a.ImageHash))
            .ToListAsync(cancellationToken);
        var next = rows.Count > take ? Key(rows[take - 1]) : null;
        return new NewsPage(rows.Take(take).ToList(), total, next);
    }

    public Task<Article?> FindVisibleAsync(string jurisdictionCode, string slug, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Articles.AsNoTracking().FirstOrDefaultAsync(
            a => a.JurisdictionCode == jurisdictionCode && a.Slug == slug && a.Status == ArticleStatus.Published
                 && a.PublishAt <= now && (a.ExpiresAt == null || a.ExpiresAt > now),
            cancellationToken);
    }

    /// <summary>The newest articles with their bodies, for the feeds.</summary>
    public Task<List<Article>> NewestAsync(NewsFilter filter, int take, CancellationToken cancellationToken) =>
        Visible(filter).OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Slug).Take(take).ToListAsync(cancellationToken);

    /// <summary>The newest media stories of the jurisdiction, duplicates already merged when they were stored.</summary>
    public Task<List<MediaItem>> MediaAsync(string jurisdictionCode, string? q, int take, CancellationToken cancellationToken)
    {
        var query = db.MediaItems.AsNoTracking().Where(m => m.JurisdictionCode == jurisdictionCode);
        foreach (var word in Words(q))
        {
            query = query.Where(m => m.SearchKey.Contains(word));
        }

        return query.OrderByDescending(m => m.PublishedAt).Take(take).ToListAsync(cancellationToken);
    }

    private IQueryable<Article> Visible(NewsFilter filter)
    {
        var now = clock.GetUtcNow();
        var query = db.Articles.AsNoTracking().Where(a => a.JurisdictionCode == filter.JurisdictionCode && a.Status == ArticleStatus.Published
            && a.PublishAt <= now && (a.ExpiresAt == null || a.ExpiresAt > now));
        if (filter.Category is { } category)
        {
            query = query.Where(a => a.Category == category);
        }

        if (filter.Language is { } language)
        {
            query = query.Where(a => a.Language == language);
        }

        foreach (var word in Words(filter.Q))
        {
            query = query.Where(a => a.SearchKey.Contains(word));
        }

        return query;
    }

    /// <summary>Every word of the query must occur, diacritics ignored ("bao lu" finds "Bão lũ").</summary>
    private static IEnumerable<string> Words(string? q) =>
        TextFolding.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Take(10);

    private static string Key(ArticleListItem a) =>
        string.Create(CultureInfo.InvariantCulture, $"{(a.Pinned ? 1 : 0)}|{a.PublishAt.UtcTicks}|{a.Slug}");

    /// <summary>The decoded cursor, or null when it is not one of ours (the endpoint reports it).</summary>
    public static (bool Pinned, DateTimeOffset At, string Slug)? ParseKey(string key)
    {
        var parts = key.Split('|', 3);
        return parts.Length == 3 && parts[0] is "0" or "1"
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? (parts[0] == "1", new DateTimeOffset(ticks, TimeSpan.Zero), parts[2])
            : null;
    }
}
