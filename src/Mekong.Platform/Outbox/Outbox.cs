using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Outbox;

internal sealed class Outbox(TimeProvider clock) : IOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue(DbContext context, string messageType, object payload, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(payload);
        if (context.Model.FindEntityType(typeof(OutboxMessage)) is null)
        {
            throw new InvalidOperationException($"{context.GetType().Name} has no outbox: call modelBuilder.AddOutbox(schema) in its OnModelCreating and add a migration.");
        }

        var json = JsonSerializer.Serialize(payload, payload.GetType(), Json);
        context.Set<OutboxMessage>().Add(OutboxMessage.Create(messageType, json, idempotencyKey, clock.GetUtcNow()));
    }
}
