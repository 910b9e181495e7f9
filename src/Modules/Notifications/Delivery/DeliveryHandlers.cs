using MailKit.Net.Smtp;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Configuration;
using Mekong.Platform.Live;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>Delivers <c>notify.email</c>: renders the template in the recipient's language and sends it; logs every attempt.</summary>
internal sealed partial class EmailDeliveryHandler(
    EmailSender sender, IOptions<SmtpOptions> smtp, IOptions<MekongOptions> mekong, NotificationsDbContext db, TimeProvider clock, ILogger<EmailDeliveryHandler> logger)
    : IOutboxHandler
{
    public string MessageType => MessageTypes.Email;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = MessageTypes.Read<EmailPayload>(envelope.PayloadJson);
        // One scope serves a whole batch: what an earlier delivery left tracked (a failed save) must not ride along.
        db.ChangeTracker.Clear();
        var started = clock.GetTimestamp();
        if (!smtp.Value.IsConfigured)
        {
            await LogAsync(payload, envelope, DeliveryOutcome.Rejected, null, started, $"E-mail is not configured ({SmtpOptions.Section}:Host).", cancellationToken);
            throw new PermanentDeliveryException($"E-mail is not configured: set {SmtpOptions.Section}:Host, then retry this message from the outbox screen.");
        }

        try
        {
            var message = EmailTemplates.Compose(sender.From, new MailboxAddress(payload.DisplayName, payload.Email), payload.MessageId, payload.Language,
                payload.Title.In(payload.Language), payload.Body.In(payload.Language), Links.Absolute(mekong.Value, payload.Link), payload.EventType);
            await sender.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500 && ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            // The server will never take this address: trying again only repeats the refusal.
            await LogAsync(payload, envelope, DeliveryOutcome.Rejected, (int)ex.StatusCode, started, ex.Message, cancellationToken);
            throw new PermanentDeliveryException($"The mail server refused the recipient: {(int)ex.StatusCode} {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var code = ex is SmtpCommandException command ? (int?)command.StatusCode : null;
            await LogAsync(payload, envelope, DeliveryOutcome.Failed, code, started, ex.Message, cancellationToken);
            LogFailed(logger, payload.MessageId, envelope.Attempt, ex.Message);
            throw;
        }

        await LogAsync(payload, envelope, DeliveryOutcome.Delivered, 250, started, null, cancellationToken);
    }

    private async Task LogAsync(EmailPayload payload, OutboxEnvelope envelope, DeliveryOutcome outcome, int? code, long started, string? error, CancellationToken cancellationToken)
    {
        db.DeliveryAttempts.Add(DeliveryAttempt.Record(Channel.Email, payload.SubscriptionId, payload.JurisdictionCode, payload.MessageId, payload.EventType, payload.Email,
            envelope.Attempt, outcome, code, clock.GetElapsedTime(started), error, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "E-mail {MessageId} failed on attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, int attempt, string error);
}

/// <summary>Delivers <c>notify.webhook</c>: signs and posts the fixed body to the subscription's URL; logs every attempt.</summary>
internal sealed class WebhookDeliveryHandler(WebhookSender sender, IWebhookSecretProtector secrets, NotificationsDbContext db, TimeProvider clock) : IOutboxHandler
{
    public string MessageType => MessageTypes.Webhook;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = MessageTypes.Read<WebhookPayload>(envelope.PayloadJson);
        db.ChangeTracker.Clear();
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == payload.SubscriptionId, cancellationToken);
        if (subscription?.WebhookUrl is null || subscription.ProtectedSecret is null)
        {
            Log(payload, "(deleted subscription)", envelope.Attempt, new WebhookResult(null, TimeSpan.Zero, "The subscription was deleted."), DeliveryOutcome.Rejected);
            await db.SaveChangesAsync(cancellationToken);
            throw new PermanentDeliveryException($"Webhook subscription {payload.SubscriptionId} no longer exists.");
        }

        if (subscription.JurisdictionCode is not null && payload.JurisdictionCode is not null && subscription.JurisdictionCode != payload.JurisdictionCode)
        {
            // A direct delivery (IDirectNotifications) names its endpoint: one of another jurisdiction never hears this one's reports.
            Log(payload, subscription.WebhookUrl, envelope.Attempt, new WebhookResult(null, TimeSpan.Zero, "The endpoint belongs to another jurisdiction."), DeliveryOutcome.Rejected);
            await db.SaveChangesAsync(cancellationToken);
            throw new PermanentDeliveryException($"Webhook endpoint {payload.SubscriptionId} belongs to jurisdiction {subscription.JurisdictionCode}, not {payload.JurisdictionCode}.");
        }

        var result = await sender.SendAsync(new Uri(subscription.WebhookUrl), secrets.Unprotect(subscription.ProtectedSecret), payload.MessageId, payload.Body, cancellationToken);
        var outcome = result.Delivered ? DeliveryOutcome.Delivered : result.Refused ? DeliveryOutcome.Rejected : DeliveryOutcome.Failed;
        Log(payload, subscription.WebhookUrl, envelope.Attempt, result, outcome);
        await db.SaveChangesAsync(cancellationToken);
        if (outcome == DeliveryOutcome.Rejected)
        {
            throw new PermanentDeliveryException($"The receiver refused the webhook: {result.Error}");
        }

        if (outcome == DeliveryOutcome.Failed)
        {
            throw new HttpRequestException($"Webhook to {subscription.WebhookUrl} failed: {result.Error}");
        }
    }

    private void Log(WebhookPayload payload, string target, int attempt, WebhookResult result, DeliveryOutcome outcome) =>
        db.DeliveryAttempts.Add(DeliveryAttempt.Record(Channel.Webhook, payload.SubscriptionId, payload.JurisdictionCode, payload.MessageId, payload.EventType, target,
            attempt, outcome, result.StatusCode, result.Duration, result.Error, clock.GetUtcNow()));
}

/// <summary>Delivers <c>notify.inapp</c>: one row in the user's bell (once, whatever the retries), then a nudge over the live channel.</summary>
internal sealed class InAppDeliveryHandler(NotificationsDbContext db, ILiveChannel live, TimeProvider clock) : IOutboxHandler
{
    public string MessageType => MessageTypes.InApp;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = MessageTypes.Read<InAppPayload>(envelope.PayloadJson);
        db.ChangeTracker.Clear();
        if (!await db.Inbox.AnyAsync(i => i.DeliveryKey == envelope.IdempotencyKey, cancellationToken))
        {
            db.Inbox.Add(InboxItem.Create(payload.UserId, payload.EventType, payload.Title.Vi, payload.Title.En, payload.Body.Vi, payload.Body.En, payload.Link,
                envelope.IdempotencyKey, clock));
            await db.SaveChangesAsync(cancellationToken);
        }

        await Bell.NudgeAsync(live, payload.UserId, cancellationToken);
    }
}

/// <summary>
/// The bell's live message: sent only to the user's own connections (<see cref="ILiveChannel.PublishToUserAsync"/>: the
/// hub puts a connection there from its authenticated identity, so knowing another user's id gains nothing). It carries
/// nothing but "look again"; the page asks for its own count.
/// </summary>
internal static class Bell
{
    public const string Topic = "notifications.bell";

    public static Task NudgeAsync(ILiveChannel live, Guid userId, CancellationToken cancellationToken) =>
        live.PublishToUserAsync(userId, Topic, new { changed = true }, cancellationToken);
}

internal static class Links
{
    /// <summary>A path made absolute with <c>Mekong:PublicBaseUrl</c> for an e-mail (a mail client has no page to be relative to); as given without one.</summary>
    public static string? Absolute(MekongOptions options, string? link)
    {
        if (string.IsNullOrEmpty(link) || !link.StartsWith('/') || string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return link;
        }

        return options.PublicBaseUrl.TrimEnd('/') + "/" + link.TrimStart('/');
    }
}
