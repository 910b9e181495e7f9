using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Notifications;

namespace Mekong.Modules.Reports.Features.Notices;

/// <summary>The outbox message types and event types of report notices (ADR 0022).</summary>
internal static class NoticeTypes
{
    /// <summary>An e-mail rendered at delivery from a template of this module (<see cref="NoticeEmailPayload"/>).</summary>
    public const string Email = "reports.email";

    /// <summary>Notices that could not be prepared: always dead-lettered with the reason, so the change is kept and the failure seen.</summary>
    public const string Failed = "reports.notice-failed";

    /// <summary>What a resident hears (e-mail, bell) at a public change of their report or of one theirs was merged into.</summary>
    public const string ResidentEvent = "reports.updated";

    /// <summary>An outside body hears that a report is now theirs to handle.</summary>
    public const string Routed = "reports.routed";

    /// <summary>An outside body hears a later public change of a report routed to it.</summary>
    public const string Updated = "reports.updated";

    public const string ResidentTemplate = "resident";
    public const string OutsideBodyTemplate = "outside-body";

    private const string Folder = "Modules/Reports/Features/Notices/Templates/";

    /// <summary>What /admin/notifications lists of these notices.</summary>
    public static readonly DirectNoticeKind[] Kinds =
    [
        new(ResidentEvent, new("Người phản ánh, người có phản ánh trùng được gộp", "The reporter, and the reporters of duplicates merged in"), new("Thư điện tử", "E-mail"), Folder + "resident.{vi,en}.{txt,html}"),
        new(ResidentEvent, new("Người phản ánh đã đăng nhập khi gửi", "The reporter, when signed in while reporting"), new("Chuông thông báo", "Bell"), Folder + "resident-inapp.{vi,en}.txt"),
        new(Routed, new("Đơn vị ngoài (theo loại phản ánh)", "The outside body of the category"), new("Thư điện tử", "E-mail"), Folder + "outside-body.vi.{txt,html}"),
        new(Routed + ", " + Updated, new("Đơn vị ngoài (theo loại phản ánh)", "The outside body of the category"), new("Webhook", "Webhook"), "JSON (docs/webhooks.md)"),
    ];
}

/// <summary>The report as it stood at one public change: what every notice of that change is written from (fixed at the change).</summary>
internal sealed record ReportSnapshot(
    long Id,
    string JurisdictionCode,
    string ServiceCode,
    string CategoryVi,
    string CategoryEn,
    string Status,
    string? PreviousStatus,
    string? PublicMessage,
    string? AgencyVi,
    string? AgencyEn,
    Guid ChangeId,
    DateTimeOffset ChangedAt,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpectedAt)
{
    public static ReportSnapshot Of(Report report, ReportChange change, ServiceCategory? category) => new(
        report.Id,
        report.JurisdictionCode,
        report.ServiceCode,
        // A category deleted (or never found) leaves its code: the notice still goes out.
        category?.NameVi ?? report.ServiceCode,
        category?.NameEn ?? report.ServiceCode,
        change.To.Code(),
        change.From?.Code(),
        change.PublicMessage,
        report.AgencyVi,
        report.AgencyEn,
        change.Id,
        change.At,
        report.RequestedAt,
        report.ExpectedAt);

    public bool IsSubmission => PreviousStatus is null;

    public bool IsResolution => Status == ReportStatus.Resolved.Code();
}

/// <summary>What an outside body needs to act: the problem, the place, the photos, the deadline. Never who reported it (ADR 0022).</summary>
internal sealed record OutsideBodyDetails(
    string BodyName,
    string? Description,
    double? Latitude,
    double? Longitude,
    string? AddressString,
    string? CommuneCode,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    IReadOnlyList<string> PhotoHashes,
    bool PhotosArePublic,
    string? MediaUrl);

/// <summary>One e-mail of a report notice to one address; rendered from <see cref="Template"/> at delivery.</summary>
/// <param name="ReportToken">The reporter's own token, only in their own notice: the rating link at resolution carries it.</param>
/// <param name="OwnReportId">For the reporter of a duplicate: their report, merged into <see cref="Report"/>.</param>
internal sealed record NoticeEmailPayload(
    string Template,
    string MessageId,
    string EventType,
    string To,
    string? ToName,
    string Language,
    ReportSnapshot Report,
    long? OwnReportId = null,
    string? ReportToken = null,
    OutsideBodyDetails? Body = null);

/// <summary>Why the notices of a change could not be prepared.</summary>
internal sealed record NoticeFailure(long ReportId, Guid ChangeId, string Error);
