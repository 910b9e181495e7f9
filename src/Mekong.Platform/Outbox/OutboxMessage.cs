namespace Mekong.Platform.Outbox;

public enum OutboxState
{
    /// <summary>Waiting for its first or next attempt (after a failure it shows as failed, with the last error).</summary>
    Pending,
    Delivered,
    /// <summary>Out of attempts, or refused for good: stays until an administrator retries it.</summary>
    Dead,
}

/// <summary>
/// One effect waiting to leave the process. A node claims it by writing a lease (<see cref="LockedBy"/>,
/// <see cref="LockedUntil"/>) in one statement; only the lease holder may record the outcome.
/// </summary>
internal sealed class OutboxMessage
{
    public const int MaxTypeLength = 100;
    public const int MaxKeyLength = 200;
    public const int MaxErrorLength = 2000;

    private OutboxMessage()
    {
        MessageType = PayloadJson = IdempotencyKey = string.Empty;
    }

    public Guid Id { get; private set; }

    public string MessageType { get; private set; }

    public string PayloadJson { get; private set; }

    public string IdempotencyKey { get; private set; }

    public OutboxState State { get; private set; }

    /// <summary>Attempts started so far (counted when claimed, so a node that dies mid-delivery still uses one up).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LockedBy { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? LastError { get; private set; }

    public static OutboxMessage Create(string messageType, string payloadJson, string? idempotencyKey, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(messageType) || messageType.Length > MaxTypeLength)
        {
            throw new ArgumentException($"An outbox message type has 1 to {MaxTypeLength} characters.", nameof(messageType));
        }

        if (idempotencyKey is not null && (idempotencyKey.Length == 0 || idempotencyKey.Length > MaxKeyLength))
        {
            throw new ArgumentException($"An idempotency key has 1 to {MaxKeyLength} characters.", nameof(idempotencyKey));
        }

        now = now.ToUniversalTime();
        var id = Guid.CreateVersion7(now);
        return new OutboxMessage
        {
            Id = id,
            MessageType = messageType,
            PayloadJson = payloadJson,
            IdempotencyKey = idempotencyKey ?? id.ToString("N"),
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    public OutboxEnvelope ToEnvelope() => new(Id, MessageType, PayloadJson, IdempotencyKey, Attempts, CreatedAt);

    internal static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
}
