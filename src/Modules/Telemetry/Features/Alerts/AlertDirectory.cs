using System.Globalization;
using Mekong.Modules.Telemetry.Contracts;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary><see cref="IAlertDirectory"/>: the alerts other modules may read (incidents opened from alerts), as <see cref="AlertView"/>.</summary>
internal sealed class AlertDirectory(TelemetryDbContext db) : IAlertDirectory
{
    public const int MaxActive = 500;

    public async Task<AlertView?> FindAsync(string jurisdictionCode, Guid id, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.JurisdictionCode == jurisdictionCode, cancellationToken);
        return alert is null ? null : ViewOf(alert);
    }

    public async Task<IReadOnlyList<AlertView>> ListActiveAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => a.JurisdictionCode == jurisdictionCode && a.State != AlertState.Resolved)
            .OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id)
            .Take(MaxActive)
            .ToListAsync(cancellationToken);
        return [.. alerts.Select(ViewOf)];
    }

    public static AlertView ViewOf(Alert alert) => new(
        alert.Id,
        alert.JurisdictionCode,
        alert.RuleName,
        AlertNames.Of(alert.Severity),
        AlertNames.Of(alert.State),
        alert.TitleVi,
        alert.TitleEn,
        alert.DeviceType,
        [.. alert.DeviceIds.Select(d => d.ToString(CultureInfo.InvariantCulture))],
        alert.CommuneCodes,
        alert.Latitude,
        alert.Longitude,
        alert.OpenedAt,
        alert.AcknowledgedAt,
        alert.ResolvedAt);
}
