using Mekong.Modules.Reports.Domain;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>A status change: <c>acknowledged</c>, <c>in_progress</c>, <c>resolved</c>, <c>closed</c>, <c>rejected</c> (a public message is the reason), <c>reopened</c>.</summary>
internal sealed record ChangeStatusRequest(string? Status, string? PublicMessage, string? InternalNote);

/// <summary>To a unit: <c>unitKind</c> <c>department</c>, <c>commune</c> or <c>outside_body</c>, and its code (or the outside body's name).</summary>
internal sealed record AssignRequest(string? UnitKind, string? UnitCode, string? PublicMessage, string? InternalNote);

internal sealed record AddNoteRequest(string? Note);

/// <summary>Marks the report a duplicate of <c>intoId</c>.</summary>
internal sealed record MergeRequest(long? IntoId, string? PublicMessage, string? InternalNote);

/// <summary>One action over a selection: <c>assign</c> (unit), <c>status</c> (status) or <c>merge</c> (every report into <c>intoId</c>).</summary>
internal sealed record BulkRequest(IReadOnlyList<long>? Ids, string? Action, string? Status, string? UnitKind, string? UnitCode, long? IntoId, string? PublicMessage, string? InternalNote);

/// <summary>Each report's own outcome: it was changed entirely, or not at all (with the problem's status and detail).</summary>
internal sealed record BulkItemResult(long Id, bool Ok, string? Status, int? ProblemStatus, string? Problem);

internal sealed record BulkResponse(int Succeeded, int Failed, IReadOnlyList<BulkItemResult> Results);

internal sealed record QueueItem(
    long Id,
    string ServiceCode,
    string ServiceName,
    string Status,
    string? UnitKind,
    string? UnitCode,
    string? Agency,
    string? CommuneCode,
    double? Latitude,
    double? Longitude,
    string? Description,
    bool IsEmergency,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpectedAt,
    bool Overdue,
    DateTimeOffset? OverdueAt,
    long? DuplicateOf);

internal sealed record ReporterRecord(string? FirstName, string? LastName, string? Phone, string? Email, string? AccountId);

internal sealed record HistoryRecord(DateTimeOffset At, string Actor, string Kind, string? From, string To, string? UnitKind, string? UnitCode, string? PublicMessage, string? InternalNote, bool IsPublic);

/// <summary>A report as its officers see it: everything, the reporter's contact and the internal history included.</summary>
internal sealed record CaseRecord(
    QueueItem Report,
    string? AddressString,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    IReadOnlyList<string> Photos,
    string? MediaUrl,
    bool IsPublic,
    ReporterRecord Reporter,
    string SubmittedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? DeadlineWarnedAt,
    DateTimeOffset? EscalatedAt,
    string? StatusNotes,
    IReadOnlyList<string> AllowedStatuses,
    IReadOnlyList<HistoryRecord> History);

internal static class CaseMapping
{
    public static string Code(this ResponsibleKind kind) => kind switch
    {
        ResponsibleKind.OutsideBody => "outside_body",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParseKind(string? text, out ResponsibleKind kind)
    {
        kind = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "department": kind = ResponsibleKind.Department; return true;
            case "commune": kind = ResponsibleKind.Commune; return true;
            case "outside_body" or "outsidebody": kind = ResponsibleKind.OutsideBody; return true;
            default: return false;
        }
    }

    public static bool TryParseStatus(string? text, out ReportStatus status)
    {
        status = default;
        var code = text?.Trim().ToLowerInvariant();
        foreach (var s in Enum.GetValues<ReportStatus>())
        {
            if (s.Code() == code)
            {
                status = s;
                return true;
            }
        }

        return false;
    }

    public static QueueItem ToItem(Report r, ServiceCategory? category, bool english, DateTimeOffset now) => new(
        r.Id, r.ServiceCode, category?.Name(english) ?? r.ServiceCode, r.Status.Code(), r.UnitKind?.Code(), r.UnitCode,
        english ? r.AgencyEn : r.AgencyVi, r.Location.CommuneCode, r.Location.Latitude, r.Location.Longitude, r.Description,
        r.IsEmergency, r.RequestedAt, r.ExpectedAt, r.IsOverdue(now), r.OverdueAt, r.DuplicateOfId);

    public static CaseRecord ToRecord(Report r, ServiceCategory? category, bool english, DateTimeOffset now) => new(
        ToItem(r, category, english, now), r.Location.AddressString, r.Attributes, r.PhotoHashes, r.MediaUrl, r.IsPublic,
        new ReporterRecord(r.Reporter.FirstName, r.Reporter.LastName, r.Reporter.Phone, r.Reporter.Email, r.Reporter.AccountId),
        r.SubmittedBy, r.UpdatedAt, r.ClosedAt, r.DeadlineWarnedAt, r.EscalatedAt, r.StatusNotes,
        ReportStatuses.AllowedFrom(r.Status).Select(s => s.Code()).ToList(),
        r.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryRecord(
            h.At, h.Actor, KindCode(h.Kind), h.From?.Code(), h.To.Code(), h.UnitKind?.Code(), h.UnitCode, h.PublicMessage, h.InternalNote, h.IsPublic)).ToList());

    public static string KindCode(ReportChangeKind kind) => kind switch
    {
        ReportChangeKind.DeadlineWarning => "deadline_warning",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
