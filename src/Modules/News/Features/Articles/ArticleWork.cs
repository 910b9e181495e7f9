using System.Security.Claims;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.News.Features.Articles;

/// <summary>How a newsroom use case ended: the article, field errors, or refused (not the caller's jurisdiction) or missing.</summary>
internal sealed record ArticleOutcome(ArticleDto? Article, FieldErrors Errors, bool Forbidden = false, bool Missing = false)
{
    public static ArticleOutcome Refused { get; } = new(null, new FieldErrors(), Forbidden: true);

    public static ArticleOutcome NotFound { get; } = new(null, new FieldErrors(), Missing: true);

    public static ArticleOutcome Ok(ArticleDto article) => new(article, new FieldErrors());

    public static ArticleOutcome Invalid(FieldErrors errors) => new(null, errors);
}

/// <summary>
/// The newsroom's use cases, one handler for the API (<see cref="ArticleEndpoints"/>) and the <c>/admin/news</c> screens
/// (ADR 0006, 0042). A rule of the article that says no is a <see cref="DomainException"/> (409 or 400), nothing saved.
/// </summary>
internal sealed class ArticleWork(NewsDbContext db, MarkdownRenderer renderer, TimeProvider clock)
{
    public async Task<PagedList<ArticleDto>?> ListAsync(ClaimsPrincipal actor, string? jurisdiction, string? status, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return null;
        }

        var query = db.Articles.AsNoTracking().Where(a => a.JurisdictionCode == j);
        if (ParseStatus(status) is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(a => a.UpdatedAt).Take(KeysetCursor.MaxLimit).ToListAsync(cancellationToken);
        return new PagedList<ArticleDto>(rows.Select(a => ArticleDto.From(a, now)).ToList(), await query.CountAsync(cancellationToken), null);
    }

    public static ArticleStatus? ParseStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "draft" => ArticleStatus.Draft,
        "inreview" => ArticleStatus.InReview,
        "published" => ArticleStatus.Published,
        _ => null,
    };

    public async Task<ArticleOutcome> GetAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return ArticleOutcome.Refused;
        }

        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken);
        return article is null ? ArticleOutcome.NotFound : ArticleOutcome.Ok(ArticleDto.From(article, clock.GetUtcNow()));
    }

    public async Task<ArticleOutcome> CreateAsync(ClaimsPrincipal actor, string? jurisdiction, ArticleRequest body, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return ArticleOutcome.Refused;
        }

        var (content, errors) = ArticleContent.Validate(body.Category, body.Language, body.Title, body.Summary, body.Body);
        if (content is null)
        {
            return ArticleOutcome.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var article = Article.Draft(j, content, renderer.Render(content.Body), NewsEditors.Id(actor), NewsEditors.Name(actor), now);
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        return ArticleOutcome.Ok(ArticleDto.From(article, now));
    }

    public async Task<ArticleOutcome> EditAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, ArticleRequest body, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is null)
        {
            return ArticleOutcome.Refused;
        }

        var (content, errors) = ArticleContent.Validate(body.Category, body.Language, body.Title, body.Summary, body.Body);
        if (content is null)
        {
            return ArticleOutcome.Invalid(errors);
        }

        return await ChangeAsync(actor, jurisdiction, id, (a, now) => a.Edit(content, renderer.Render(content.Body), now), cancellationToken);
    }

    public Task<ArticleOutcome> SubmitAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, jurisdiction, id, (a, now) => a.SubmitForReview(now), cancellationToken);

    public Task<ArticleOutcome> ApproveAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, ApproveRequest? body, CancellationToken cancellationToken) =>
        ChangeAsync(actor, jurisdiction, id, (a, now) => a.Approve(NewsEditors.Id(actor), body?.PublishAt, body?.ExpiresAt, now), cancellationToken);

    public Task<ArticleOutcome> SendBackAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(actor, jurisdiction, id, (a, now) => a.SendBack(NewsEditors.Id(actor), note ?? string.Empty, now), cancellationToken);

    public Task<ArticleOutcome> UnpublishAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, jurisdiction, id, (a, now) => a.Unpublish(now), cancellationToken);

    public Task<ArticleOutcome> PinAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, bool pinned, CancellationToken cancellationToken) =>
        ChangeAsync(actor, jurisdiction, id, (a, now) => a.Pin(pinned, now), cancellationToken);

    /// <summary>The article of the caller's jurisdiction, tracked, for a use case that is not a plain state change (an image).</summary>
    public async Task<(Article? Article, bool Forbidden)> FindAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return (null, true);
        }

        return (await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken), false);
    }

    public async Task SetImageAsync(Article article, string hash, CancellationToken cancellationToken)
    {
        article.SetImage(hash, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ArticleOutcome> ChangeAsync(
        ClaimsPrincipal actor, string? jurisdiction, Guid id, Action<Article, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var (article, forbidden) = await FindAsync(actor, jurisdiction, id, cancellationToken);
        if (forbidden)
        {
            return ArticleOutcome.Refused;
        }

        if (article is null)
        {
            return ArticleOutcome.NotFound;
        }

        var now = clock.GetUtcNow();
        change(article, now); // a rule that says no throws a DomainException before anything is saved
        await db.SaveChangesAsync(cancellationToken);
        return ArticleOutcome.Ok(ArticleDto.From(article, now));
    }
}
