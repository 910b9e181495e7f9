using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Domain;

/// <summary>
/// An emergency report's alert on the operator console (<i>cảnh báo khẩn cấp</i>): raised when the report is saved
/// as submitted, shown to every operator of the jurisdiction until one of them acknowledges it. Not the report's own
/// workflow step <see cref="ReportStatus.Acknowledged"/>: an operator seeing the alert is not the centre taking the case.
/// </summary>
internal sealed class OpsAlert
{
    private OpsAlert()
    {
        JurisdictionCode = string.Empty;
    }

    public Guid Id { get; private set; }

    public long ReportId { get; private set; }

    /// <summary>The report, set when raised so that the alert is written in the report's own insert (its id comes from the database).</summary>
    public Report? Report { get; private set; }

    public string JurisdictionCode { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The operator who acknowledged it (a user id).</summary>
    public string? AcknowledgedBy { get; private set; }

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>Whether a report just saved raises an alert: an emergency category's report, as submitted.</summary>
    public static bool IsRaisedBy(Report report) => report.IsEmergency && report.Status == ReportStatus.Received;

    public static OpsAlert Raise(Report report, TimeProvider clock)
    {
        if (!IsRaisedBy(report))
        {
            throw DomainException.Invalid("Only a submitted emergency report raises an operator alert.");
        }

        return new OpsAlert
        {
            Id = Guid.CreateVersion7(),
            Report = report,
            ReportId = report.Id,
            JurisdictionCode = report.JurisdictionCode,
            RaisedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>An operator has seen it. Acknowledging twice keeps the first operator and time (two operators may click at once).</summary>
    public bool Acknowledge(string actor, TimeProvider clock)
    {
        if (IsAcknowledged)
        {
            return false;
        }

        AcknowledgedAt = clock.GetUtcNow();
        AcknowledgedBy = actor;
        return true;
    }
}
