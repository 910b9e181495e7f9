using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Notifications.Contracts;
using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Live;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Features.Inbox;

internal sealed record UnreadCountResponse(int Unread);

internal sealed record MarkedResponse(int Marked);

/// <summary>The signed-in user's own notifications: the bell, <c>/notifications</c> and <c>/api/v1/notifications</c>.</summary>
internal sealed class InboxService(NotificationsDbContext db, ILiveChannel live, TimeProvider clock) : INotificationInbox
{
    public const int PageSize = 50;

    public static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && !user.HasClaim(c => c.Type == Mekong.Platform.Auth.MekongClaims.ApiKeyId) ? id : null;

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Inbox.CountAsync(i => i.UserId == userId && i.ReadAt == null, cancellationToken);

    public async Task<IReadOnlyList<InAppNotification>> ListAsync(Guid userId, string language, CancellationToken cancellationToken)
    {
        var rows = await db.Inbox.AsNoTracking().Where(i => i.UserId == userId).OrderByDescending(i => i.Id).Take(PageSize).ToListAsync(cancellationToken);
        var english = language == "en";
        return rows.Select(i => new InAppNotification(i.Id, i.EventType, english ? i.TitleEn : i.TitleVi, english ? i.BodyEn : i.BodyVi, i.Link, i.CreatedAt, i.ReadAt)).ToList();
    }

    /// <summary>Marks one notification (or, with no id, all) of the user read; returns how many changed.</summary>
    public async Task<int> MarkReadAsync(Guid userId, Guid? id, CancellationToken cancellationToken)
    {
        var query = db.Inbox.Where(i => i.UserId == userId && i.ReadAt == null);
        if (id is { } one)
        {
            query = query.Where(i => i.Id == one);
        }

        var items = await query.ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            item.MarkRead(clock);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (items.Count > 0)
        {
            // The user's other tabs update their bell too.
            await Bell.NudgeAsync(live, userId, cancellationToken);
        }

        return items.Count;
    }

    public Task<bool> ExistsAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        db.Inbox.AnyAsync(i => i.UserId == userId && i.Id == id, cancellationToken);
}

internal static class InboxEndpoints
{
    private static ProblemHttpResult NoInbox() => TypedResults.Problem(type: ProblemTypes.NotFound, title: "No notifications", statusCode: StatusCodes.Status404NotFound,
        detail: "Only a signed-in user has in-app notifications; API keys do not.");

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";

    public static async Task<Results<Ok<PagedList<InAppNotification>>, ProblemHttpResult>> List(ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken)
    {
        if (InboxService.UserId(user) is not { } id)
        {
            return NoInbox();
        }

        var items = await inbox.ListAsync(id, Language, cancellationToken);
        return TypedResults.Ok(new PagedList<InAppNotification>(items, items.Count, null));
    }

    public static async Task<Results<Ok<UnreadCountResponse>, ProblemHttpResult>> UnreadCount(ClaimsPrincipal user, InboxService inbox, HttpContext http, CancellationToken cancellationToken)
    {
        if (InboxService.UserId(user) is not { } id)
        {
            return NoInbox();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new UnreadCountResponse(await inbox.UnreadCountAsync(id, cancellationToken)));
    }

    public static async Task<Results<Ok<MarkedResponse>, ProblemHttpResult>> MarkRead(Guid id, ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken)
    {
        if (InboxService.UserId(user) is not { } userId)
        {
            return NoInbox();
        }

        if (!await inbox.ExistsAsync(userId, id, cancellationToken))
        {
            return Problem.NotFound("Notification not found", $"You have no notification '{id}'.");
        }

        return TypedResults.Ok(new MarkedResponse(await inbox.MarkReadAsync(userId, id, cancellationToken)));
    }

    public static async Task<Results<Ok<MarkedResponse>, ProblemHttpResult>> MarkAllRead(ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken) =>
        InboxService.UserId(user) is { } userId
            ? TypedResults.Ok(new MarkedResponse(await inbox.MarkReadAsync(userId, null, cancellationToken)))
            : NoInbox();
}
