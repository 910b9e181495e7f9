using System.Text.Json;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// <see cref="INotifications"/>: finds the subscriptions a notice matches and the people they name, and writes one
/// outbox message per e-mail, webhook and in-app notification into the caller's context. Recipients and their
/// languages are fixed here, at the time of the change; a person reached by two subscriptions of one channel gets
/// one message.
/// </summary>
internal sealed class NotificationService(NotificationsDbContext db, IUserDirectory users, IOutbox outbox, TimeProvider clock) : INotifications
{
    public async Task<int> NotifyAsync(DbContext context, Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Notice.IsValidEventType(notice.EventType))
        {
            throw new ArgumentException($"'{notice.EventType}' is not an event type: dotted lower-case words such as 'reports.assigned'.", nameof(notice));
        }

        if (string.IsNullOrWhiteSpace(notice.Title.Vi) || string.IsNullOrWhiteSpace(notice.Title.En))
        {
            throw new ArgumentException("A notice needs a title in Vietnamese and in English.", nameof(notice));
        }

        if (notice.EventId is { Length: 0 or > 100 })
        {
            throw new ArgumentException("A notice's EventId has 1 to 100 characters.", nameof(notice));
        }

        var eventId = notice.EventId ?? Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
        var candidates = await db.Subscriptions.AsNoTracking()
            .Where(s => s.JurisdictionCode == null || s.JurisdictionCode == notice.JurisdictionCode)
            .OrderBy(s => s.Id)
            .ToListAsync(cancellationToken);

        var reached = new HashSet<(Channel, Guid)>();
        string? webhookBody = null;
        var count = 0;
        foreach (var subscription in candidates.Where(s => s.Matches(notice)))
        {
            if (subscription.Channel == Channel.Webhook)
            {
                webhookBody ??= WebhookBody(notice, eventId);
                var messageId = "msg_" + Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
                outbox.Enqueue(context, MessageTypes.Webhook,
                    new WebhookPayload(messageId, subscription.Id, subscription.JurisdictionCode ?? notice.JurisdictionCode, notice.EventType, webhookBody),
                    $"{eventId}:webhook:{subscription.Id:N}");
                count++;
                continue;
            }

            foreach (var user in await RecipientsAsync(subscription, notice, cancellationToken))
            {
                if (!reached.Add((subscription.Channel, user.Id)))
                {
                    continue;
                }

                if (subscription.Channel == Channel.Email)
                {
                    outbox.Enqueue(context, MessageTypes.Email,
                        new EmailPayload($"{eventId}.{user.Id:N}@mekong", subscription.Id, notice.JurisdictionCode, user.Id, user.Email, user.DisplayName,
                            user.PreferredLanguage, notice.EventType, notice.Title, notice.Body, notice.Link),
                        $"{eventId}:email:{user.Id:N}");
                }
                else
                {
                    outbox.Enqueue(context, MessageTypes.InApp,
                        new InAppPayload(user.Id, user.JurisdictionCode, notice.EventType, notice.Title, notice.Body, notice.Link),
                        $"{eventId}:inapp:{user.Id:N}");
                }

                count++;
            }
        }

        foreach (var id in notice.Recipients.Distinct())
        {
            if (await users.FindAsync(id, cancellationToken) is not { } user)
            {
                continue;
            }

            if (reached.Add((Channel.InApp, user.Id)))
            {
                outbox.Enqueue(context, MessageTypes.InApp,
                    new InAppPayload(user.Id, user.JurisdictionCode, notice.EventType, notice.Title, notice.Body, notice.Link),
                    $"{eventId}:inapp:{user.Id:N}");
                count++;
            }

            if (reached.Add((Channel.Email, user.Id)))
            {
                outbox.Enqueue(context, MessageTypes.Email,
                    new EmailPayload($"{eventId}.{user.Id:N}@mekong", Guid.Empty, notice.JurisdictionCode, user.Id, user.Email, user.DisplayName,
                        user.PreferredLanguage, notice.EventType, notice.Title, notice.Body, notice.Link),
                    $"{eventId}:email:{user.Id:N}");
                count++;
            }
        }

        return count;
    }

    /// <summary>The people of the notice's jurisdiction a subscription names; an installation-wide one also reaches installation-wide accounts.</summary>
    private async Task<IReadOnlyList<DirectoryUser>> RecipientsAsync(Subscription subscription, Notice notice, CancellationToken cancellationToken)
    {
        var local = await users.ListAsync(new UserQuery(notice.JurisdictionCode, subscription.Role, subscription.DepartmentCode), cancellationToken);
        if (subscription.JurisdictionCode is not null || notice.JurisdictionCode is null)
        {
            return local;
        }

        var installation = await users.ListAsync(new UserQuery(null, subscription.Role, subscription.DepartmentCode), cancellationToken);
        return [.. local, .. installation];
    }

    /// <summary>The Standard Webhooks payload shape: <c>type</c>, <c>timestamp</c>, <c>data</c>.</summary>
    internal string WebhookBody(Notice notice, string eventId) => JsonSerializer.Serialize(new
    {
        type = notice.EventType,
        timestamp = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        data = new
        {
            id = eventId,
            jurisdiction = notice.JurisdictionCode,
            department = notice.DepartmentCode,
            keys = notice.Keys,
            title = new { vi = notice.Title.Vi, en = notice.Title.En },
            body = new { vi = notice.Body.Vi, en = notice.Body.En },
            link = notice.Link,
            details = notice.Data,
        },
    }, MessageTypes.WebhookJson);
}
