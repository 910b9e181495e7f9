using System.Threading.Channels;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Modules.Telemetry.Features.OpsMap;
using Mekong.Modules.Telemetry.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Mqtt;

/// <summary>
/// Groups the readings of many MQTT publishes into one write (ADR 0027): each publish waits for the write that holds
/// its readings to commit, and only then is its PUBACK sent. While one write runs, the next publishes gather, so the
/// batch grows with the load and a single publish on an idle server waits for one small write only.
/// </summary>
internal sealed class MqttIngestQueue(IServiceScopeFactory scopes, SensorLiveFeed live, AlertEngine alerts, IOptions<MqttOptions> options, ILogger<MqttIngestQueue> logger) : BackgroundService
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(IReadOnlyList<Reading> Readings, TaskCompletionSource<WriteOutcome> Done);

    /// <summary>Completes when the readings are committed (or fails when they could not be).</summary>
    public Task<WriteOutcome> WriteAsync(IReadOnlyList<Reading> readings)
    {
        var done = new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(readings, done)))
        {
            done.SetException(new InvalidOperationException("The server is stopping."));
        }

        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        var readings = new List<Reading>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                readings.Clear();
                while (readings.Count < options.Value.MaxBatch && _pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    readings.AddRange(next.Readings);
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var outcome = await scope.ServiceProvider.GetRequiredService<ReadingStore>().WriteAsync(readings, CancellationToken.None);
                    live.Changed(readings);
                    foreach (var p in batch)
                    {
                        p.Done.TrySetResult(new WriteOutcome(p.Readings.Count, -1));
                    }

                    logger.LogDebug("MQTT: {Publishes} publish(es), {Readings} reading(s), {Stored} new", batch.Count, readings.Count, outcome.Stored);
                    // After the PUBACKs: evaluation never delays an acknowledgement (ADR 0033).
                    await alerts.ObserveAsync(readings, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "MQTT: could not store {Readings} reading(s) of {Publishes} publish(es); none is acknowledged", readings.Count, batch.Count);
                    foreach (var p in batch)
                    {
                        p.Done.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _pending.Writer.TryComplete();
        while (_pending.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(new InvalidOperationException("The server stopped before the readings were stored."));
        }
    }
}
