using System.Security.Claims;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Features.ListDeliveries;

internal sealed record DeliveryAttemptResponse(Guid Id, string Channel, Guid? SubscriptionId, string? Jurisdiction, string MessageId, string EventType, string Target,
    int Attempt, string Outcome, int? StatusCode, int DurationMs, string? Error, DateTimeOffset AttemptedAt);

/// <summary><c>GET /api/v1/admin/notifications/deliveries</c>: the newest e-mail and webhook attempts the administrator may see.</summary>
internal static class ListDeliveries
{
    public const int Limit = 200;

    public static async Task<Ok<PagedList<DeliveryAttemptResponse>>> Handle(Guid? subscription, ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var items = await QueryAsync(db, user, subscription, cancellationToken);
        return TypedResults.Ok(new PagedList<DeliveryAttemptResponse>(items, items.Count, null));
    }

    public static async Task<List<DeliveryAttemptResponse>> QueryAsync(NotificationsDbContext db, ClaimsPrincipal? actor, Guid? subscription, CancellationToken cancellationToken)
    {
        var attempts = db.DeliveryAttempts.AsNoTracking();
        if (ActorScope.IsConfined(actor, out var own))
        {
            attempts = attempts.Where(a => a.JurisdictionCode == own && own != null);
        }

        if (subscription is { } id)
        {
            attempts = attempts.Where(a => a.SubscriptionId == id);
        }

        // Ids are version 7 GUIDs: newest first without ordering by a timestamp SQLite cannot sort.
        var rows = await attempts.OrderByDescending(a => a.Id).Take(Limit).ToListAsync(cancellationToken);
        return rows.Select(ToResponse).ToList();
    }

    private static DeliveryAttemptResponse ToResponse(DeliveryAttempt a) => new(a.Id, a.Channel.ToString(), a.SubscriptionId, a.JurisdictionCode, a.MessageId, a.EventType,
        a.Target, a.Attempt, a.Outcome.ToString(), a.StatusCode, a.DurationMs, a.Error, a.AttemptedAt);
}
