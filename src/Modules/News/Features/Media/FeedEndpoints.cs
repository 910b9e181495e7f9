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

/// <summary>How a feed use case ended (as <see cref="Articles.ArticleOutcome"/>).</summary>
internal sealed record FeedOutcome(FeedDto? Feed, FieldErrors Errors, bool Forbidden = false, bool Missing = false);

/// <summary>The media subscriptions' use cases: one handler for the API and the <c>/admin/news/feeds</c> screen (ADR 0042).</summary>
internal sealed class FeedWork(NewsDbContext db, FeedFetcher fetcher, TimeProvider clock)
{
    public async Task<IReadOnlyList<FeedDto>?> ListAsync(ClaimsPrincipal actor, string? jurisdiction, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return null;
        }

        var feeds = await db.FeedSources.AsNoTracking().Where(f => f.JurisdictionCode == j).OrderBy(f => f.Name).ToListAsync(cancellationToken);
        return feeds.Select(FeedDto.From).ToList();
    }

    public async Task<FeedOutcome> CreateAsync(ClaimsPrincipal actor, string? jurisdiction, FeedRequest body, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return new FeedOutcome(null, new FieldErrors(), Forbidden: true);
        }

        var errors = FeedSource.Check(body.Name, body.Url);
        if (!errors.IsEmpty)
        {
            return new FeedOutcome(null, errors);
        }

        var feed = FeedSource.Create(j, body.Name!.Trim(), body.Url!.Trim(), clock.GetUtcNow());
        if (body.Enabled == false)
        {
            feed.Update(feed.Name, feed.Url, enabled: false);
        }

        db.FeedSources.Add(feed);
        await db.SaveChangesAsync(cancellationToken);
        return new FeedOutcome(FeedDto.From(feed), errors);
    }

    public async Task<FeedOutcome> UpdateAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, FeedRequest body, CancellationToken cancellationToken)
    {
        var (feed, outcome) = await FindAsync(actor, jurisdiction, id, cancellationToken);
        if (feed is null)
        {
            return outcome!;
        }

        var errors = FeedSource.Check(body.Name, body.Url);
        if (!errors.IsEmpty)
        {
            return new FeedOutcome(null, errors);
        }

        feed.Update(body.Name!.Trim(), body.Url!.Trim(), body.Enabled ?? feed.Enabled);
        await db.SaveChangesAsync(cancellationToken);
        return new FeedOutcome(FeedDto.From(feed), errors);
    }

    /// <summary>Removes the subscription; the stories it brought stay (they link to their originals) until the retention prunes them.</summary>
    public async Task<FeedOutcome> DeleteAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        var (feed, outcome) = await FindAsync(actor, jurisdiction, id, cancellationToken);
        if (feed is null)
        {
            return outcome!;
        }

        db.FeedSources.Remove(feed);
        await db.SaveChangesAsync(cancellationToken);
        return new FeedOutcome(FeedDto.From(feed), new FieldErrors());
    }

    public async Task<(FetchOutcome? Fetched, FeedOutcome? Refused)> FetchAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        var (feed, outcome) = await FindAsync(actor, jurisdiction, id, cancellationToken);
        return feed is null ? (null, outcome) : (await fetcher.FetchAsync(feed, cancellationToken), null);
    }

    private async Task<(FeedSource? Feed, FeedOutcome? Refused)> FindAsync(ClaimsPrincipal actor, string? jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        if (NewsEditors.JurisdictionOf(actor, jurisdiction) is not { } j)
        {
            return (null, new FeedOutcome(null, new FieldErrors(), Forbidden: true));
        }

        var feed = await db.FeedSources.FirstOrDefaultAsync(f => f.Id == id && f.JurisdictionCode == j, cancellationToken);
        return feed is null ? (null, new FeedOutcome(null, new FieldErrors(), Missing: true)) : (feed, null);
    }
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

    private static async Task<Results<Ok<PagedList<FeedDto>>, ForbidHttpResult>> List(string? jurisdiction, ClaimsPrincipal actor, FeedWork work, CancellationToken cancellationToken) =>
        await work.ListAsync(actor, jurisdiction, cancellationToken) is { } feeds ? TypedResults.Ok(new PagedList<FeedDto>(feeds, feeds.Count, null)) : TypedResults.Forbid();

    private static async Task<Results<Created<FeedDto>, ValidationProblem, ForbidHttpResult>> Create(
        FeedRequest body, string? jurisdiction, ClaimsPrincipal actor, FeedWork work, CancellationToken cancellationToken)
    {
        var outcome = await work.CreateAsync(actor, jurisdiction, body, cancellationToken);
        return outcome switch
        {
            { Feed: { } f } => TypedResults.Created($"/api/v1/news/feeds/{f.Id}", f),
            { Forbidden: true } => TypedResults.Forbid(),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation),
        };
    }

    private static async Task<Results<Ok<FeedDto>, ValidationProblem, NotFound<ProblemDetails>, ForbidHttpResult>> Update(
        Guid id, FeedRequest body, string? jurisdiction, ClaimsPrincipal actor, FeedWork work, CancellationToken cancellationToken)
    {
        var outcome = await work.UpdateAsync(actor, jurisdiction, id, body, cancellationToken);
        return outcome switch
        {
            { Feed: { } f } => TypedResults.Ok(f),
            { Forbidden: true } => TypedResults.Forbid(),
            { Missing: true } => NotFound(id),
            _ => TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation),
        };
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>, ForbidHttpResult>> Delete(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, FeedWork work, CancellationToken cancellationToken)
    {
        var outcome = await work.DeleteAsync(actor, jurisdiction, id, cancellationToken);
        return outcome switch
        {
            { Feed: not null } => TypedResults.NoContent(),
            { Forbidden: true } => TypedResults.Forbid(),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<FetchOutcome>, NotFound<ProblemDetails>, ForbidHttpResult>> Fetch(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, FeedWork work, CancellationToken cancellationToken)
    {
        var (fetched, refused) = await work.FetchAsync(actor, jurisdiction, id, cancellationToken);
        return fetched is not null ? TypedResults.Ok(fetched) : refused!.Forbidden ? TypedResults.Forbid() : NotFound(id);
    }

    private static NotFound<ProblemDetails> NotFound(Guid id) => TypedResults.NotFound(new ProblemDetails
    {
        Type = ProblemTypes.NotFound,
        Title = "Not found",
        Status = StatusCodes.Status404NotFound,
        Detail = $"No feed {id} in your jurisdiction.",
    });
}
