using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mekong.Platform.Outbox;

/// <summary>
/// Puts the outbox table into a module's model: table <c>outbox</c> in the module's schema on PostgreSQL,
/// <c>&lt;prefix&gt;_outbox</c> on SQLite. Call it in <c>OnModelCreating</c> before <c>UseModuleSchema</c>.
/// </summary>
public static class OutboxModelBuilderExtensions
{
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder, string schema)
    {
        modelBuilder.Entity<OutboxMessage>(m =>
        {
            m.ToTable("outbox", schema);
            m.HasKey(x => x.Id);
            m.Property(x => x.MessageType).HasMaxLength(OutboxMessage.MaxTypeLength);
            m.Property(x => x.IdempotencyKey).HasMaxLength(OutboxMessage.MaxKeyLength);
            m.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            m.Property(x => x.LockedBy).HasMaxLength(100);
            m.Property(x => x.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
            m.HasIndex(x => new { x.State, x.NextAttemptAt });
        });
        return modelBuilder;
    }
}

/// <summary>Writes effects into the outbox of the caller's own DbContext, so they commit or roll back with the change.</summary>
public interface IOutbox
{
    /// <summary>Adds the message to the context's change tracker; it is committed by the caller's SaveChanges (same transaction).</summary>
    void Enqueue(DbContext context, string messageType, object payload, string? idempotencyKey = null);
}

/// <summary>What a handler receives: <paramref name="IdempotencyKey"/> is the same on every attempt, so the receiver can drop repeats.</summary>
public sealed record OutboxEnvelope(Guid Id, string MessageType, string PayloadJson, string IdempotencyKey, int Attempt, DateTimeOffset CreatedAt);

/// <summary>Delivers one message type. Delivery is at least once: a message may arrive again after a crash or a time-out.</summary>
public interface IOutboxHandler
{
    /// <summary>The message type this handler delivers, e.g. <c>notifications.email</c>.</summary>
    string MessageType { get; }

    /// <summary>Throw to retry later (exponential back-off); throw <see cref="PermanentDeliveryException"/> to dead-letter now.</summary>
    Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>The message can never be delivered (e.g. the receiver answered 410 Gone, the payload is invalid): no retries.</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

public static class OutboxServiceCollectionExtensions
{
    /// <summary>Registers a handler for its message type (one handler per type).</summary>
    public static IServiceCollection AddOutboxHandler<THandler>(this IServiceCollection services)
        where THandler : class, IOutboxHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IOutboxHandler, THandler>());
        return services;
    }

    /// <summary>Lets the dispatcher poll this module context's outbox (its model must call <c>AddOutbox</c>).</summary>
    public static IServiceCollection AddOutboxFor<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        if (!services.Any(d => d.ServiceType == typeof(OutboxSource) && d.ImplementationInstance is OutboxSource s && s.ContextType == typeof(TContext)))
        {
            services.AddSingleton(new OutboxSource(typeof(TContext)));
        }

        return services;
    }
}

/// <summary>A DbContext whose outbox the dispatcher polls.</summary>
public sealed record OutboxSource(Type ContextType);
