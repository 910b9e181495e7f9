using System.Security.Claims;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Articles;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.News.Features.Media;

internal sealed record FeedRequest(string? Name, string? Url, bool? Enabled);

internal sealed record FeedDto(Guid Id, string Name, string Url, bool Enabled, DateTimeOffset? LastFetchedAt, DateTimeOffset? LastSuccessAt, string? LastError, int LastNewItems)
{
    public static FeedDto From(FeedSource f) => new(f.Id, f.Name, f.Url, f.Enabled, f.LastFetchedAt, f.LastSuccessAt, f.LastError, f.LastNewItems);
}

/// <summary>The media subscriptions under <c>/api/v1/news/feeds</c> (policy Administrator): list with each feed's last error, add, change, remove, fetch now.</summary>
internal static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/news/feeds").WithTags("News: media feeds").RequireAuthorization(Policies.Administrator);
        group.MapGet(string.Empty, List).WithName("ListNewsFeeds");
        group.MapPost(string.Empty, Create).WithName("CreateNewsFeed");
        group.MapPut("/{id:guid}", Update).WithName("UpdateNewsFeed");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteNewsFeed");
        group.MapPost("/{id:guid}/fetch", Fetch).WithName("FetchNewsFeed");
        return app;
    }

    private static async Task<Results<Ok<PagedList<FeedDto>>, ForbidHttpResult>> List(string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var feeds = await db.FeedSources.AsNoTracking().Where(f => f.JurisdictionCode == j).OrderBy(f => f.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<FeedDto>(feeds.Select(FeedDto.From).ToList(), feeds.Count, null));
    }

    private static async Task<Results<Created<FeedDto>, ValidationProblem, ForbidHttpResult>> Create(
        FeedRequest body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var errors = FeedSource.Check(body.Name, body.Url);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var feed = FeedSource.Create(j, body.Name!.Trim(), body.Url!.Trim(), clock.GetUtcNow());
        if (body.Enabled == false)
        {
            feed.Update(feed.Name, feed.Url, enabled: false);
        }

        db.FeedSources.Add(feed);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/news/feeds/{feed.Id}", FeedDto.From(feed));
    }

    private static async Task<Results<Ok<FeedDto>, ValidationProblem, NotFound<ProblemDetails>, ForbidHttpResult>> Update(
        Guid id, FeedRequest body, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var errors = FeedSource.Check(body.Name, body.Url);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var feed = await db.FeedSources.FirstOrDefaultAsync(f => f.Id == id && f.JurisdictionCode == j, cancellationToken);
        if (feed is null)
        {
            return NotFound(id);
        }

        feed.Update(body.Name!.Trim(), body.Url!.Trim(), body.Enabled ?? feed.Enabled);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(FeedDto.From(feed));
    }

    /// <summary>Removes the subscription; the stories it brought stay (they link to their originals).</summary>
    private static async Task<Results<NoContent, NotFound<ProblemDetails>, ForbidHttpResult>> Delete(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var feed = await db.FeedSources.FirstOrDefaultAsync(f => f.Id == id && f.JurisdictionCode == j, cancellationToken);
        if (feed is null)
        {
            return NotFound(id);
        }

        db.FeedSources.Remove(feed);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<FetchOutcome>, NotFound<ProblemDetails>, ForbidHttpResult>> Fetch(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, NewsDbContext db, FeedFetcher fetcher, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var feed = await db.FeedSources.FirstOrDefaultAsync(f => f.Id == id && f.JurisdictionCode == j, cancellationToken);
        return feed is null ? NotFound(id) : TypedResults.Ok(await fetcher.FetchAsync(feed, cancellationToken));
    }

    private static NotFound<ProblemDetails> NotFound(Guid id) => TypedResults.NotFound(new ProblemDetails
    {
        Type = ProblemTypes.NotFound,
        Title = "Not found",
        Status = StatusCodes.Status404NotFound,
        Detail = $"No feed {id} in your jurisdiction.",
    });
}
