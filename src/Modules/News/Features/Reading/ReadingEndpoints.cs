using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Articles;
using Mekong.Modules.News.Storage;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Files;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Reading;

internal sealed record ArticleSummaryDto(
    string Slug, string Title, string Summary, string Category, string Language, bool Pinned, DateTimeOffset PublishedAt,
    DateTimeOffset? ExpiresAt, string? ImageUrl, string Url)
{
    public static ArticleSummaryDto From(ArticleListItem a) => new(
        a.Slug, a.Title, a.Summary, ArticleContent.Name(a.Category), a.Language, a.Pinned, a.PublishAt, a.ExpiresAt,
        a.ImageHash is null ? null : ArticleDto.ImageUrlOf(a.Id, a.ImageHash), "/news/" + a.Slug);
}

internal sealed record PublicArticleDto(
    string Slug, string Title, string Summary, string Category, string Language, bool Pinned, DateTimeOffset PublishedAt,
    DateTimeOffset? ExpiresAt, string? ImageUrl, string Html, string Url);

internal sealed record MediaItemDto(string Title, string Summary, string Source, string Link, DateTimeOffset PublishedAt);

/// <summary>
/// What anyone may read (anonymous, rate limited as public reads): <c>GET /api/v1/news</c> in the list form, one
/// article, the media stories, the articles' images, and the RSS 2.0 / Atom 1.0 feeds of our own articles.
/// </summary>
internal static class ReadingEndpoints
{
    public static IEndpointRouteBuilder MapReading(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/news").WithTags("News").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead);
        api.MapGet(string.Empty, List).WithName("ListNews");
        api.MapGet("/media", Media).WithName("ListMediaNews");
        api.MapGet("/{slug}", Get).WithName("GetNewsArticle");

        var pages = app.MapGroup("/news").WithTags("News").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead);
        pages.MapGet("/images/{id:guid}/{hash}", Image).WithName("NewsImage");
        pages.MapGet("/feed.rss", (HttpContext http, CancellationToken ct) => OwnFeeds.WriteAsync(http, null, OwnFeeds.Format.Rss, ct)).WithName("NewsRss");
        pages.MapGet("/feed.atom", (HttpContext http, CancellationToken ct) => OwnFeeds.WriteAsync(http, null, OwnFeeds.Format.Atom, ct)).WithName("NewsAtom");
        pages.MapGet("/{category}/feed.rss", (string category, HttpContext http, CancellationToken ct) => OwnFeeds.WriteAsync(http, category, OwnFeeds.Format.Rss, ct)).WithName("NewsCategoryRss");
        pages.MapGet("/{category}/feed.atom", (string category, HttpContext http, CancellationToken ct) => OwnFeeds.WriteAsync(http, category, OwnFeeds.Format.Atom, ct)).WithName("NewsCategoryAtom");
        return app;
    }

    private static async Task<Results<Ok<PagedList<ArticleSummaryDto>>, ValidationProblem>> List(
        string? q, string? category, string? lang, string? jurisdiction, int? limit, string? cursor,
        HttpRequest request, IAdminUnitDirectory directory, NewsReader reader, IOptions<MekongOptions> mekong, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var parsedCategory = string.IsNullOrWhiteSpace(category) ? null : ArticleContent.ParseCategory(category);
        if (!string.IsNullOrWhiteSpace(category) && parsedCategory is null)
        {
            errors.Add("category", "category is announcements, news, warnings or events.");
        }

        var language = string.IsNullOrWhiteSpace(lang) ? null : lang.Trim().ToLowerInvariant();
        if (language is not null && !ArticleContent.Languages.Contains(language))
        {
            errors.Add("lang", "lang is vi or en.");
        }

        var take = limit ?? 20;
        if (take is < 1 or > 100)
        {
            errors.Add("limit", "limit is from 1 to 100.");
        }

        if (!KeysetCursor.TryDecode(cursor, out var after) || (after is not null && NewsReader.ParseKey(after) is null))
        {
            errors.Add("cursor", "cursor is the opaque value of a previous page's next link.");
        }

        if (q?.Length > 200)
        {
            errors.Add("q", "q is at most 200 characters.");
        }

        var code = await PortalJurisdiction.ResolveAsync(jurisdiction, directory, cancellationToken);
        if (code is null)
        {
            errors.Add("jurisdiction", "No such jurisdiction.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var page = await reader.ListAsync(new NewsFilter(code!, q, parsedCategory, language), take, after, cancellationToken);
        var next = page.NextKey is null ? null : KeysetCursor.NextUrl(request, page.NextKey, mekong.Value.PublicBaseUrl);
        return TypedResults.Ok(new PagedList<ArticleSummaryDto>(page.Items.Select(ArticleSummaryDto.From).ToList(), page.Total, next));
    }

    private static async Task<Results<Ok<PublicArticleDto>, ProblemHttpResult>> Get(
        string slug, string? jurisdiction, IAdminUnitDirectory directory, NewsReader reader, CancellationToken cancellationToken)
    {
        var code = await PortalJurisdiction.ResolveAsync(jurisdiction, directory, cancellationToken);
        var a = code is null || slug.Length > Article.SlugMaxLength ? null : await reader.FindVisibleAsync(code, slug, cancellationToken);
        if (a is null)
        {
            return Problem.NotFound("Not found", $"No article {slug}.");
        }

        return TypedResults.Ok(new PublicArticleDto(
            a.Slug, a.Title, a.Summary, ArticleContent.Name(a.Category), a.Language, a.Pinned, a.PublishAt!.Value, a.ExpiresAt,
            a.ImageHash is null ? null : ArticleDto.ImageUrlOf(a.Id, a.ImageHash), a.BodyHtml, "/news/" + a.Slug));
    }

    private static async Task<Results<Ok<PagedList<MediaItemDto>>, ValidationProblem>> Media(
        string? q, string? jurisdiction, int? limit, IAdminUnitDirectory directory, NewsReader reader, CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        var code = await PortalJurisdiction.ResolveAsync(jurisdiction, directory, cancellationToken);
        if (take is < 1 or > 100 || code is null || q?.Length > 200)
        {
            var errors = new FieldErrors();
            if (take is < 1 or > 100)
            {
                errors.Add("limit", "limit is from 1 to 100.");
            }

            if (code is null)
            {
                errors.Add("jurisdiction", "No such jurisdiction.");
            }

            if (q?.Length > 200)
            {
                errors.Add("q", "q is at most 200 characters.");
            }

            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var items = await reader.MediaAsync(code, q, take, cancellationToken);
        return TypedResults.Ok(new PagedList<MediaItemDto>(items.Select(m => new MediaItemDto(m.Title, m.Summary, m.SourceName, m.Link, m.PublishedAt)).ToList(), items.Count, null));
    }

    /// <summary>An article's image: to anyone while the article shows, to editors always (a draft's preview).</summary>
    private static async Task<IResult> Image(
        Guid id, string hash, ClaimsPrincipal user, NewsDbContext db, IFileStore store, IOptions<NewsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        var editor = user.Identity?.IsAuthenticated == true && NewsEditors.IsEditor(user, options.Value.EditorDepartments)
            && article is not null && NewsEditors.JurisdictionOf(user, article.JurisdictionCode) is not null;
        if (article is null || !(article.IsVisibleAt(clock.GetUtcNow()) || editor))
        {
            return Problem.NotFound("File not found", "There is no such file here.");
        }

        return await FileResults.ServeAsync(store, ArticleEndpoints.Owner(id), hash, cancellationToken);
    }
}

/// <summary>The jurisdiction a portal page or public read is about: the one named, else the installation's first.</summary>
internal static class PortalJurisdiction
{
    public static async Task<string?> ResolveAsync(string? requested, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested.Length > 8 ? null : (await directory.FindJurisdictionAsync(requested.Trim(), cancellationToken))?.Code;
        }

        return await directory.ListJurisdictionsAsync(cancellationToken) is [var first, ..] ? first.Code : null;
    }
}
