using System.Globalization;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Notifications;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// What officers are told (in the bell and by e-mail, through the platform's notifications and the caller's outbox): a
/// report reached their unit, its deadline nears, it is overdue (to the unit's head). No personal data of the reporter.
/// </summary>
internal sealed class OfficerNotices(IOfficerDirectory officers, INotifications notifications)
{
    public const string Assigned = "reports.assigned";
    public const string DeadlineWarning = "reports.deadline-warning";
    public const string Escalated = "reports.escalated";

    /// <summary>The officers of the report's unit (none for an outside body or an unrouted report).</summary>
    public async Task<IReadOnlyList<Guid>> OfficersOfAsync(Report report, bool headsOnly, CancellationToken cancellationToken)
    {
        if (CaseScope.ToOfficerUnit(report.UnitKind, report.UnitCode) is not { } unit)
        {
            return [];
        }

        var found = headsOnly
            ? await officers.HeadsOfAsync(report.JurisdictionCode, unit, cancellationToken)
            : await officers.OfficersOfAsync(report.JurisdictionCode, unit, cancellationToken);
        return found.Select(o => o.User.Id).ToList();
    }

    /// <summary>The report reached a unit (assigned, reassigned): its officers hear of it.</summary>
    public async Task<int> ReachedUnitAsync(Microsoft.EntityFrameworkCore.DbContext db, Report report, string serviceVi, string serviceEn, CancellationToken cancellationToken)
    {
        var recipients = await OfficersOfAsync(report, headsOnly: false, cancellationToken);
        return await notifications.NotifyAsync(db, Notice(report, Assigned, $"{report.History.Count}",
            new LocalizedText($"Phản ánh số {report.Id} chuyển đến {report.AgencyVi}: {serviceVi}", $"Report {report.Id} for {report.AgencyEn}: {serviceEn}"),
            new LocalizedText($"Phản ánh số {report.Id} ({serviceVi}) cần xử lý trước {Vietnam(report.ExpectedAt)}.", $"Report {report.Id} ({serviceEn}) is to be handled by {Vietnam(report.ExpectedAt)}."),
            recipients), cancellationToken);
    }

    public async Task<int> WarnAsync(Microsoft.EntityFrameworkCore.DbContext db, Report report, CancellationToken cancellationToken)
    {
        var recipients = await OfficersOfAsync(report, headsOnly: false, cancellationToken);
        return await notifications.NotifyAsync(db, Notice(report, DeadlineWarning, W3cDateTime.Format(report.ExpectedAt),
            new LocalizedText($"Sắp đến hạn: phản ánh số {report.Id}", $"Deadline near: report {report.Id}"),
            new LocalizedText($"Phản ánh số {report.Id} ({report.AgencyVi}) phải xử lý xong trước {Vietnam(report.ExpectedAt)}.", $"Report {report.Id} ({report.AgencyEn}) must be handled by {Vietnam(report.ExpectedAt)}."),
            recipients), cancellationToken);
    }

    /// <summary>The report is overdue: the unit's heads hear of it; returns how many heads there are.</summary>
    public async Task<int> EscalateAsync(Microsoft.EntityFrameworkCore.DbContext db, Report report, CancellationToken cancellationToken)
    {
        var heads = await OfficersOfAsync(report, headsOnly: true, cancellationToken);
        await notifications.NotifyAsync(db, Notice(report, Escalated, W3cDateTime.Format(report.ExpectedAt),
            new LocalizedText($"Quá hạn: phản ánh số {report.Id}", $"Overdue: report {report.Id}"),
            new LocalizedText($"Phản ánh số {report.Id} ({report.AgencyVi}) đã quá hạn xử lý {Vietnam(report.ExpectedAt)} mà chưa xong.", $"Report {report.Id} ({report.AgencyEn}) passed its deadline of {Vietnam(report.ExpectedAt)} unfinished."),
            heads), cancellationToken);
        return heads.Count;
    }

    private static Notice Notice(Report report, string eventType, string occurrence, LocalizedText title, LocalizedText body, IReadOnlyList<Guid> recipients)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = report.ServiceCode };
        if (report.UnitKind is { } kind)
        {
            keys["unit_kind"] = kind.ToString().ToLowerInvariant();
            keys["unit"] = report.UnitCode!;
        }

        var id = report.Id.ToString(CultureInfo.InvariantCulture);
        return new Notice(eventType, report.JurisdictionCode, title, body)
        {
            DepartmentCode = report.UnitKind == ResponsibleKind.Department ? report.UnitCode : null,
            Keys = keys,
            // One event per report, per deadline (warnings, escalation) or per history step (assignment): a retry sends nothing twice.
            EventId = $"{eventType}.{id}.{occurrence}",
            Link = $"/reports/queue/{id}",
            Recipients = recipients,
            Data = new { id, service_code = report.ServiceCode, status = report.Status.Code(), unit_kind = report.UnitKind?.ToString().ToLowerInvariant(), unit = report.UnitCode, expected_at = report.ExpectedAt },
        };
    }

    private static string Vietnam(DateTimeOffset at) => W3cDateTime.Format(at);
}
