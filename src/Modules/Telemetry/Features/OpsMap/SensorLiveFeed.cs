using System.Collections.Concurrent;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Platform.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Telemetry.Features.OpsMap;

/// <summary>The live message of the sensor layer: the devices with new readings (null: reload the layer).</summary>
internal sealed record SensorsLiveMessage(string Layer, IReadOnlyList<long>? Ids);

/// <summary>
/// Tells the consoles which sensors have new readings, at most once per <see cref="Interval"/> per jurisdiction however
/// fast readings arrive (a thousand devices at 1 Hz would otherwise be a thousand messages a second): ingest only marks
/// devices, this service sends the marks. Ids only: each screen fetches the features with its own rights.
/// </summary>
internal sealed class SensorLiveFeed(ILiveChannel live, DeviceDirectory devices, ILogger<SensorLiveFeed> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>More sensors than this changed in one interval: the consoles reload the layer instead.</summary>
    public const int MaxIds = 300;

    private ConcurrentDictionary<long, byte> _changed = new();

    public void Changed(IReadOnlyList<Reading> readings)
    {
        long previous = 0;
        foreach (var r in readings)
        {
            if (r.DeviceId != previous)
            {
                _changed.TryAdd(r.DeviceId, 0);
                previous = r.DeviceId;
            }
        }
    }

    /// <summary>Devices whose alert state changed: their features are fetched again too.</summary>
    public void Marked(IEnumerable<long> deviceIds)
    {
        foreach (var id in deviceIds)
        {
            _changed.TryAdd(id, 0);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not announce new sensor readings");
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_changed.IsEmpty)
        {
            return;
        }

        var changed = Interlocked.Exchange(ref _changed, new ConcurrentDictionary<long, byte>());
        var byJurisdiction = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var id in changed.Keys)
        {
            if (await devices.FindAsync(id, cancellationToken) is { } device)
            {
                if (!byJurisdiction.TryGetValue(device.JurisdictionCode, out var ids))
                {
                    byJurisdiction[device.JurisdictionCode] = ids = [];
                }

                ids.Add(id);
            }
        }

        foreach (var (jurisdiction, ids) in byJurisdiction)
        {
            ids.Sort();
            await live.PublishAsync(jurisdiction, TelemetryLive.Topic, new SensorsLiveMessage(TelemetryLive.Layer, ids.Count > MaxIds ? null : ids), cancellationToken);
        }
    }
}

internal static class TelemetryLive
{
    public const string Topic = "layers.telemetry.sensors";
    public const string Layer = "telemetry.sensors";
}
