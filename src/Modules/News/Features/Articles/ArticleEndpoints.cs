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
        group.MapGet("/{id:guid}", (Guid id, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.GetAsync(actor, jurisdiction, id, ct))).WithName("GetNewsroomArticle");
        group.MapPut("/{id:guid}", (Guid id, ArticleRequest body, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.EditAsync(actor, jurisdiction, id, body, ct))).WithName("EditArticle");
        group.MapPost("/{id:guid}/submit", (Guid id, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.SubmitAsync(actor, jurisdiction, id, ct))).WithName("SubmitArticle");
        group.MapPost("/{id:guid}/approve", (Guid id, ApproveRequest? body, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.ApproveAsync(actor, jurisdiction, id, body, ct))).WithName("ApproveArticle");
        group.MapPost("/{id:guid}/send-back", (Guid id, SendBackRequest? body, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.SendBackAsync(actor, jurisdiction, id, body?.Note, ct))).WithName("SendBackArticle");
        group.MapPost("/{id:guid}/unpublish", (Guid id, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.UnpublishAsync(actor, jurisdiction, id, ct))).WithName("UnpublishArticle");
        group.MapPost("/{id:guid}/pin", (Guid id, PinRequest body, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken ct) =>
            Answer(work.PinAsync(actor, jurisdiction, id, body.Pinned, ct))).WithName("PinArticle");
        group.MapPost("/{id:guid}/images", UploadImage).WithName("UploadArticleImage").DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok<PagedList<ArticleDto>>, ForbidHttpResult>> List(
        string? jurisdiction, string? status, ClaimsPrincipal actor, ArticleWork work, CancellationToken cancellationToken) =>
        await work.ListAsync(actor, jurisdiction, status, cancellationToken) is { } page ? TypedResults.Ok(page) : TypedResults.Forbid();

    private static async Task<Results<Created<ArticleDto>, ValidationProblem, ForbidHttpResult>> Create(
        ArticleRequest body, string? jurisdiction, ClaimsPrincipal actor, ArticleWork work, CancellationToken cancellationToken)
    {
        var outcome = await work.CreateAsync(actor, jurisdiction, body, cancellationToken);
        return outcome switch
        {
            { Article: { } a } => TypedResults.Created($"/api/v1/news/articles/{a.Id}", a),
            { Forbidden: true } => TypedResults.Forbid(),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation),
        };
    }

    private static async Task<Results<Ok<ArticleDto>, ValidationProblem, NotFound<ProblemDetails>, ForbidHttpResult>> Answer(Task<ArticleOutcome> work)
    {
        var outcome = await work;
        return outcome switch
        {
            { Article: { } a } => TypedResults.Ok(a),
            { Forbidden: true } => TypedResults.Forbid(),
            { Missing: true } => TypedResults.NotFound(new ProblemDetails
            {
                Type = ProblemTypes.NotFound,
                Title = "Not found",
                Status = StatusCodes.Status404NotFound,
                Detail = "No such article in your jurisdiction.",
            }),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation),
        };
    }

    /// <summary>
    /// The body is the image itself (<c>image/*</c>), checked by decoding and stripped of metadata by the file store.
    /// <c>?cover=true</c> makes it the article's cover; the answer carries the Markdown to paste into the body.
    /// </summary>
    private static async Task<Results<Ok<ImageDto>, NotFound<ProblemDetails>, ProblemHttpResult, ForbidHttpResult>> UploadImage(
        Guid id, bool? cover, string? jurisdiction, HttpRequest request, ClaimsPrincipal actor, ArticleWork work, IFileStore store, CancellationToken cancellationToken)
    {
        var (article, forbidden) = await work.FindAsync(actor, jurisdiction, id, cancellationToken);
        if (forbidden)
        {
            return TypedResults.Forbid();
        }

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
            await work.SetImageAsync(article, hash, cancellationToken);
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
