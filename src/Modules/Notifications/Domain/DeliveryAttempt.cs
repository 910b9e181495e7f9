namespace Mekong.Modules.Notifications.Domain;

internal enum DeliveryOutcome
{
    Delivered,

    /// <summary>Will be tried again by the outbox.</summary>
    Failed,

    /// <summary>Will not be tried again (the receiver refused it, or the subscription is gone).</summary>
    Rejected,
}

/// <summary>One try of one e-mail or webhook delivery: the delivery log shown on <c>/admin/notifications/deliveries</c>.</summary>
internal sealed class DeliveryAttempt
{
    private DeliveryAttempt()
    {
    }

    public Guid Id { get; private set; }

    public Channel Channel { get; private set; }

    public Guid? SubscriptionId { get; private set; }

    public string? JurisdictionCode { get; private set; }

    /// <summary>The message id (<c>webhook-id</c>, the e-mail's Message-Id), the same on every retry.</summary>
    public string MessageId { get; private set; } = string.Empty;

    public string EventType { get; private set; } = string.Empty;

    /// <summary>The webhook URL or the recipient's address.</summary>
    public string Target { get; private set; } = string.Empty;

    public int Attempt { get; private set; }

    public DeliveryOutcome Outcome { get; private set; }

    /// <summary>The webhook receiver's HTTP status, or the SMTP reply code when the server gave one.</summary>
    public int? StatusCode { get; private set; }

    public int DurationMs { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public static DeliveryAttempt Record(Channel channel, Guid? subscriptionId, string? jurisdiction, string messageId, string eventType, string target, int attempt,
        DeliveryOutcome outcome, int? statusCode, TimeSpan duration, string? error, DateTimeOffset at) => new()
        {
            Id = Guid.CreateVersion7(at),
            Channel = channel,
            SubscriptionId = subscriptionId,
            JurisdictionCode = jurisdiction,
            MessageId = messageId,
            EventType = eventType,
            Target = target.Length <= 500 ? target : target[..500],
            Attempt = attempt,
            Outcome = outcome,
            StatusCode = statusCode,
            DurationMs = (int)Math.Min(int.MaxValue, Math.Round(duration.TotalMilliseconds)),
            Error = error is null ? null : error.Length <= 500 ? error : error[..500],
            AttemptedAt = at,
        };
}
