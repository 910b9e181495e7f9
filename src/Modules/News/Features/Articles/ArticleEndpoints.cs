using System.Security.Claims;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Files;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.News.Features.Articles;

internal sealed record ArticleRequest(string? Category, string? Language, string? Title, string? Summary, string? Body);

internal sealed record ApproveRequest(DateTimeOffset? PublishAt, DateTimeOffset? ExpiresAt);

internal sealed record SendBackRequest(string? Note);

internal sealed record PinRequest(bool Pinned);

internal sealed record ArticleDto(
    Guid Id, string Slug, string Status, string Category, string Language, string Title, string Summary, string Body, string Html,
    string? ImageUrl, bool Pinned, string AuthorName, string? ReviewNote, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishAt, DateTimeOffset? ExpiresAt, bool Visible)
{
    public static ArticleDto From(Article a, DateTimeOffset now) => new(
        a.Id, a.Slug, StatusName(a.Status), ArticleContent.Name(a.Category), a.Language, a.Title, a.Summary, a.Body, a.BodyHtml,
        a.ImageHash is null ? null : ImageUrlOf(a.Id, a.ImageHash), a.Pinned, a.AuthorName, a.ReviewNote, a.CreatedAt, a.UpdatedAt,
        a.PublishAt, a.ExpiresAt, a.IsVisibleAt(now));

    public static string StatusName(ArticleStatus status) => status switch
    {
        ArticleStatus.InReview => "inReview",
        ArticleStatus.Published => "published",
        _ => "draft",
    };

    public static string ImageUrlOf(Guid article, string hash) => $"/news/images/{article:N}/{hash}";
}

internal sealed record ImageDto(string Hash, string Url, string Markdown);

/// <summary>
/// The newsroom under <c>/api/v1/news/articles</c> (policy <see cref="NewsEditors.Policy"/>): drafts, review,
/// publication (now or scheduled), pinning, expiry, images through the platform file store.
/// </summary>
internal static class ArticleEndpoints
{
    public static IEndpointRouteBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/news/articles").WithTags("News: newsroom").RequireAuthorization(NewsEditors.Policy);
        group.MapGet(string.Empty, List).WithName("ListNewsroomArticles");
        group.MapPost(string.Empty, Create).WithName("CreateArticle");
        group.MapGet("/{id:guid}", Get).WithName("GetNewsroomArticle");
        group.MapPut("/{id:guid}", Edit).WithName("EditArticle");
        group.MapPost("/{id:guid}/submit", (Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken ct) =>
            Change(id, jurisdiction, actor, db, clock, (a, now) => a.SubmitForReview(now), ct)).WithName("SubmitArticle");
        group.MapPost("/{id:guid}/approve", (Guid id, ApproveRequest? body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken ct) =>
            Change(id, jurisdiction, actor, db, clock, (a, now) => a.Approve(NewsEditors.Id(actor), body?.PublishAt, body?.ExpiresAt, now), ct)).WithName("ApproveArticle");
        group.MapPost("/{id:guid}/send-back", (Guid id, SendBackRequest? body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken ct) =>
            Change(id, jurisdiction, actor, db, clock, (a, now) => a.SendBack(NewsEditors.Id(actor), body?.Note ?? string.Empty, now), ct)).WithName("SendBackArticle");
        group.MapPost("/{id:guid}/unpublish", (Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken ct) =>
            Change(id, jurisdiction, actor, db, clock, (a, now) => a.Unpublish(now), ct)).WithName("UnpublishArticle");
        group.MapPost("/{id:guid}/pin", (Guid id, PinRequest body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken ct) =>
            Change(id, jurisdiction, actor, db, clock, (a, now) => a.Pin(body.Pinned, now), ct)).WithName("PinArticle");
        group.MapPost("/{id:guid}/images", UploadImage).WithName("UploadArticleImage").DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok<PagedList<ArticleDto>>, ForbidHttpResult>> List(
        string? jurisdiction, string? status, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var query = db.Articles.AsNoTracking().Where(a => a.JurisdictionCode == j);
        var wanted = status?.Trim().ToLowerInvariant() switch
        {
            "draft" => ArticleStatus.Draft,
            "inreview" => ArticleStatus.InReview,
            "published" => (ArticleStatus?)ArticleStatus.Published,
            _ => null,
        };
        if (wanted is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(a => a.UpdatedAt).Take(KeysetCursor.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ArticleDto>(rows.Select(a => ArticleDto.From(a, now)).ToList(), await query.CountAsync(cancellationToken), null));
    }

    private static async Task<Results<Ok<ArticleDto>, NotFound<ProblemDetails>, ForbidHttpResult>> Get(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken);
        return article is null ? NotFound(id) : TypedResults.Ok(ArticleDto.From(article, clock.GetUtcNow()));
    }

    private static async Task<Results<Created<ArticleDto>, ValidationProblem, ForbidHttpResult>> Create(
        ArticleRequest body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, MarkdownRenderer renderer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var (content, errors) = ArticleContent.Validate(body.Category, body.Language, body.Title, body.Summary, body.Body);
        if (content is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var now = clock.GetUtcNow();
        var article = Article.Draft(j, content, renderer.Render(content.Body), NewsEditors.Id(actor), NewsEditors.Name(actor), now);
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/news/articles/{article.Id}", ArticleDto.From(article, now));
    }

    private static async Task<Results<Ok<ArticleDto>, ValidationProblem, NotFound<ProblemDetails>, ForbidHttpResult>> Edit(
        Guid id, ArticleRequest body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, MarkdownRenderer renderer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var (content, errors) = ArticleContent.Validate(body.Category, body.Language, body.Title, body.Summary, body.Body);
        if (content is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        article.Edit(content, renderer.Render(content.Body), now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ArticleDto.From(article, now));
    }

    private static async Task<Results<Ok<ArticleDto>, NotFound<ProblemDetails>, ForbidHttpResult>> Change(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, Action<Article, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        change(article, now); // a rule that says no is a DomainException: a 409 or 400 problem, nothing saved
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ArticleDto.From(article, now));
    }

    /// <summary>
    /// The body is the image itself (<c>image/*</c>), checked by decoding and stripped of metadata by the file store.
    /// <c>?cover=true</c> makes it the article's cover; the answer carries the Markdown to paste into the body.
    /// </summary>
    private static async Task<Results<Ok<ImageDto>, NotFound<ProblemDetails>, ProblemHttpResult, ForbidHttpResult>> UploadImage(
        Guid id, bool? cover, string? jurisdiction, HttpRequest request, ClaimsPrincipal actor, NewsDbContext db, IFileStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == j, cancellationToken);
        if (article is null)
        {
            return NotFound(id);
        }

        var saved = await store.SaveAsync(Owner(article.Id), request.Body, FileKind.Image, cancellationToken);
        if (saved.File is not { } file)
        {
            return FileResults.Rejected(saved.Rejection!);
        }

        var hash = file.Variants.TryGetValue("medium", out var medium) ? medium.Hash : file.Original.Hash;
        if (cover == true)
        {
            article.SetImage(hash, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        var url = ArticleDto.ImageUrlOf(article.Id, hash);
        return TypedResults.Ok(new ImageDto(hash, url, $"![]({url})"));
    }

    public static FileOwner Owner(Guid article) => new("news", article.ToString("N"));

    private static NotFound<ProblemDetails> NotFound(Guid id) => TypedResults.NotFound(new ProblemDetails
    {
        Type = ProblemTypes.NotFound,
        Title = "Not found",
        Status = StatusCodes.Status404NotFound,
        Detail = $"No article {id} in your jurisdiction.",
    });
}
