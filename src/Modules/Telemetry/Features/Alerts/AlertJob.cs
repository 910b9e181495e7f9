using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary>
/// <c>telemetry.alerts</c>, every <see cref="Interval"/> on one node at a time (ADR 0014): finds the sensors that fell
/// silent (no-data conditions, from the latest-values table, so on time however late the readings table is), reminds of
/// open alerts nobody acknowledged every <see cref="AlertOptions.ReminderMinutes"/>, and escalates an alert still
/// unacknowledged <see cref="AlertOptions.EscalateAfterMinutes"/> (or its rule's) after it opened to the administrators.
/// A silenced alert is neither reminded nor escalated.
/// </summary>
internal sealed class AlertJob(AlertEngine engine, AlertFollowUp followUp, TimeProvider clock) : IPeriodicJob
{
    public const string Name = "telemetry.alerts";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await engine.NoDataAsync(now, cancellationToken);
        await followUp.RunAsync(now, cancellationToken);
    }
}

/// <summary>Reminders and escalation of unacknowledged alerts, by the time given (the job's clock; a test's later instant).</summary>
internal sealed class AlertFollowUp(TelemetryDbContext db, AlertNotifier notifier, AlertWriter writer, IOptions<AlertOptions> options)
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Alerts.Where(a => a.State == AlertState.Open).OrderBy(a => a.OpenedAt).Take(1000).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        var ruleIds = open.Select(a => a.RuleId).Distinct().ToList();
        var escalateAfter = await db.AlertRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.EscalateAfterMinutes, cancellationToken);
        var reminder = TimeSpan.FromMinutes(options.Value.ReminderMinutes);
        var changed = new List<Alert>();
        foreach (var alert in open.Where(a => !a.IsSilenced(now)))
        {
            var minutes = escalateAfter.GetValueOrDefault(alert.RuleId) ?? options.Value.EscalateAfterMinutes;
            if (alert.EscalatedAt is null && now - alert.OpenedAt >= TimeSpan.FromMinutes(minutes))
            {
                await notifier.EnqueueAsync(db, alert, AlertNoticeKind.Escalated, cancellationToken);
                alert.Escalate(now);
                changed.Add(alert);
            }

            if (now - (alert.NotifiedAt ?? alert.OpenedAt) >= reminder)
            {
                await notifier.EnqueueAsync(db, alert, AlertNoticeKind.Reminder, cancellationToken);
                alert.Notified(now, reminder: true);
                changed.Add(alert);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var alert in changed.Distinct())
        {
            await writer.PublishAsync(alert, opened: false, cancellationToken);
        }

        return changed.Count;
    }
}
