using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary>A rule as the evaluator holds it: the rule, its conditions parsed once, the measurements they read.</summary>
internal sealed record CompiledRule(AlertRule Rule, IReadOnlyList<AlertCondition> Conditions)
{
    public bool Reads(short measurementId) => Conditions.Any(c => c.MeasurementInfo.Id == measurementId);

    public bool Watches(DeviceInfo device) =>
        (Rule.DeviceType is null || Rule.DeviceType == device.Type.Code)
        && (Rule.DeviceId is null || Rule.DeviceId == device.Id)
        && (Rule.CommuneCode is null || Rule.CommuneCode == device.CommuneCode);

    public bool HasNoData => Conditions.Any(c => c.Kind == ConditionKind.NoData);

    /// <summary>How far back the state needs readings: the longest minimum duration or rate window.</summary>
    public TimeSpan Lookback => Conditions.Select(c => c.Kind == ConditionKind.Rate ? TimeSpan.FromMinutes(c.WindowMinutes) : TimeSpan.FromSeconds(c.ForSeconds)).DefaultIfEmpty(TimeSpan.Zero).Max();
}

/// <summary>A device started or stopped meeting a rule.</summary>
internal sealed record AlertTransition(AlertRule Rule, DeviceInfo Device, bool Active, DateTimeOffset At, double? Value);

/// <summary>
/// Evaluates the alert rules as readings arrive (ADR 0033): ingest hands over each write's readings once they are
/// committed (HTTP and MQTT alike); for each reading only the rules of its jurisdiction that read its measurement and
/// watch its device are moved, in memory (<see cref="RuleTracker"/> per rule and device, at most
/// <see cref="AlertOptions.MaxTrackers"/>). Only a device starting or stopping to meet a rule touches the database
/// (<see cref="AlertWriter"/>). Rules and maintenance windows are reloaded when they change here and every
/// <see cref="RulesTimeToLive"/> (a change on another node). At start the state is rebuilt from the active alerts and
/// the recent readings (<see cref="AlertEngineStartup"/>). No data is the <c>telemetry.alerts</c> job's
/// (<see cref="NoDataAsync"/>): it asks the latest-values table, so a silent sensor is found on time.
/// </summary>
internal sealed partial class AlertEngine(
    IServiceScopeFactory scopes, DeviceDirectory devices, AlertWriter writer, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertEngine> logger) : IDisposable
{
    public static readonly TimeSpan RulesTimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>Maintenance windows that ended up to this long ago still cover the late readings from inside them.</summary>
    public static readonly TimeSpan MaintenanceLookback = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid Rule, long Device), RuleTracker> _trackers = [];
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile RuleSet? _rules;
    private long _tick;

    private sealed record RuleSet(IReadOnlyDictionary<string, IReadOnlyList<CompiledRule>> ByJurisdiction, IReadOnlyList<MaintenanceWindow> Maintenance, DateTimeOffset LoadedAt)
    {
        public bool InMaintenance(DeviceInfo device, DateTimeOffset at) =>
            device.Status == DeviceStatus.Maintenance || Maintenance.Any(w => w.JurisdictionCode == device.JurisdictionCode && w.Covers(device.Id, device.CommuneCode, at));
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>How many (rule, device) states are held now.</summary>
    public int TrackerCount
    {
        get
        {
            lock (_gate)
            {
                return _trackers.Count;
            }
        }
    }

    /// <summary>A rule or maintenance window changed here: load them again before the next reading.</summary>
    public void Invalidate(Guid? ruleId = null)
    {
        _rules = null;
        if (ruleId is { } id)
        {
            lock (_gate)
            {
                foreach (var key in _trackers.Keys.Where(k => k.Rule == id).ToList())
                {
                    _trackers.Remove(key);
                }
            }
        }
    }

    /// <summary>Feeds committed readings; never throws into ingest (a failure is logged, the readings are stored).</summary>
    public async Task ObserveAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return;
        }

        try
        {
            var rules = await RulesAsync(cancellationToken);
            if (rules.ByJurisdiction.Count == 0)
            {
                return;
            }

            var transitions = new List<AlertTransition>();
            DeviceInfo? device = null;
            List<CompiledRule>? watching = null;
            foreach (var reading in readings)
            {
                if (device?.Id != reading.DeviceId)
                {
                    device = await devices.FindAsync(reading.DeviceId, cancellationToken);
                    watching = device is not null && rules.ByJurisdiction.TryGetValue(device.JurisdictionCode, out var inJurisdiction)
                        ? [.. inJurisdiction.Where(r => r.Watches(device))]
                        : null;
                }

                if (device is null || watching is not { Count: > 0 } || rules.InMaintenance(device, reading.At))
                {
                    continue;
                }

                Observe(device, watching, reading, transitions);
            }

            if (transitions.Count > 0)
            {
                await writer.ApplyAsync(transitions, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEvaluationFailed(logger, e, readings.Count);
        }
    }

    private void Observe(DeviceInfo device, List<CompiledRule> watching, Reading reading, List<AlertTransition> transitions)
    {
        lock (_gate)
        {
            foreach (var rule in watching)
            {
                if (!rule.Reads(reading.MeasurementId))
                {
                    continue;
                }

                var tracker = TrackerOf(rule, device.Id);
                if (tracker.Observe(reading.MeasurementId, reading.At, reading.Value) is { } active)
                {
                    transitions.Add(new AlertTransition(rule.Rule, device, active, reading.At, reading.Value));
                }
            }
        }
    }

    /// <summary>
    /// The job's part: every no-data condition of every rule, for the devices it watches that are not in maintenance,
    /// against the latest-values table; a device silent for the condition's minutes (by <paramref name="now"/>) raises it.
    /// </summary>
    public async Task<int> NoDataAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(cancellationToken);
        var transitions = new List<AlertTransition>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<ReadingStore>();
        foreach (var (jurisdiction, list) in rules.ByJurisdiction)
        {
            var silentRules = list.Where(r => r.HasNoData).ToList();
            if (silentRules.Count == 0)
            {
                continue;
            }

            var registry = await db.Devices.AsNoTracking().Where(d => d.JurisdictionCode == jurisdiction && d.Status != DeviceStatus.Retired).Select(d => new { d.Id, d.CreatedAt }).ToListAsync(cancellationToken);
            var infos = new List<(DeviceInfo Info, DateTimeOffset CreatedAt)>();
            foreach (var d in registry)
            {
                if (await devices.FindAsync(d.Id, cancellationToken) is { } info && silentRules.Any(r => r.Watches(info)))
                {
                    infos.Add((info, d.CreatedAt));
                }
            }

            var latest = (await store.LatestAsync([.. infos.Select(i => i.Info.Id)], cancellationToken)).ToDictionary(l => (l.DeviceId, l.MeasurementId), l => l.At);
            foreach (var (info, createdAt) in infos)
            {
                if (rules.InMaintenance(info, now))
                {
                    continue;
                }

                foreach (var rule in silentRules.Where(r => r.Watches(info)))
                {
                    for (var i = 0; i < rule.Conditions.Count; i++)
                    {
                        var condition = rule.Conditions[i];
                        if (condition.Kind != ConditionKind.NoData)
                        {
                            continue;
                        }

                        var last = latest.TryGetValue((info.Id, condition.MeasurementInfo.Id), out var at) ? at : createdAt;
                        if (now - last < TimeSpan.FromMinutes(condition.Minutes))
                        {
                            continue;
                        }

                        lock (_gate)
                        {
                            if (TrackerOf(rule, info.Id).NoData(i) is { } active)
                            {
                                transitions.Add(new AlertTransition(rule.Rule, info, active, now, null));
                            }
                        }
                    }
                }
            }
        }

        if (transitions.Count > 0)
        {
            await writer.ApplyAsync(transitions, cancellationToken);
        }

        return transitions.Count;
    }

    /// <summary>
    /// Rebuilds the state at start: the devices of active alerts meet their rule (so they neither open again nor stay
    /// open forever), then the recent readings of the rules that need history (minimum durations, rates) are replayed.
    /// </summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<ReadingStore>();
        var byId = rules.ByJurisdiction.Values.SelectMany(r => r).ToDictionary(r => r.Rule.Id);
        var active = await db.Alerts.AsNoTracking().Where(a => a.State != AlertState.Resolved).ToListAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var alert in active)
            {
                if (byId.TryGetValue(alert.RuleId, out var rule))
                {
                    foreach (var deviceId in alert.ActiveDeviceIds)
                    {
                        TrackerOf(rule, deviceId).Restore(true);
                    }
                }
            }
        }

        var now = clock.GetUtcNow();
        var cap = TimeSpan.FromMinutes(options.Value.RebuildMinutes);
        var replay = byId.Values.Where(r => r.Lookback > TimeSpan.Zero).ToList();
        if (replay.Count == 0 || cap <= TimeSpan.Zero)
        {
            return;
        }

        var deviceIds = await db.Devices.AsNoTracking().Where(d => d.Status != DeviceStatus.Retired).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in deviceIds)
        {
            if (await devices.FindAsync(id, cancellationToken) is not { } device)
            {
                continue;
            }

            var watching = replay.Where(r => r.Rule.JurisdictionCode == device.JurisdictionCode && r.Watches(device)).ToList();
            if (watching.Count == 0)
            {
                continue;
            }

            var lookback = watching.Max(r => r.Lookback);
            var from = now - (lookback < cap ? lookback : cap);
            var readings = new List<Reading>();
            foreach (var measurement in watching.SelectMany(r => r.Conditions).Select(c => c.MeasurementInfo.Id).Distinct())
            {
                foreach (var point in await store.RawAsync(id, measurement, from, now.AddMinutes(1), 10_000, cancellationToken))
                {
                    readings.Add(new Reading(id, measurement, point.At, point.Average));
                }
            }

            readings.Sort((a, b) => a.At.CompareTo(b.At));
            await ObserveAsync(readings, cancellationToken);
        }
    }

    private RuleTracker TrackerOf(CompiledRule rule, long deviceId)
    {
        if (!_trackers.TryGetValue((rule.Rule.Id, deviceId), out var tracker))
        {
            if (_trackers.Count >= options.Value.MaxTrackers)
            {
                // Full: the tenth least recently moved go (their series have been quiet the longest).
                foreach (var key in _trackers.OrderBy(t => t.Value.Touched).Take(Math.Max(1, _trackers.Count / 10)).Select(t => t.Key).ToList())
                {
                    _trackers.Remove(key);
                }
            }

            _trackers[(rule.Rule.Id, deviceId)] = tracker = new RuleTracker(rule.Rule.MatchAll, rule.Conditions);
        }

        tracker.Touched = ++_tick;
        return tracker;
    }

    private async ValueTask<RuleSet> RulesAsync(CancellationToken cancellationToken)
    {
        var rules = _rules;
        if (rules is not null && clock.GetUtcNow() - rules.LoadedAt < RulesTimeToLive)
        {
            return rules;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            rules = _rules;
            if (rules is not null && clock.GetUtcNow() - rules.LoadedAt < RulesTimeToLive)
            {
                return rules;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            var now = clock.GetUtcNow();
            var enabled = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
            // Windows that ended lately too: a late reading from inside a window is still quiet.
            var since = now - MaintenanceLookback;
            var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.Until > since).ToListAsync(cancellationToken);
            var loaded = new RuleSet(
                enabled.GroupBy(r => r.JurisdictionCode, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<CompiledRule>)[.. g.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new CompiledRule(r, r.Conditions))], StringComparer.Ordinal),
                windows, now);
            if (rules is not null)
            {
                // Rules that are gone or disabled leave no state behind.
                var live = enabled.Select(r => r.Id).ToHashSet();
                lock (_gate)
                {
                    foreach (var key in _trackers.Keys.Where(k => !live.Contains(k.Rule)).ToList())
                    {
                        _trackers.Remove(key);
                    }
                }
            }

            _rules = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(LogLevel.Error, "Alerts: could not evaluate {Count} committed reading(s); they are stored, their alerts may be late")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, int count);
}

/// <summary>Rebuilds the evaluator's state in the background at start, so a restart neither forgets nor repeats alerts.</summary>
internal sealed partial class AlertEngineStartup(AlertEngine engine, ILogger<AlertEngineStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.RebuildAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRebuildFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Alerts: could not rebuild the evaluation state from the active alerts and recent readings")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception);
}
