using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Jobs;
using Mekong.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Notices;

/// <summary>
/// <c>news.notices</c> (ADR 0042): tells the followers of a category about each of its articles once it shows, a scheduled
/// one when its time comes. An article is claimed by setting its <c>Announced</c> flag with a conditional update in the
/// same transaction as the notices written to the module's outbox: one node wins, a crash before the commit leaves
/// neither, so every follower gets one notice per article across restarts and nodes. An article that has shown for
/// longer than <c>NoticeMaxAge</c> (a server that was down for days, an old article brought back) is marked without
/// notices: it is no longer news.
/// </summary>
internal sealed class ArticleNoticeJob(
    NewsDbContext db, INotifications notifications, IOptions<NewsOptions> options, TimeProvider clock, ILogger<ArticleNoticeJob> logger) : IPeriodicJob
{
    public const string Name = "news.notices";
    public const string EventType = "news.published";

    /// <summary>Articles handled per run; the rest wait for the next one.</summary>
    private const int Batch = 50;

    public static readonly DirectNoticeKind Kind = new(
        EventType, new LocalizedText("Người dân theo dõi chuyên mục tin", "Residents who follow the news category"),
        new LocalizedText("E-mail, chuông thông báo", "E-mail, bell"), "Features/Notices/ArticleNoticeJob.cs");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = now - options.Value.NoticeMaxAge;
        var due = await db.Articles.AsNoTracking()
            .Where(a => !a.Announced && a.Status == ArticleStatus.Published && a.PublishAt <= now && (a.ExpiresAt == null || a.ExpiresAt > now))
            .OrderBy(a => a.PublishAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        var told = 0;
        foreach (var article in due)
        {
            told += await AnnounceAsync(article, article.PublishAt < stale, cancellationToken);
        }

        if (due.Count > 0)
        {
            logger.LogInformation("Announced {Articles} article(s): {Notices} notice(s)", due.Count, told);
        }
    }

    private async Task<int> AnnounceAsync(Article article, bool stale, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Articles
            .Where(a => a.Id == article.Id && !a.Announced && a.Status == ArticleStatus.Published)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Announced, true), cancellationToken);
        if (claimed == 0)
        {
            return 0; // another node, or an editor took it back meanwhile
        }

        var followers = stale
            ? []
            : await db.Followers.AsNoTracking()
                .Where(f => f.JurisdictionCode == article.JurisdictionCode && f.Category == article.Category)
                .OrderBy(f => f.UserId)
                .Select(f => f.UserId)
                .ToListAsync(cancellationToken);
        var count = 0;
        if (!stale)
        {
            // Followers by name (bell and e-mail in their language), and whoever subscribed to news.published on /admin/notifications.
            count = await notifications.NotifyAsync(db, NoticeFor(article) with { Recipients = followers }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public static Notice NoticeFor(Article article)
    {
        var category = ArticleContent.Name(article.Category);
        var (vi, en) = CategoryNames(article.Category);
        var summary = article.Summary.Length > 0 ? article.Summary + "\n\n" : string.Empty;
        return new Notice(
            EventType,
            article.JurisdictionCode,
            new LocalizedText($"[{vi}] {article.Title}", $"[{en}] {article.Title}"),
            new LocalizedText(
                summary + "Bạn nhận thư này vì đã theo dõi chuyên mục " + vi.ToLowerInvariant() + "; ngừng theo dõi trên trang Tin tức.",
                summary + "You receive this because you follow " + en.ToLowerInvariant() + "; stop on the News page."))
        {
            EventId = $"news.{article.Id:N}",
            Link = "/news/" + article.Slug,
            Keys = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = category, ["language"] = article.Language },
            Data = new { id = article.Id, slug = article.Slug, category, language = article.Language, title = article.Title, publishAt = article.PublishAt },
        };
    }

    public static (string Vi, string En) CategoryNames(ArticleCategory category) => category switch
    {
        ArticleCategory.Announcements => ("Thông báo", "Announcements"),
        ArticleCategory.Warnings => ("Cảnh báo", "Warnings"),
        ArticleCategory.Events => ("Sự kiện", "Events"),
        _ => ("Tin tức", "News"),
    };
}
