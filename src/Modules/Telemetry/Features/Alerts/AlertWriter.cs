using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.OpsMap;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary>The live message of the alert panel: which alert changed and how; each screen fetches the list with its own rights.</summary>
internal sealed record AlertLiveMessage(Guid Id, string State, string Severity, bool Opened);

internal static class AlertLive
{
    public const string Topic = "telemetry.alerts";
}

/// <summary>
/// Turns the evaluator's transitions into alerts (ADR 0033): a device meeting a rule joins the active alert of its
/// group (rule + commune) or opens it, a device no longer meeting it leaves, and the last to leave resolves it. One
/// save per batch of transitions, with the notifications in the same transaction (outbox); then one live message per
/// changed alert. Writes are one at a time on a node; two nodes opening the same group meet the unique active key,
/// and the loser joins the winner's alert.
/// </summary>
internal sealed partial class AlertWriter(IServiceScopeFactory scopes, ILiveChannel live, SensorLiveFeed sensors, TimeProvider clock, ILogger<AlertWriter> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task ApplyAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ApplyOnceAsync(transitions, cancellationToken);
                    return;
                }
                catch (DbUpdateException e) when (attempt < 3)
                {
                    LogRetry(logger, e, attempt);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyOnceAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<AlertNotifier>();
        var now = clock.GetUtcNow();
        var keys = transitions.Select(t => Alert.KeyOf(t.Rule.Id, t.Device.CommuneCode)).Distinct().ToList();
        var alerts = await db.Alerts.Where(a => a.ActiveKey != null && keys.Contains(a.ActiveKey)).ToDictionaryAsync(a => a.ActiveKey!, cancellationToken);
        var jurisdictions = transitions.Select(t => t.Rule.JurisdictionCode).Distinct().ToList();
        var silences = await db.AlertSilences.AsNoTracking().Where(s => jurisdictions.Contains(s.JurisdictionCode) && s.Until > now).ToListAsync(cancellationToken);
        var changed = new Dictionary<Guid, (Alert Alert, bool Opened)>();
        foreach (var t in transitions)
        {
            var key = Alert.KeyOf(t.Rule.Id, t.Device.CommuneCode);
            alerts.TryGetValue(key, out var alert);
            if (t.Active)
            {
                if (alert is null)
                {
                    var communes = t.Device.CommuneCode is null ? Array.Empty<string>() : [t.Device.CommuneCode];
                    var silenced = silences.Where(s => s.JurisdictionCode == t.Rule.JurisdictionCode && s.Covers(t.Rule.Id, [t.Device.Id], communes, now))
                        .Select(s => (DateTimeOffset?)s.Until).Max();
                    alert = Alert.Open(t.Rule, t.Device.Id, t.Device.Type.Code, t.Device.CommuneCode, t.Device.Latitude, t.Device.Longitude, t.Value, t.At, silenced, clock);
                    db.Alerts.Add(alert);
                    alerts[key] = alert;
                    changed[alert.Id] = (alert, true);
                }
                else if (alert.Join(t.Device.Id, t.Device.Type.Code, t.Value, t.At, clock))
                {
                    changed.TryAdd(alert.Id, (alert, false));
                }
            }
            else if (alert is not null && alert.Clear(t.Device.Id, t.Value, t.At, clock))
            {
                changed.TryAdd(alert.Id, (alert, false));
                if (!alert.IsActive)
                {
                    alerts.Remove(key);
                }
            }
        }

        foreach (var (alert, opened) in changed.Values.Where(c => c.Opened))
        {
            if (alert.IsActive && !alert.IsSilenced(now))
            {
                await notifier.EnqueueAsync(db, alert, AlertNoticeKind.Opened, cancellationToken);
                alert.Notified(now, reminder: false);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (alert, opened) in changed.Values)
        {
            await PublishAsync(alert, opened, cancellationToken);
        }

        sensors.Marked(transitions.Select(t => t.Device.Id));
    }

    /// <summary>Tells the consoles of the alert's jurisdiction (a lost live message only delays a panel: it reloads on the next).</summary>
    public async Task PublishAsync(Alert alert, bool opened, CancellationToken cancellationToken)
    {
        try
        {
            await live.PublishAsync(alert.JurisdictionCode, AlertLive.Topic, new AlertLiveMessage(alert.Id, AlertNames.Of(alert.State), AlertNames.Of(alert.Severity), opened), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLiveFailed(logger, e, alert.Id);
        }
    }

    [LoggerMessage(LogLevel.Information, "Alerts: another writer changed the same alert group (attempt {Attempt}); applying again")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(LogLevel.Warning, "Alerts: could not announce alert {AlertId} live")]
    private static partial void LogLiveFailed(ILogger logger, Exception exception, Guid alertId);
}
