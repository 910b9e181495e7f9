using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Events;

/// <summary>Handles one kind of in-process event published by another module.</summary>
public interface IEventSubscriber<in TEvent>
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}

/// <summary>
/// In-process publish: every registered handler runs, in the publisher's scope, before PublishAsync returns.
/// An effect that must survive a crash goes through an outbox instead (coming with the reports module).
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken);
}

internal sealed class InProcessEventPublisher(IServiceProvider services) : IEventPublisher
{
    public async Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
    {
        foreach (var handler in services.GetServices<IEventSubscriber<TEvent>>())
        {
            await handler.HandleAsync(@event, cancellationToken);
        }
    }
}
