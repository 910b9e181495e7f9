using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Reading;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.News.Features.Notices;

internal sealed record FollowingRequest(IReadOnlyList<string?>? Categories);

internal sealed record FollowingDto(string Jurisdiction, IReadOnlyList<string> Categories);

/// <summary>
/// Which categories a signed-in account follows (ADR 0042): one handler for the API and the portal's news page. The
/// jurisdiction is the account's own, or the portal's for an installation-wide account.
/// </summary>
internal sealed class FollowCategories(NewsDbContext db, IAdminUnitDirectory directory, TimeProvider clock)
{
    /// <summary>The account's id, or null when the caller is not a person (an API key).</summary>
    public static Guid? UserOf(ClaimsPrincipal actor) =>
        actor.FindFirstValue(MekongClaims.ApiKeyId) is null && Guid.TryParse(actor.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<FollowingDto?> GetAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (UserOf(actor) is not { } user || await JurisdictionAsync(actor, cancellationToken) is not { } jurisdiction)
        {
            return null;
        }

        return new FollowingDto(jurisdiction, await CategoriesAsync(jurisdiction, user, cancellationToken));
    }

    /// <summary>Follows exactly <paramref name="categories"/> (an empty list follows none); field errors for unknown names.</summary>
    public async Task<(FollowingDto? Following, FieldErrors Errors)> SetAsync(ClaimsPrincipal actor, IReadOnlyList<string?> categories, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var wanted = new HashSet<ArticleCategory>();
        if (categories.Count > 10)
        {
            return (null, errors.Add("categories", "categories lists at most the four categories."));
        }

        for (var i = 0; i < categories.Count; i++)
        {
            if (ArticleContent.ParseCategory(categories[i]) is { } c)
            {
                wanted.Add(c);
            }
            else
            {
                errors.Add($"categories[{i}]", "A category is announcements, news, warnings or events.");
            }
        }

        if (!errors.IsEmpty || UserOf(actor) is not { } user || await JurisdictionAsync(actor, cancellationToken) is not { } jurisdiction)
        {
            return (null, errors);
        }

        var rows = await db.Followers.Where(f => f.JurisdictionCode == jurisdiction && f.UserId == user).ToListAsync(cancellationToken);
        db.Followers.RemoveRange(rows.Where(r => !wanted.Contains(r.Category)));
        var now = clock.GetUtcNow();
        foreach (var category in wanted.Where(c => rows.All(r => r.Category != c)))
        {
            db.Followers.Add(CategoryFollower.Create(jurisdiction, user, category, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two requests of the same account at once: the unique index kept one row per category; read what is there.
            db.ChangeTracker.Clear();
        }

        return (new FollowingDto(jurisdiction, await CategoriesAsync(jurisdiction, user, cancellationToken)), errors);
    }

    public async Task<(FollowingDto? Following, FieldErrors Errors)> ChangeAsync(ClaimsPrincipal actor, string category, bool follow, CancellationToken cancellationToken)
    {
        if (ArticleContent.ParseCategory(category) is not { } parsed)
        {
            return (null, new FieldErrors().Add("category", "A category is announcements, news, warnings or events."));
        }

        if (await GetAsync(actor, cancellationToken) is not { } current)
        {
            return (null, new FieldErrors());
        }

        var name = ArticleContent.Name(parsed);
        var next = follow ? current.Categories.Append(name).Distinct() : current.Categories.Where(c => c != name);
        return await SetAsync(actor, next.ToList<string?>(), cancellationToken);
    }

    private async Task<IReadOnlyList<string>> CategoriesAsync(string jurisdiction, Guid user, CancellationToken cancellationToken) =>
        (await db.Followers.AsNoTracking().Where(f => f.JurisdictionCode == jurisdiction && f.UserId == user).Select(f => f.Category).ToListAsync(cancellationToken))
            .Order().Select(ArticleContent.Name).ToList();

    private Task<string?> JurisdictionAsync(ClaimsPrincipal actor, CancellationToken cancellationToken) =>
        PortalJurisdiction.ResolveAsync(ActorScope.JurisdictionOf(actor), directory, cancellationToken);
}

/// <summary><c>/api/v1/news/following</c> (any signed-in account, policy Viewer): the categories whose new articles reach the caller.</summary>
internal static class FollowingEndpoints
{
    public static IEndpointRouteBuilder MapFollowing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/news/following").WithTags("News: following").RequireAuthorization(Policies.Viewer);
        group.MapGet(string.Empty, Get).WithName("GetNewsFollowing");
        group.MapPut(string.Empty, Set).WithName("SetNewsFollowing");
        group.MapPut("/{category}", (string category, ClaimsPrincipal actor, FollowCategories handler, CancellationToken ct) => Change(category, true, actor, handler, ct)).WithName("FollowNewsCategory");
        group.MapDelete("/{category}", (string category, ClaimsPrincipal actor, FollowCategories handler, CancellationToken ct) => Change(category, false, actor, handler, ct)).WithName("UnfollowNewsCategory");
        return app;
    }

    private static async Task<Results<Ok<FollowingDto>, ForbidHttpResult>> Get(ClaimsPrincipal actor, FollowCategories handler, CancellationToken cancellationToken) =>
        await handler.GetAsync(actor, cancellationToken) is { } following ? TypedResults.Ok(following) : TypedResults.Forbid();

    private static async Task<Results<Ok<FollowingDto>, ValidationProblem, ForbidHttpResult>> Set(
        FollowingRequest body, ClaimsPrincipal actor, FollowCategories handler, CancellationToken cancellationToken)
    {
        if (body.Categories is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["categories"] = ["categories is a list (empty to follow none)."] }, type: ProblemTypes.Validation);
        }

        return Outcome(await handler.SetAsync(actor, body.Categories, cancellationToken));
    }

    private static async Task<Results<Ok<FollowingDto>, ValidationProblem, ForbidHttpResult>> Change(
        string category, bool follow, ClaimsPrincipal actor, FollowCategories handler, CancellationToken cancellationToken) =>
        Outcome(await handler.ChangeAsync(actor, category, follow, cancellationToken));

    private static Results<Ok<FollowingDto>, ValidationProblem, ForbidHttpResult> Outcome((FollowingDto? Following, FieldErrors Errors) result) =>
        result.Following is { } following ? TypedResults.Ok(following)
        : !result.Errors.IsEmpty ? TypedResults.ValidationProblem(result.Errors.ToDictionary(), type: ProblemTypes.Validation)
        : TypedResults.Forbid();
}
