namespace Mekong.Modules.Reports.Contracts;

/// <summary>
/// A citizen report as other modules may know it (an incident opened from it keeps its id and a copy of what it said).
/// <see cref="PublicCode"/> is the number residents see (<c>#1234</c>); the title is the category's name in each
/// language; <see cref="Status"/> is the report's state in lower case (<c>received</c>, <c>assigned</c>, <c>inprogress</c>, …).
/// </summary>
public sealed record ReportView(
    long Id,
    string JurisdictionCode,
    string PublicCode,
    string TitleVi,
    string TitleEn,
    string CategoryCode,
    string? Description,
    double? Latitude,
    double? Longitude,
    string? CommuneCode,
    string Status,
    DateTimeOffset RequestedAt);

/// <summary>Read-only look-up of a jurisdiction's citizen reports for other modules (incidents opened from a report).</summary>
public interface IReportDirectory
{
    Task<ReportView?> FindAsync(string jurisdictionCode, long id, CancellationToken cancellationToken);
}
