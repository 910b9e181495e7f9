using Mekong.Platform.Jobs;
using Mekong.Platform.Storage.Platform;

namespace Mekong.Platform.Outbox;

/// <summary>
/// A test message an administrator sends through the platform's own outbox (the button on <c>/admin/outbox</c>, or
/// <c>POST /api/v1/admin/outbox/probe</c>) to see the dispatcher work end to end. Its handler records every delivery
/// in <c>outbox_probe_deliveries</c>, repeats included, so a double delivery would show.
/// </summary>
internal sealed class OutboxProbeHandler(PlatformDbContext db, NodeIdentity node, TimeProvider clock) : IOutboxHandler
{
    public const string Type = "platform.probe";

    public string MessageType => Type;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        db.ProbeDeliveries.Add(new OutboxProbeDelivery(envelope.Id, envelope.IdempotencyKey, node.Name, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class OutboxProbeDelivery
{
    private OutboxProbeDelivery()
    {
        IdempotencyKey = Node = string.Empty;
    }

    public OutboxProbeDelivery(Guid messageId, string idempotencyKey, string node, DateTimeOffset deliveredAt)
    {
        Id = Guid.CreateVersion7(deliveredAt);
        MessageId = messageId;
        IdempotencyKey = idempotencyKey;
        Node = node;
        DeliveredAt = deliveredAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid MessageId { get; private set; }

    public string IdempotencyKey { get; private set; }

    public string Node { get; private set; }

    public DateTimeOffset DeliveredAt { get; private set; }
}
