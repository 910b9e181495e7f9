using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Health;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.UptimeReport;

/// <summary>One contractor's month: its cameras' counted time, the uptime against its contracted target, its tickets.</summary>
internal sealed record ContractorMonth(
    string Contractor, bool Registered, double? TargetPercent, double? UptimePercent, bool? TargetMet,
    int Cameras, int CountedCameras, int ExcludedIntermittent,
    long OnlineSeconds, long DegradedSeconds, long OfflineSeconds, long MaintenanceSeconds,
    int TicketsOpened, int OpenTickets, long TicketDowntimeSeconds);

/// <summary>The monthly uptime report per contractor (ADR 0039): the month in Vietnam's time, what it covers so far.</summary>
internal sealed record ContractorReportResult(string Month, DateTimeOffset From, DateTimeOffset Until, bool Complete, IReadOnlyList<ContractorMonth> Contractors);

/// <summary>
/// Computes the monthly uptime per contractor from the cameras' state history, by the uptime score's rules (ADR 0028,
/// 0034): online time over online + degraded + offline time; maintenance and unknown time do not count, nor do cameras
/// tagged intermittent. Downtime is the offline time within the month; tickets are those opened in the month (their
/// downtime as recorded when they closed, or so far), and those open now.
/// </summary>
internal sealed class ContractorReport(CamerasDbContext db, TimeProvider clock)
{
    public const string NoContractor = "";

    /// <summary>Parses <c>YYYY-MM</c> (years 2000–2100).</summary>
    public static bool TryParseMonth(string? text, out DateOnly month)
    {
        month = default;
        return text is { Length: 7 }
            && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month)
            && month.Year is >= 2000 and <= 2100;
    }

    public static DateTimeOffset StartOf(DateOnly month)
    {
        var local = month.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public async Task<ContractorReportResult> ComputeAsync(ClaimsPrincipal user, DateOnly month, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = StartOf(month);
        var monthEnd = StartOf(month.AddMonths(1));
        var until = monthEnd < now ? monthEnd : now;
        var visible = CameraEndpoints.Visible(db, user);
        var cameras = until <= from ? [] : await visible.Where(c => c.CreatedAt < until)
            .Select(c => new { c.Id, c.Contractor, c.Tags, c.State, c.CreatedAt, c.JurisdictionCode })
            .ToListAsync(cancellationToken);
        // Changes since the month began: the first one's "from" is the state at the start (none: the state now held then).
        var changes = until <= from ? [] : (await db.StateChanges.AsNoTracking()
                .Join(visible, h => h.CameraId, c => c.Id, (h, c) => h)
                .Where(h => h.At >= from)
                .Select(h => new { h.CameraId, h.From, h.To, h.At })
                .ToListAsync(cancellationToken))
            .GroupBy(h => h.CameraId).ToDictionary(g => g.Key, g => Chain(g.Select(h => new Change(h.From, h.To, h.At))));

        var jurisdictions = cameras.Select(c => c.JurisdictionCode).Distinct().ToList();
        var registered = (await db.Contractors.AsNoTracking().Where(c => jurisdictions.Contains(c.JurisdictionCode)).ToListAsync(cancellationToken))
            .GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var tickets = await Mekong.Modules.Cameras.Features.Maintenance.TicketEndpoints.Visible(db, user).AsNoTracking()
            .Where(t => (t.OpenedAt >= from && t.OpenedAt < monthEnd) || t.State != TicketState.Closed)
            .Select(t => new { t.Contractor, t.OpenedAt, t.State, t.DowntimeSeconds, t.OutageStartedAt })
            .ToListAsync(cancellationToken);

        var rows = new Dictionary<string, (int Cameras, int Counted, int Excluded, long On, long Deg, long Off, long Maint)>(StringComparer.Ordinal);
        foreach (var camera in cameras)
        {
            var key = camera.Contractor ?? NoContractor;
            var row = rows.GetValueOrDefault(key);
            row.Cameras++;
            if (camera.Tags.Contains(FleetHealth.IntermittentTag))
            {
                row.Excluded++;
                rows[key] = row;
                continue;
            }

            var own = changes.GetValueOrDefault(camera.Id);
            var state = own is { Count: > 0 } ? own[0].From : camera.State;
            var cursor = camera.CreatedAt > from ? camera.CreatedAt : from;
            var seconds = new long[5];
            foreach (var change in (own ?? []).Where(h => h.At < until))
            {
                if (change.At > cursor)
                {
                    seconds[(int)state] += (long)(change.At - cursor).TotalSeconds;
                    cursor = change.At;
                }

                state = change.To;
            }

            if (until > cursor)
            {
                seconds[(int)state] += (long)(until - cursor).TotalSeconds;
            }

            var counted = seconds[(int)CameraState.Online] + seconds[(int)CameraState.Degraded] + seconds[(int)CameraState.Offline];
            row.Counted += counted > 0 ? 1 : 0;
            row.On += seconds[(int)CameraState.Online];
            row.Deg += seconds[(int)CameraState.Degraded];
            row.Off += seconds[(int)CameraState.Offline];
            row.Maint += seconds[(int)CameraState.Maintenance];
            rows[key] = row;
        }

        foreach (var name in registered.Keys.Where(n => !rows.ContainsKey(n)))
        {
            rows[name] = default;
        }

        var result = rows.Select(r =>
        {
            var contractor = registered.GetValueOrDefault(r.Key);
            var total = r.Value.On + r.Value.Deg + r.Value.Off;
            double? uptime = total == 0 ? null : Math.Round(100.0 * r.Value.On / total, 2);
            var own = tickets.Where(t => (t.Contractor ?? NoContractor) == r.Key).ToList();
            var opened = own.Where(t => t.OpenedAt >= from && t.OpenedAt < monthEnd).ToList();
            return new ContractorMonth(
                r.Key, contractor is not null, contractor?.UptimeTarget, uptime, uptime is { } u && contractor is not null ? u >= contractor.UptimeTarget : null,
                r.Value.Cameras, r.Value.Counted, r.Value.Excluded, r.Value.On, r.Value.Deg, r.Value.Off, r.Value.Maint,
                opened.Count, own.Count(t => t.State != TicketState.Closed),
                opened.Sum(t => t.DowntimeSeconds ?? (long)Math.Max(0, (now - t.OutageStartedAt).TotalSeconds)));
        })
            .OrderBy(r => r.Contractor.Length == 0).ThenBy(r => r.Contractor, StringComparer.Ordinal)
            .ToList();
        return new ContractorReportResult(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, until, until >= monthEnd, result);
    }

    private sealed record Change(CameraState From, CameraState To, DateTimeOffset At);

    /// <summary>
    /// A camera's changes in time order; changes of one instant (maintenance ended, then the first check) in the order
    /// their states chain (each one's "from" is the previous one's "to"), since the store gives no order among them.
    /// </summary>
    private static List<Change> Chain(IEnumerable<Change> changes)
    {
        var ordered = new List<Change>();
        foreach (var instant in changes.GroupBy(c => c.At).OrderBy(g => g.Key))
        {
            var left = instant.ToList();
            while (left.Count > 0)
            {
                var state = ordered.Count > 0 ? ordered[^1].To : (CameraState?)null;
                var next = left.FirstOrDefault(c => c.From == state)
                    ?? left.FirstOrDefault(c => !left.Any(o => o != c && o.To == c.From))
                    ?? left[0];
                ordered.Add(next);
                left.Remove(next);
            }
        }

        return ordered;
    }

    public static string Csv(ContractorReportResult report)
    {
        var text = new System.Text.StringBuilder();
        text.Append("month,contractor,registered,target_percent,uptime_percent,target_met,cameras,counted_cameras,excluded_intermittent,online_hours,degraded_hours,offline_hours,maintenance_hours,tickets_opened,open_tickets,ticket_downtime_hours\r\n");
        foreach (var r in report.Contractors)
        {
            text.Append(string.Join(',',
                report.Month, ImportExport.Csv.Escape(r.Contractor), r.Registered ? "yes" : "no", Number(r.TargetPercent), Number(r.UptimePercent),
                r.TargetMet is null ? "" : r.TargetMet.Value ? "yes" : "no",
                Int(r.Cameras), Int(r.CountedCameras), Int(r.ExcludedIntermittent),
                Hours(r.OnlineSeconds), Hours(r.DegradedSeconds), Hours(r.OfflineSeconds), Hours(r.MaintenanceSeconds),
                Int(r.TicketsOpened), Int(r.OpenTickets), Hours(r.TicketDowntimeSeconds))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hours(long seconds) => (seconds / 3600.0).ToString("0.##", CultureInfo.InvariantCulture);
}
