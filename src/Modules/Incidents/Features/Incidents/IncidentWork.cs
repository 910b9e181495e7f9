using System.Globalization;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Modules.Reports.Contracts;
using Mekong.Modules.Telemetry.Contracts;
using Mekong.Platform.Errors;
using Mekong.Platform.Live;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Incidents.Features.Incidents;

/// <summary>The outcome of a use case: the incident, or the field errors that refused it.</summary>
internal sealed record IncidentOutcome(Incident? Incident, FieldErrors Errors);

/// <summary>
/// The incident use cases, one method each, shared by the API and the /ops pages: open (by hand, from a report, from an
/// alert), change, note, tick a step, close. Each saves once and tells the operator consoles (live topic
/// <see cref="LiveTopic"/>, the ids that changed).
/// </summary>
internal sealed class IncidentWork(
    IncidentsDbContext db,
    IAdminUnitDirectory adminUnits,
    IDepartmentDirectory departments,
    IReportDirectory reports,
    IServiceProvider services,
    ILiveChannel live,
    TimeProvider clock,
    ILogger<IncidentWork> logger)
{
    public const string LiveTopic = "layers.incidents";

    public async Task<IncidentOutcome> OpenAsync(string jurisdiction, CreateIncidentRequest? body, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            return new(null, errors.Add("body", "Send the incident as JSON."));
        }

        var typeCode = body.Type?.Trim() ?? string.Empty;
        var type = typeCode.Length == 0 ? null : await db.Types.AsNoTracking().FirstOrDefaultAsync(t => t.JurisdictionCode == jurisdiction && t.Code == typeCode && t.Active, cancellationToken);
        if (type is null)
        {
            errors.Add("type", typeCode.Length == 0 ? "type is required (an incident type's code)." : $"'{typeCode}' is not an active incident type of jurisdiction {jurisdiction}.");
        }

        // What the report or the alert said fills what the operator left out.
        var (source, sourceRef) = (IncidentSource.Manual, (string?)null);
        string? title = body.Title, description = body.Description;
        double? lat = body.Latitude, lon = body.Longitude;
        IReadOnlyList<string?>? communes = body.Communes;
        string? fromText = null;
        if (body.ReportId is not null && body.AlertId is not null)
        {
            errors.Add("reportId", "An incident is opened from a report or from an alert, not both.");
        }
        else if (body.ReportId is { } reportId)
        {
            var report = await reports.FindAsync(jurisdiction, reportId, cancellationToken);
            if (report is null)
            {
                errors.Add("reportId", $"There is no citizen report {reportId.ToString(CultureInfo.InvariantCulture)} in jurisdiction {jurisdiction}.");
            }
            else
            {
                (source, sourceRef) = (IncidentSource.Report, report.Id.ToString(CultureInfo.InvariantCulture));
                title ??= $"{report.TitleVi} ({report.PublicCode})";
                description ??= report.Description;
                (lat, lon) = lat is null && lon is null ? (report.Latitude, report.Longitude) : (lat, lon);
                communes ??= report.CommuneCode is { } c ? [c] : null;
                fromText = $"citizen report {report.PublicCode}";
            }
        }
        else if (body.AlertId is { } alertId)
        {
            var alerts = services.GetService<IAlertDirectory>();
            var alert = alerts is null ? null : await alerts.FindAsync(jurisdiction, alertId, cancellationToken);
            if (alerts is null)
            {
                errors.Add("alertId", "This server has no alerts to open an incident from.");
            }
            else if (alert is null)
            {
                errors.Add("alertId", $"There is no alert {alertId} in jurisdiction {jurisdiction}.");
            }
            else
            {
                (source, sourceRef) = (IncidentSource.Alert, alert.Id.ToString());
                title ??= alert.TitleVi;
                description ??= $"{alert.TitleVi} / {alert.TitleEn} — {alert.RuleName}, {alert.Severity}, {alert.DeviceIds.Count} device(s).";
                (lat, lon) = lat is null && lon is null ? (alert.Latitude, alert.Longitude) : (lat, lon);
                communes ??= alert.CommuneCodes.Count > 0 ? [.. alert.CommuneCodes] : null;
                fromText = $"alert {alert.Id}";
            }
        }

        var content = await CheckAsync(jurisdiction, errors, body.Severity, title, description ?? string.Empty, lat, lon, communes, body.Agencies, cancellationToken);
        if (content is null || type is null || !errors.IsEmpty)
        {
            return new(null, errors);
        }

        var incident = Incident.Open(jurisdiction, type, content, source, sourceRef, by, clock.GetUtcNow());
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Incident {Incident} ({Type}, {Severity}) opened in {Jurisdiction} by {By}{From}.", incident.Id, type.Code, content.Severity, jurisdiction, by, fromText is null ? string.Empty : " from " + fromText);
        await AnnounceAsync(incident, cancellationToken);
        return new(incident, errors);
    }

    public async Task<IncidentOutcome> ChangeAsync(Incident incident, UpdateIncidentRequest? body, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            return new(null, errors.Add("body", "Send the change as JSON."));
        }

        IncidentStatus? status = null;
        if (body.Status is { } statusText)
        {
            status = statusText.Trim().ToLowerInvariant() switch
            {
                "open" => IncidentStatus.Open,
                "monitoring" => IncidentStatus.Monitoring,
                _ => null,
            };
            if (status is null)
            {
                errors.Add("status", "status is open or monitoring; an incident is closed with its closure report (POST …/close).");
            }
        }

        var (lat, lon) = body.Latitude is null && body.Longitude is null ? (incident.Latitude, incident.Longitude) : (body.Latitude, body.Longitude);
        var content = await CheckAsync(incident.JurisdictionCode, errors, body.Severity ?? incident.Severity, body.Title ?? incident.Title, body.Description ?? incident.Description,
            lat, lon, body.Communes ?? incident.Communes, body.Agencies ?? incident.Agencies, cancellationToken);
        if (content is null || !errors.IsEmpty)
        {
            return new(null, errors);
        }

        var now = clock.GetUtcNow();
        incident.Change(content, by, now);
        if (status is { } s)
        {
            incident.SetStatus(s, by, now);
        }

        await SaveAsync(incident, cancellationToken);
        return new(incident, errors);
    }

    public async Task<IncidentOutcome> NoteAsync(Incident incident, string? text, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var note = text?.Trim() ?? string.Empty;
        if (note.Length == 0 || note.Length > TimelineEntry.TextMaxLength)
        {
            return new(null, errors.Add("text", $"text is required, at most {TimelineEntry.TextMaxLength} characters."));
        }

        incident.AddNote(note, by, clock.GetUtcNow());
        await SaveAsync(incident, cancellationToken);
        return new(incident, errors);
    }

    public async Task<IncidentOutcome> StepAsync(Incident incident, int number, StepRequest? body, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body?.Done is not { } done)
        {
            return new(null, errors.Add("done", "done is required: true to tick the step, false to reopen it."));
        }

        if (body.Note is { Length: > 1000 })
        {
            return new(null, errors.Add("note", "note is at most 1000 characters."));
        }

        incident.MarkStep(number, done, by, body.Note, clock.GetUtcNow());
        await SaveAsync(incident, cancellationToken);
        return new(incident, errors);
    }

    public async Task<IncidentOutcome> CloseAsync(Incident incident, string? report, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var text = report?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new(null, errors.Add("report", "An incident is closed with its closure report: what happened, what was done, the damage and the lessons."));
        }

        if (text.Length > Incident.ReportMaxLength)
        {
            return new(null, errors.Add("report", $"report is at most {Incident.ReportMaxLength} characters."));
        }

        incident.Close(text, by, clock.GetUtcNow());
        await SaveAsync(incident, cancellationToken);
        return new(incident, errors);
    }

    /// <summary>A jurisdiction's incident, tracked for a change (its timeline is not loaded: new entries are added).</summary>
    public Task<Incident?> FindAsync(string jurisdiction, Guid id, CancellationToken cancellationToken) =>
        db.Incidents.FirstOrDefaultAsync(i => i.Id == id && i.JurisdictionCode == jurisdiction, cancellationToken);

    public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await AnnounceAsync(incident, cancellationToken);
    }

    private async Task AnnounceAsync(Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            await live.PublishAsync(incident.JurisdictionCode, LiveTopic, new { ids = new[] { incident.Id.ToString() } }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is saved; a console that missed the message reloads on reconnect.
            logger.LogWarning(e, "The live message for incident {Incident} was not sent.", incident.Id);
        }
    }

    private async Task<IncidentContent?> CheckAsync(
        string jurisdiction, FieldErrors errors, string? severityText, string? titleText, string descriptionText, double? lat, double? lon,
        IReadOnlyList<string?>? communesGiven, IReadOnlyList<string?>? agenciesGiven, CancellationToken cancellationToken)
    {
        var severity = Cap.Normalize(severityText, Cap.IncidentSeverities);
        if (severity is null)
        {
            errors.Add("severity", $"severity is one of {string.Join(", ", Cap.IncidentSeverities)}.");
        }

        var title = Types.IncidentTypeRules.Required(errors, "title", titleText, Incident.TitleMaxLength);
        var description = descriptionText.Trim();
        if (description.Length > Incident.DescriptionMaxLength)
        {
            errors.Add("description", $"description is at most {Incident.DescriptionMaxLength} characters.");
        }

        if (lat.HasValue != lon.HasValue)
        {
            errors.Add("latitude", "latitude and longitude are given together.");
        }
        else if (lat is { } a && lon is { } o && !Geo.IsValidLatLon(a, o))
        {
            errors.Add("latitude", "latitude is from -90 to 90 and longitude from -180 to 180.");
        }

        var communes = new List<string>();
        foreach (var (code, i) in (communesGiven ?? []).Select((c, i) => (c?.Trim() ?? string.Empty, i)))
        {
            var unit = code.Length == 0 ? null : await adminUnits.FindAsync(code, null, cancellationToken);
            if (unit is null || unit.Level != "commune" || unit.JurisdictionCode != jurisdiction)
            {
                errors.Add($"communes[{i}]", $"'{code}' is not a commune of jurisdiction {jurisdiction} today.");
            }
            else if (!communes.Contains(unit.Code))
            {
                communes.Add(unit.Code);
            }
        }

        if (communes.Count == 0 && communesGiven is not { Count: > 0 } && lat is { } la && lon is { } lo && Geo.IsValidLatLon(la, lo)
            && await adminUnits.LocateAsync(la, lo, null, cancellationToken) is { Level: "commune" } located && located.JurisdictionCode == jurisdiction)
        {
            // The place's commune when none is named.
            communes.Add(located.Code);
        }

        if (communes.Count > Incident.MaxCommunes)
        {
            errors.Add("communes", $"An incident affects at most {Incident.MaxCommunes} communes.");
        }

        var agencies = new List<string>();
        var given = agenciesGiven ?? [];
        if (given.Count > Incident.MaxAgencies)
        {
            errors.Add("agencies", $"At most {Incident.MaxAgencies} agencies are assigned.");
            given = [];
        }

        for (var i = 0; i < given.Count; i++)
        {
            var code = given[i]?.Trim().ToUpperInvariant() ?? string.Empty;
            if (code.Length == 0 || await departments.FindAsync(jurisdiction, code, cancellationToken) is null)
            {
                errors.Add($"agencies[{i}]", $"'{given[i]}' is not a department of jurisdiction {jurisdiction}.");
            }
            else if (!agencies.Contains(code))
            {
                agencies.Add(code);
            }
        }

        return errors.IsEmpty ? new IncidentContent(severity!, title, description, lat, lon, communes, agencies) : null;
    }
}
