using System.Text.Json;
using MailKit.Net.Smtp;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// <see cref="IDirectNotifications"/>: in-app and webhook deliveries to a recipient another module names go through this
/// module's own outbox message types (<c>notify.inapp</c>, <c>notify.webhook</c>) and handlers, so the bell, the signature,
/// the target policy and the delivery log are the same as for subscriptions; e-mails the caller rendered are sent
/// with the same sender and logged the same way.
/// </summary>
internal sealed class DirectNotificationService(
    IOutbox outbox, EmailSender sender, IOptions<SmtpOptions> smtp, NotificationsDbContext db, TimeProvider clock) : IDirectNotifications
{
    public void EnqueueInApp(DbContext context, Guid userId, string? jurisdictionCode, string eventType, LocalizedText title, LocalizedText body, string? link, string idempotencyKey) =>
        outbox.Enqueue(context, MessageTypes.InApp, new InAppPayload(userId, jurisdictionCode, eventType, title, body, link), idempotencyKey);

    public void EnqueueWebhook(DbContext context, Guid endpointId, string? jurisdictionCode, string eventType, object data, string idempotencyKey)
    {
        var now = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new
        {
            type = eventType,
            timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            data,
        }, MessageTypes.WebhookJson);
        var messageId = "msg_" + Guid.CreateVersion7(now).ToString("N");
        outbox.Enqueue(context, MessageTypes.Webhook, new WebhookPayload(messageId, endpointId, jurisdictionCode, eventType, body), idempotencyKey);
    }

    public async Task SendEmailAsync(OutgoingEmail email, int attempt, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var started = clock.GetTimestamp();
        if (!smtp.Value.IsConfigured)
        {
            await LogAsync(email, attempt, DeliveryOutcome.Rejected, null, started, $"E-mail is not configured ({SmtpOptions.Section}:Host).", cancellationToken);
            throw new PermanentDeliveryException($"E-mail is not configured: set {SmtpOptions.Section}:Host, then retry this message from the outbox screen.");
        }

        if (!MailboxAddress.TryParse(email.ToAddress, out var address) || !email.ToAddress.Contains('@', StringComparison.Ordinal))
        {
            await LogAsync(email, attempt, DeliveryOutcome.Rejected, null, started, "Not an e-mail address.", cancellationToken);
            throw new PermanentDeliveryException($"'{email.ToAddress}' is not an e-mail address.");
        }

        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId };
        message.From.Add(sender.From);
        message.To.Add(new MailboxAddress(email.ToName ?? string.Empty, address.Address));
        message.Headers.Add("Content-Language", email.Language == "en" ? "en" : "vi");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500 && ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            await LogAsync(email, attempt, DeliveryOutcome.Rejected, (int)ex.StatusCode, started, ex.Message, cancellationToken);
            throw new PermanentDeliveryException($"The mail server refused the recipient: {(int)ex.StatusCode} {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await LogAsync(email, attempt, DeliveryOutcome.Failed, ex is SmtpCommandException command ? (int)command.StatusCode : null, started, ex.Message, cancellationToken);
            throw;
        }

        await LogAsync(email, attempt, DeliveryOutcome.Delivered, 250, started, null, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListWebhookEndpointsAsync(string? jurisdictionCode, CancellationToken cancellationToken)
    {
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Channel == Channel.Webhook && (s.JurisdictionCode == null || s.JurisdictionCode == jurisdictionCode))
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
        return [.. subscriptions.Select(s => new WebhookEndpoint(s.Id, s.Name, s.JurisdictionCode, Uri.TryCreate(s.WebhookUrl, UriKind.Absolute, out var url) ? url.Host : string.Empty))];
    }

    private async Task LogAsync(OutgoingEmail email, int attempt, DeliveryOutcome outcome, int? code, long started, string? error, CancellationToken cancellationToken)
    {
        db.DeliveryAttempts.Add(DeliveryAttempt.Record(Channel.Email, null, email.JurisdictionCode, email.MessageId, email.EventType, email.ToAddress,
            attempt, outcome, code, clock.GetElapsedTime(started), error, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}
