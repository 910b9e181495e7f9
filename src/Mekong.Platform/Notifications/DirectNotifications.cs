using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Notifications;

/// <summary>One e-mail a module rendered itself (its own templates), to one address that is not a Mekong account.</summary>
/// <param name="MessageId">The <c>Message-Id</c>, the same on every retry so that a mail client can drop a repeat.</param>
/// <param name="Language"><c>vi</c> or <c>en</c>, the <c>Content-Language</c>.</param>
public sealed record OutgoingEmail(
    string MessageId,
    string? JurisdictionCode,
    string EventType,
    string ToAddress,
    string? ToName,
    string Language,
    string Subject,
    string TextBody,
    string? HtmlBody);

/// <summary>
/// A kind of message a module sends without a subscription (registered as a singleton), listed on
/// <c>/admin/notifications</c> so that an administrator sees who gets what, from which template.
/// </summary>
public sealed record DirectNoticeKind(string EventType, LocalizedText Recipient, LocalizedText Channel, string Template);

/// <summary>A webhook endpoint an administrator set up on <c>/admin/notifications</c> (a webhook subscription): its name and host, never its secret.</summary>
public sealed record WebhookEndpoint(Guid Id, string Name, string? JurisdictionCode, string Host);

/// <summary>
/// Deliveries to a recipient the calling module names itself (a resident, an outside body), rather than to whoever
/// subscribed to an event type (<see cref="INotifications"/>). The two enqueue methods write into the outbox of the
/// caller's own DbContext, committed with the caller's change or not at all; <see cref="SendEmailAsync"/> is for the
/// caller's own outbox handler, which renders its templates at delivery and sends through the platform's mail server.
/// </summary>
public interface IDirectNotifications
{
    /// <summary>An in-app notification in one user's bell (once per <paramref name="idempotencyKey"/>).</summary>
    void EnqueueInApp(DbContext context, Guid userId, string? jurisdictionCode, string eventType, LocalizedText title, LocalizedText body, string? link, string idempotencyKey);

    /// <summary>
    /// A Standard Webhooks-signed POST of <c>{"type","timestamp","data"}</c> to the URL of webhook endpoint
    /// <paramref name="endpointId"/>, through the target policy (ADR 0019); the body is fixed now, so retries send the same bytes.
    /// </summary>
    void EnqueueWebhook(DbContext context, Guid endpointId, string? jurisdictionCode, string eventType, object data, string idempotencyKey);

    /// <summary>
    /// Sends one e-mail now and writes the attempt to the delivery log. Throws
    /// <c>PermanentDeliveryException</c> when it can never go (no mail server configured, the recipient refused), any
    /// other exception when a retry may succeed.
    /// </summary>
    Task SendEmailAsync(OutgoingEmail email, int attempt, CancellationToken cancellationToken);

    /// <summary>The webhook endpoints of a jurisdiction (and the installation-wide ones), for a screen that lets an administrator pick one.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListWebhookEndpointsAsync(string? jurisdictionCode, CancellationToken cancellationToken);
}
