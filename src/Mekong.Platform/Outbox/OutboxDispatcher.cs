using System.Diagnostics.Metrics;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Outbox;

/// <summary>
/// Delivers what modules wrote to their outboxes, on every node that has <c>Mekong:Outbox:Dispatch</c> on.
/// At least once: a message is marked delivered only after its handler returned, so a crash in between delivers it
/// again (with the same idempotency key). A failure waits with exponential back-off and jitter; after
/// <c>MaxAttempts</c>, or at a <see cref="PermanentDeliveryException"/>, the message is dead until an administrator
/// retries it. On shutdown the delivery under way is finished and the rest of the batch handed back.
/// </summary>
internal sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<OutboxSource> sources,
    IOptionsMonitor<OutboxOptions> options,
    NodeIdentity node,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxDispatcher> logger) : PollingBackgroundService(lifetime, logger)
{
    private static readonly Meter Meter = new("Mekong");
    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>("mekong.outbox.delivered", description: "Outbox messages delivered");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("mekong.outbox.failed", description: "Outbox delivery attempts that failed");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("mekong.outbox.dead", description: "Outbox messages dead-lettered");

    private readonly OutboxSource[] _sources = [.. sources.DistinctBy(s => s.ContextType)];

    protected override TimeSpan PollInterval => options.CurrentValue.PollInterval;

    public override Task StartAsync(CancellationToken cancellationToken) =>
        options.CurrentValue.Dispatch && _sources.Length > 0 ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    protected override async Task<bool> RunOnceAsync(CancellationToken stopping, CancellationToken abort)
    {
        var more = false;
        foreach (var source in _sources)
        {
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            more |= await DispatchAsync(source, stopping, abort);
        }

        return more;
    }

    /// <summary>Claims one batch of the source's due messages and delivers them in order; true when the batch was full.</summary>
    internal async Task<bool> DispatchAsync(OutboxSource source, CancellationToken stopping, CancellationToken abort)
    {
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(source.ContextType);
        var store = new OutboxStore(db);
        var claim = Claim(node);
        var claimedAt = clock.GetUtcNow();
        var batch = await store.ClaimAsync(claim, claimedAt, settings.LeaseDuration, settings.BatchSize, stopping);
        if (batch.Count == 0)
        {
            return false;
        }

        var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().ToDictionary(h => h.MessageType, StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (stopping.IsCancellationRequested)
            {
                // Draining: hand the rest back so another node (or the next start) takes it without waiting for the lease.
                foreach (var untouched in batch.Skip(i))
                {
                    await store.ReleaseAsync(untouched.Id, claim, CancellationToken.None);
                }

                return false;
            }

            // Every claim of the batch started at claimedAt: a delivery must end well inside it, or another node could
            // take the message over while it is still being delivered. What the batch has no fair time left for goes back.
            var left = claimedAt + (settings.LeaseDuration * 0.8) - clock.GetUtcNow();
            if (left < settings.LeaseDuration * 0.2)
            {
                foreach (var untouched in batch.Skip(i))
                {
                    await store.ReleaseAsync(untouched.Id, claim, CancellationToken.None);
                }

                return true;
            }

            await DeliverAsync(store, handlers, batch[i], claim, settings, left, abort);
        }

        return batch.Count == settings.BatchSize;
    }

    /// <summary>A claim names the node (for the admin screen) and is unique, so only this round may record outcomes.</summary>
    internal static string Claim(NodeIdentity node)
    {
        var claim = $"{Guid.NewGuid():N}@{node.Name}";
        return claim.Length <= 100 ? claim : claim[..100];
    }

    private async Task DeliverAsync(OutboxStore store, Dictionary<string, IOutboxHandler> handlers, OutboxMessage message, string claim, OutboxOptions settings, TimeSpan allowed, CancellationToken abort)
    {
        var envelope = message.ToEnvelope();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
        timeout.CancelAfter(allowed);
        try
        {
            if (!handlers.TryGetValue(message.MessageType, out var handler))
            {
                throw new InvalidOperationException($"No outbox handler is registered for message type '{message.MessageType}' on node {node.Name}.");
            }

            await handler.DeliverAsync(envelope, timeout.Token);
        }
        catch (PermanentDeliveryException ex)
        {
            logger.LogWarning("Outbox message {Id} ({Type}) refused for good, dead-lettered: {Error}", message.Id, message.MessageType, ex.Message);
            DeadLettered.Add(1, new KeyValuePair<string, object?>("type", message.MessageType));
            await store.MarkDeadAsync(message.Id, claim, ex.Message, CancellationToken.None);
            return;
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException && !abort.IsCancellationRequested
                ? $"Delivery took longer than {allowed:c} (what was left of the claim's {settings.LeaseDuration:c}) and was cut."
                : ex.Message;
            Failed.Add(1, new KeyValuePair<string, object?>("type", message.MessageType));
            if (envelope.Attempt >= settings.MaxAttempts)
            {
                logger.LogWarning("Outbox message {Id} ({Type}) failed attempt {Attempt} of {Max}, dead-lettered: {Error}", message.Id, message.MessageType, envelope.Attempt, settings.MaxAttempts, error);
                DeadLettered.Add(1, new KeyValuePair<string, object?>("type", message.MessageType));
                await store.MarkDeadAsync(message.Id, claim, error, CancellationToken.None);
                return;
            }

            var delay = RetryBackoff.Delay(envelope.Attempt, settings.FirstRetryDelay, settings.MaxRetryDelay, Random.Shared.NextDouble());
            logger.LogInformation("Outbox message {Id} ({Type}) failed attempt {Attempt} of {Max}; next in {Delay}: {Error}", message.Id, message.MessageType, envelope.Attempt, settings.MaxAttempts, delay, error);
            await store.MarkFailedAsync(message.Id, claim, error, clock.GetUtcNow() + delay, CancellationToken.None);
            return;
        }

        Delivered.Add(1, new KeyValuePair<string, object?>("type", message.MessageType));
        if (await store.MarkDeliveredAsync(message.Id, claim, clock.GetUtcNow(), CancellationToken.None) == 0)
        {
            logger.LogWarning("Outbox message {Id} was delivered after its lease ran out; another node may deliver it again", message.Id);
        }
    }
}
