namespace Mekong.Modules.Reports.Domain;

/// <summary>What a history entry records: a state change (the default), or an event that leaves the state as it is.</summary>
internal enum ReportChangeKind
{
    Status,

    /// <summary>An officer's internal note alone.</summary>
    Note,

    /// <summary>Another report was merged into this one (a public message to this report's followers).</summary>
    Merged,

    DeadlineWarning,

    /// <summary>The deadline passed while open; escalated to the unit's head.</summary>
    Overdue,
}

/// <summary>
/// One step of a report's history: who moved it, when, from and to which state (and unit), the message the resident
/// may read and the note only staff read. Written by <see cref="Report"/> only.
/// </summary>
internal sealed class ReportChange
{
    private ReportChange()
    {
        Actor = string.Empty;
    }

    public Guid Id { get; private set; }

    public long ReportId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Who made the change: a user or key id, <c>citizen</c> for the submission, <c>system</c> for jobs.</summary>
    public string Actor { get; private set; }

    public ReportStatus? From { get; private set; }

    public ReportStatus To { get; private set; }

    public ResponsibleKind? UnitKind { get; private set; }

    public string? UnitCode { get; private set; }

    /// <summary>Shown to the resident and in Open311 <c>status_notes</c>.</summary>
    public string? PublicMessage { get; private set; }

    /// <summary>Staff only; never in a public answer.</summary>
    public string? InternalNote { get; private set; }

    /// <summary>Links a change to its report's number when the report was bulk-written (the database gave the number; ADR 0025).</summary>
    internal void BelongTo(long reportId) => ReportId = reportId;

    public ReportChangeKind Kind { get; private set; } = ReportChangeKind.Status;

    /// <summary>
    /// What a resident may see changed: a new state, a unit (routing), or a public message on any entry. An entry with
    /// only an internal note (a note, a deadline warning, an escalation) is not public, and nobody outside the staff
    /// hears of it.
    /// </summary>
    public bool IsPublic => PublicMessage is not null || (Kind == ReportChangeKind.Status && (From != To || UnitKind is not null));

    /// <summary>An event that leaves the state as it is (<see cref="From"/> = <see cref="To"/>).</summary>
    internal static ReportChange RecordEvent(DateTimeOffset at, string actor, ReportStatus status, ReportChangeKind kind, string? publicMessage, string? internalNote)
    {
        var change = Record(at, actor, status, status, null, publicMessage, internalNote);
        change.Kind = kind;
        return change;
    }

    internal static ReportChange Record(DateTimeOffset at, string actor, ReportStatus? from, ReportStatus to, ResponsibleUnit? unit, string? publicMessage, string? internalNote) => new()
    {
        Id = Guid.CreateVersion7(),
        At = at,
        Actor = actor,
        From = from,
        To = to,
        UnitKind = unit?.Kind,
        UnitCode = unit?.Code,
        PublicMessage = publicMessage,
        InternalNote = internalNote,
    };
}
