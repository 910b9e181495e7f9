using Mekong.Modules.Incidents.Domain;

namespace Mekong.Modules.Incidents.Features.Incidents;

/// <summary>Opening an incident: by hand, from a citizen report (<c>reportId</c>) or from an alert (<c>alertId</c>), which fill what is not given.</summary>
internal sealed record CreateIncidentRequest(
    string? Type, string? Severity, string? Title, string? Description, double? Latitude, double? Longitude,
    IReadOnlyList<string?>? Communes, IReadOnlyList<string?>? Agencies, long? ReportId, Guid? AlertId);

/// <summary>A change: what is given (not null) changes, the rest stays. <c>status</c> is <c>open</c> or <c>monitoring</c>.</summary>
internal sealed record UpdateIncidentRequest(
    string? Severity, string? Title, string? Description, double? Latitude, double? Longitude,
    IReadOnlyList<string?>? Communes, IReadOnlyList<string?>? Agencies, string? Status);

internal sealed record NoteRequest(string? Text);

internal sealed record StepRequest(bool? Done, string? Note);

internal sealed record CloseRequest(string? Report);

internal sealed record ChecklistItemDto(int Number, string TitleVi, string TitleEn, string Owner, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string? DoneBy, bool Overdue);

internal sealed record TimelineEntryDto(DateTimeOffset At, string Kind, string By, string Text);

internal sealed record IncidentSummaryDto(
    Guid Id, string Type, string TypeNameVi, string TypeNameEn, string Severity, string Status, string Title,
    IReadOnlyList<string> Communes, IReadOnlyList<string> Agencies, double? Latitude, double? Longitude,
    string Source, string? SourceRef, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, int StepsDone, int StepsTotal, int OverdueSteps)
{
    public static IncidentSummaryDto From(Incident i, DateTimeOffset now) => new(
        i.Id, i.TypeCode, i.TypeNameVi, i.TypeNameEn, i.Severity, Incident.Name(i.Status), i.Title, i.Communes, i.Agencies, i.Latitude, i.Longitude,
        SourceName(i.Source), i.SourceRef, i.OpenedAt, i.UpdatedAt, i.Checklist.Count(s => s.DoneAt is not null), i.Checklist.Count, i.OverdueSteps(now));

    public static string SourceName(IncidentSource source) => source switch
    {
        IncidentSource.Report => "report",
        IncidentSource.Alert => "alert",
        _ => "manual",
    };
}

internal sealed record IncidentDto(
    Guid Id, string Type, string TypeNameVi, string TypeNameEn, string CapCategory, string Severity, string Status, string Title, string Description,
    IReadOnlyList<string> Communes, IReadOnlyList<string> Agencies, double? Latitude, double? Longitude, string Source, string? SourceRef,
    DateTimeOffset OpenedAt, string OpenedBy, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, string? ClosedBy, string? ClosureReport,
    int OverdueSteps, IReadOnlyList<ChecklistItemDto> Checklist, IReadOnlyList<TimelineEntryDto> Timeline)
{
    public static IncidentDto From(Incident i, IEnumerable<TimelineEntry> timeline, DateTimeOffset now) => new(
        i.Id, i.TypeCode, i.TypeNameVi, i.TypeNameEn, i.CapCategory, i.Severity, Incident.Name(i.Status), i.Title, i.Description,
        i.Communes, i.Agencies, i.Latitude, i.Longitude, IncidentSummaryDto.SourceName(i.Source), i.SourceRef,
        i.OpenedAt, i.OpenedBy, i.UpdatedAt, i.ClosedAt, i.ClosedBy, i.ClosureReport, i.OverdueSteps(now),
        i.Checklist.Select(s => new ChecklistItemDto(s.Number, s.TitleVi, s.TitleEn, Types.IncidentTypeRules.OwnerText(s.OwnerKind, s.OwnerCode), s.DueAt, s.DoneAt, s.DoneBy, s.IsOverdue(now, i.Status))).ToList(),
        timeline.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineEntryDto(e.At, e.Kind, e.By, e.Text)).ToList());
}
