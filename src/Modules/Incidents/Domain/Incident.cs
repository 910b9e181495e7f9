using System.Globalization;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Incidents.Domain;

internal enum IncidentStatus
{
    Open,
    Monitoring,
    Closed,
}

/// <summary>How an incident came to be opened.</summary>
internal enum IncidentSource
{
    Manual,
    Report,
    Alert,
}

/// <summary>A step of an incident's checklist, copied from its type's procedure when the incident opened.</summary>
internal sealed class ChecklistItem
{
    public int Number { get; set; }

    public string TitleVi { get; set; } = string.Empty;

    public string TitleEn { get; set; } = string.Empty;

    public StepOwnerKind OwnerKind { get; set; }

    public string OwnerCode { get; set; } = string.Empty;

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneBy { get; set; }

    public bool IsOverdue(DateTimeOffset now, IncidentStatus status) => DoneAt is null && status != IncidentStatus.Closed && now > DueAt;
}

/// <summary>What happened in an incident, who did it and when: every change and every free note (<i>nhật ký sự cố</i>).</summary>
internal sealed class TimelineEntry
{
    public const int TextMaxLength = 4000;

    private TimelineEntry()
    {
        Kind = By = Text = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary><c>opened</c>, <c>changed</c>, <c>note</c>, <c>step-done</c>, <c>step-reopened</c>, <c>status</c>, <c>warning</c>, <c>closed</c>.</summary>
    public string Kind { get; private set; }

    /// <summary>The display name of who did it (an account's name, an API key's name).</summary>
    public string By { get; private set; }

    public string Text { get; private set; }

    public static TimelineEntry Of(Guid incidentId, string kind, string by, string text, DateTimeOffset at) =>
        new() { Id = Guid.CreateVersion7(at), IncidentId = incidentId, Kind = kind, By = by, Text = text.Length > TextMaxLength ? text[..TextMaxLength] : text, At = at };
}

/// <summary>A list of commune codes as one text a LIKE can search: <c>|code|code|</c>.</summary>
internal static class CommuneKeys
{
    public static string Of(IEnumerable<string> communes) => "|" + string.Concat(communes.Select(c => c + "|"));

    public static string Pattern(string commune) => "%|" + commune + "|%";
}

/// <summary>What an operator gives when opening or changing an incident, already checked against the directories.</summary>
internal sealed record IncidentContent(string Severity, string Title, string Description, double? Latitude, double? Longitude, IReadOnlyList<string> Communes, IReadOnlyList<string> Agencies);

/// <summary>
/// An incident (<i>sự cố</i>) the operations centre runs: its type and procedure, severity, place, affected communes,
/// the agencies working on it, the checklist, the timeline and, to close it, the closure report. Every change goes
/// through a method here and writes its timeline entry.
/// </summary>
internal sealed class Incident
{
    public const int TitleMaxLength = 300;
    public const int DescriptionMaxLength = 8000;
    public const int ReportMaxLength = 16000;
    public const int MaxCommunes = 100;
    public const int MaxAgencies = 30;

    private Incident()
    {
        JurisdictionCode = TypeCode = TypeNameVi = TypeNameEn = CapCategory = Severity = Title = Description = OpenedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public Guid TypeId { get; private set; }

    public string TypeCode { get; private set; }

    public string TypeNameVi { get; private set; }

    public string TypeNameEn { get; private set; }

    public string CapCategory { get; private set; }

    /// <summary>A CAP severity: Extreme, Severe, Moderate or Minor.</summary>
    public string Severity { get; private set; }

    public IncidentStatus Status { get; private set; }

    public string Title { get; private set; }

    public string Description { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public List<string> Communes { get; private set; } = [];

    public List<string> Agencies { get; private set; } = [];

    /// <summary><see cref="Communes"/> as <c>|code|code|</c>, so a query finds the incidents of one commune with LIKE on either database.</summary>
    public string CommuneKey { get; private set; } = "|";

    public IncidentSource Source { get; private set; }

    /// <summary>The report id (<c>1234</c>) or the alert id it was opened from.</summary>
    public string? SourceRef { get; private set; }

    public List<ChecklistItem> Checklist { get; private set; } = [];

    public List<TimelineEntry> Timeline { get; private set; } = [];

    public DateTimeOffset OpenedAt { get; private set; }

    public string OpenedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public string? ClosureReport { get; private set; }

    public static Incident Open(string jurisdictionCode, IncidentType type, IncidentContent content, IncidentSource source, string? sourceRef, string by, DateTimeOffset now)
    {
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = jurisdictionCode,
            TypeId = type.Id,
            TypeCode = type.Code,
            TypeNameVi = type.NameVi,
            TypeNameEn = type.NameEn,
            CapCategory = type.CapCategory,
            Severity = content.Severity,
            Status = IncidentStatus.Open,
            Title = content.Title,
            Description = content.Description,
            Latitude = content.Latitude,
            Longitude = content.Longitude,
            Communes = [.. content.Communes],
            CommuneKey = CommuneKeys.Of(content.Communes),
            Agencies = [.. content.Agencies],
            Source = source,
            SourceRef = sourceRef,
            OpenedAt = now,
            OpenedBy = by,
            UpdatedAt = now,
        };
        incident.Checklist = type.Steps.Select((s, i) => new ChecklistItem
        {
            Number = i + 1,
            TitleVi = s.TitleVi,
            TitleEn = s.TitleEn,
            OwnerKind = s.OwnerKind,
            OwnerCode = s.OwnerCode,
            DueAt = now.AddMinutes(s.DeadlineMinutes),
        }).ToList();
        var from = source switch
        {
            IncidentSource.Report => $" from citizen report #{sourceRef}",
            IncidentSource.Alert => $" from alert {sourceRef}",
            _ => string.Empty,
        };
        incident.Record("opened", by, $"Opened{from}: {type.NameEn} / {type.NameVi}, severity {content.Severity}, {incident.Checklist.Count} checklist step(s).", now);
        return incident;
    }

    public bool IsClosed => Status == IncidentStatus.Closed;

    public int OverdueSteps(DateTimeOffset now) => Checklist.Count(s => s.IsOverdue(now, Status));

    /// <summary>Applies what changed and records each change; nothing changes on a closed incident.</summary>
    public void Change(IncidentContent content, string by, DateTimeOffset now)
    {
        EnsureOpen();
        var changes = new List<string>();
        if (content.Severity != Severity)
        {
            changes.Add($"severity {Severity} → {content.Severity}");
            Severity = content.Severity;
        }

        if (content.Title != Title)
        {
            changes.Add($"title “{Title}” → “{content.Title}”");
            Title = content.Title;
        }

        if (content.Description != Description)
        {
            changes.Add("description edited");
            Description = content.Description;
        }

        if (content.Latitude != Latitude || content.Longitude != Longitude)
        {
            changes.Add($"place → {Place(content.Latitude, content.Longitude)}");
            (Latitude, Longitude) = (content.Latitude, content.Longitude);
        }

        if (Diff("communes", Communes, content.Communes, changes))
        {
            Communes = [.. content.Communes];
            CommuneKey = CommuneKeys.Of(content.Communes);
        }

        if (Diff("agencies", Agencies, content.Agencies, changes))
        {
            Agencies = [.. content.Agencies];
        }

        if (changes.Count > 0)
        {
            Record("changed", by, string.Join("; ", changes) + ".", now);
        }
    }

    public void SetStatus(IncidentStatus status, string by, DateTimeOffset now)
    {
        EnsureOpen();
        if (status == IncidentStatus.Closed)
        {
            throw DomainException.Invalid("An incident is closed with its closure report (POST …/close).");
        }

        if (status != Status)
        {
            Record("status", by, $"Status {Name(Status)} → {Name(status)}.", now);
            Status = status;
        }
    }

    public void AddNote(string text, string by, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw DomainException.Invalid("A note needs its text.");
        }

        Record("note", by, text.Trim(), now);
    }

    /// <summary>Ticks (or unticks) step <paramref name="number"/>, recording who and when.</summary>
    public ChecklistItem MarkStep(int number, bool done, string by, string? note, DateTimeOffset now)
    {
        EnsureOpen();
        var step = Checklist.FirstOrDefault(s => s.Number == number)
            ?? throw DomainException.NotFound($"Incident {Id} has no checklist step {number.ToString(CultureInfo.InvariantCulture)}.");
        var suffix = string.IsNullOrWhiteSpace(note) ? string.Empty : " — " + note.Trim();
        if (done && step.DoneAt is null)
        {
            var late = now > step.DueAt ? " (late)" : string.Empty;
            step.DoneAt = now;
            step.DoneBy = by;
            Record("step-done", by, $"Step {number.ToString(CultureInfo.InvariantCulture)} done{late}: {step.TitleEn} / {step.TitleVi}{suffix}", now);
        }
        else if (!done && step.DoneAt is not null)
        {
            step.DoneAt = null;
            step.DoneBy = null;
            Record("step-reopened", by, $"Step {number.ToString(CultureInfo.InvariantCulture)} reopened: {step.TitleEn} / {step.TitleVi}{suffix}", now);
        }

        return step;
    }

    public void RecordWarning(string text, string by, DateTimeOffset now) => Record("warning", by, text, now);

    /// <summary>Closes the incident: the closure report (what happened, what was done, the damage, the lessons) is required.</summary>
    public void Close(string report, string by, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(report))
        {
            throw DomainException.Invalid("An incident is closed with its closure report.");
        }

        var open = Checklist.Count(s => s.DoneAt is null);
        Status = IncidentStatus.Closed;
        ClosedAt = now;
        ClosedBy = by;
        ClosureReport = report.Trim();
        Record("closed", by, open == 0 ? "Closed with the closure report." : $"Closed with the closure report; {open.ToString(CultureInfo.InvariantCulture)} checklist step(s) were not done.", now);
    }

    public static string Name(IncidentStatus status) => status switch
    {
        IncidentStatus.Monitoring => "monitoring",
        IncidentStatus.Closed => "closed",
        _ => "open",
    };

    private void EnsureOpen()
    {
        if (IsClosed)
        {
            throw DomainException.Conflict($"Incident {Id} is closed.");
        }
    }

    private void Record(string kind, string by, string text, DateTimeOffset now)
    {
        // Entries of one change keep their order: each a microsecond (PostgreSQL's precision) after the one before.
        var at = Timeline.Count > 0 && Timeline[^1].At >= now ? Timeline[^1].At.AddMicroseconds(1) : now;
        Timeline.Add(TimelineEntry.Of(Id, kind, by, text, at));
        UpdatedAt = now;
    }

    private static bool Diff(string what, List<string> current, IReadOnlyList<string> wanted, List<string> changes)
    {
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        if (added.Count + removed.Count == 0)
        {
            return false;
        }

        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add("+" + string.Join(", +", added));
        }

        if (removed.Count > 0)
        {
            parts.Add("−" + string.Join(", −", removed));
        }

        changes.Add($"{what} {string.Join(" ", parts)}");
        return true;
    }

    private static string Place(double? lat, double? lon) =>
        lat is { } a && lon is { } o ? string.Create(CultureInfo.InvariantCulture, $"{a:0.#####}, {o:0.#####}") : "none";
}
