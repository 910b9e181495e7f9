using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Incidents.Features.Warnings;

/// <summary>
/// A warning as an operator sends it. An Update or a Cancel names the warning it replaces (<c>references</c>) and takes
/// from it whatever it leaves out; an Alert gives its texts in both languages.
/// </summary>
internal sealed record IssueWarningRequest(
    string? MsgType, Guid? References,
    string? HeadlineVi, string? HeadlineEn, string? DescriptionVi, string? DescriptionEn, string? InstructionVi, string? InstructionEn,
    string? Severity, string? Urgency, string? Certainty, IReadOnlyList<string?>? Communes, DateTimeOffset? Onset, DateTimeOffset? Expires);

internal sealed record WarningOutcome(Warning? Warning, FieldErrors Errors);

/// <summary>Issues warnings from incidents and writes them as CAP; shared by the API and the incident page.</summary>
internal sealed class WarningWork(
    IncidentsDbContext db, IAdminUnitDirectory adminUnits, WarningArea areas, WarningNotices notices, ILiveChannel live,
    IOptions<MekongOptions> mekong, IOptions<IncidentsOptions> options, TimeProvider clock, ILogger<WarningWork> logger)
{
    public const string LiveTopic = "incidents.warnings";

    public async Task<WarningOutcome> IssueAsync(Incident incident, IssueWarningRequest? body, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            return new(null, errors.Add("body", "Send the warning as JSON."));
        }

        var now = clock.GetUtcNow();
        var type = Cap.Normalize(body.MsgType ?? "Alert", Cap.MessageTypes);
        if (type is null)
        {
            errors.Add("msgType", "msgType is Alert, Update or Cancel.");
        }

        Warning? previous = null;
        if (type is "Update" or "Cancel")
        {
            previous = body.References is { } r ? await db.Warnings.FirstOrDefaultAsync(w => w.Id == r && w.IncidentId == incident.Id, cancellationToken) : null;
            if (previous is null)
            {
                errors.Add("references", $"An {type} names a warning of this incident in references.");
            }
        }
        else if (body.References is not null)
        {
            errors.Add("references", "An Alert is a first message and references nothing; send an Update to change a warning.");
        }

        string Text(string field, string? given, string? before, int max, bool required)
        {
            var value = given?.Trim() is { Length: > 0 } t ? t : before ?? string.Empty;
            if (value.Length == 0 && required)
            {
                errors.Add(field, $"{field} is required.");
            }
            else if (value.Length > max)
            {
                errors.Add(field, $"{field} is at most {max} characters.");
            }

            return value;
        }

        var vi = new WarningText(
            Text("headlineVi", body.HeadlineVi, previous?.Vi.Headline, Warning.HeadlineMaxLength, true),
            Text("descriptionVi", body.DescriptionVi, previous?.Vi.Description, Warning.TextMaxLength, true),
            Text("instructionVi", body.InstructionVi, previous?.Vi.Instruction, Warning.TextMaxLength, false));
        var en = new WarningText(
            Text("headlineEn", body.HeadlineEn, previous?.En.Headline, Warning.HeadlineMaxLength, true),
            Text("descriptionEn", body.DescriptionEn, previous?.En.Description, Warning.TextMaxLength, true),
            Text("instructionEn", body.InstructionEn, previous?.En.Instruction, Warning.TextMaxLength, false));
        string Code(string field, string? given, string? fallback, IReadOnlyList<string> values)
        {
            var value = Cap.Normalize(given ?? fallback, values);
            if (value is null)
            {
                errors.Add(field, $"{field} is one of the CAP 1.2 values: {string.Join(", ", values)}.");
            }

            return value ?? string.Empty;
        }

        var severity = Code("severity", body.Severity, previous?.Severity ?? incident.Severity, Cap.Severities);
        var urgency = Code("urgency", body.Urgency, previous?.Urgency, Cap.Urgencies);
        var certainty = Code("certainty", body.Certainty, previous?.Certainty, Cap.Certainties);

        var communes = new List<string>();
        var given = body.Communes ?? (IReadOnlyList<string?>?)previous?.Communes ?? incident.Communes;
        for (var i = 0; i < given.Count; i++)
        {
            var code = given[i]?.Trim() ?? string.Empty;
            var unit = code.Length == 0 ? null : await adminUnits.FindAsync(code, null, cancellationToken);
            if (unit is null || unit.Level != "commune" || unit.JurisdictionCode != incident.JurisdictionCode)
            {
                errors.Add($"communes[{i}]", $"'{code}' is not a commune of jurisdiction {incident.JurisdictionCode} today.");
            }
            else if (!communes.Contains(unit.Code))
            {
                communes.Add(unit.Code);
            }
        }

        if (communes.Count == 0 && errors.IsEmpty)
        {
            errors.Add("communes", "A warning names the communes it is for (the incident has none).");
        }
        else if (communes.Count > Incident.MaxCommunes)
        {
            errors.Add("communes", $"A warning is for at most {Incident.MaxCommunes} communes.");
        }

        var onset = body.Onset ?? (type == "Alert" ? now : previous?.Onset ?? now);
        var expires = body.Expires ?? previous?.Expires;
        if (expires is null)
        {
            errors.Add("expires", "expires is required: when the warning stops being in force.");
        }
        else if (expires <= onset || expires <= now)
        {
            errors.Add("expires", "expires is after onset and in the future.");
        }

        if (!errors.IsEmpty || type is null || expires is null)
        {
            return new(null, errors);
        }

        var warning = Warning.Issue(incident, new WarningContent(type, previous?.Id, vi, en, severity, urgency, certainty, communes, onset, expires.Value), previous, by, now);
        db.Warnings.Add(warning);
        var area = await areas.BuildAsync(warning.Communes, VietnamTime.Today(clock), cancellationToken);
        var told = await notices.EnqueueWarningAsync(db, db.Subscriptions, warning, area, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Warning {Warning} ({Type}) issued from incident {Incident} for {Communes} commune(s); {Told} subscription(s) told.",
            warning.Id, type, incident.Id, communes.Count, told);
        try
        {
            await live.PublishAsync(incident.JurisdictionCode, LiveTopic, new { incident = incident.Id.ToString(), warning = warning.Id.ToString(), msgType = type }, cancellationToken);
            await live.PublishAsync(incident.JurisdictionCode, Incidents.IncidentWork.LiveTopic, new { ids = new[] { incident.Id.ToString() } }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The live message for warning {Warning} was not sent.", warning.Id);
        }

        return new(warning, errors);
    }

    /// <summary>The warning as a CAP 1.2 document.</summary>
    public async Task<string> CapAsync(Warning warning, CancellationToken cancellationToken)
    {
        var referenced = warning.ReferencesId is { } r ? await db.Warnings.AsNoTracking().FirstOrDefaultAsync(w => w.Id == r, cancellationToken) : null;
        var area = await areas.BuildAsync(warning.Communes, DateOnly.FromDateTime(VietnamTime.ToLocal(warning.Sent).DateTime), cancellationToken);
        return CapWriter.Write(warning, referenced, await SenderAsync(warning.JurisdictionCode, cancellationToken), area);
    }

    public async Task<CapSender> SenderAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        var info = await adminUnits.FindJurisdictionAsync(jurisdiction, cancellationToken);
        var baseUrl = mekong.Value.PublicBaseUrl?.TrimEnd('/');
        var host = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host : "localhost";
        var sender = options.Value.CapSender is { Length: > 0 } configured ? configured.Replace("{jurisdiction}", jurisdiction, StringComparison.Ordinal) : $"ioc-{jurisdiction}@{host}";
        return new CapSender(
            sender,
            $"Trung tâm Điều hành thông minh tỉnh {info?.NameVi ?? jurisdiction}",
            $"Intelligent Operations Centre, {info?.NameEn ?? jurisdiction}",
            baseUrl is null ? null : baseUrl + "/",
            info?.Hotline);
    }
}
