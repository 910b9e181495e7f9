// TEMPORARY: H6's outbox contract as announced, so that the Notifications module compiles before h6-jobs-outbox is
// merged into this branch. Deleted by that merge (the real types live in H6's files).
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Outbox;

public static class OutboxModelBuilderExtensions
{
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder, string schema) => modelBuilder;
}

public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutboxFor<TContext>(this IServiceCollection services)
        where TContext : DbContext => services;

    public static IServiceCollection AddOutboxHandler<THandler>(this IServiceCollection services)
        where THandler : class, IOutboxHandler => services.AddScoped<IOutboxHandler, THandler>();
}

public interface IOutbox
{
    void Enqueue(DbContext context, string messageType, object payload, string? idempotencyKey = null);
}

public sealed record OutboxEnvelope(Guid Id, string MessageType, string PayloadJson, string IdempotencyKey, int Attempt, DateTimeOffset CreatedAt);

public interface IOutboxHandler
{
    string MessageType { get; }

    Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken);
}

public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
