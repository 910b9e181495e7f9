using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Alerts;

internal sealed record AlertDeviceResponse(long Id, string Code, string Name, string? Commune, bool Active);

internal sealed record AlertChangeResponse(string Kind, string? Actor, long? Device, string? Note, DateTimeOffset At);

internal sealed record AlertResponse(
    Guid Id, string Jurisdiction, Guid RuleId, string Rule, string Severity, string State, string Title, string TitleVi, string TitleEn, string? DeviceType,
    IReadOnlyList<AlertDeviceResponse> Devices, IReadOnlyList<string> Communes, double? Latitude, double? Longitude, double? LastValue,
    DateTimeOffset OpenedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt, string? ResolvedBy,
    DateTimeOffset? SilencedUntil, DateTimeOffset? EscalatedAt, IReadOnlyList<AlertChangeResponse>? History);

internal sealed record AlertActionRequest(string? Note);

internal sealed record SilenceRequest(DateTimeOffset? Until, string? Reason, Guid? RuleId, long? DeviceId, string? Commune, string? Jurisdiction);

internal sealed record SilenceResponse(Guid Id, string Jurisdiction, Guid? RuleId, long? DeviceId, string? Commune, DateTimeOffset Until, string? Reason, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static SilenceResponse Of(AlertSilence s) => new(s.Id, s.JurisdictionCode, s.RuleId, s.DeviceId, s.CommuneCode, s.Until, s.Reason, s.CreatedBy, s.CreatedAt);
}

internal sealed record MaintenanceRequest(long? DeviceId, string? Commune, DateTimeOffset? From, DateTimeOffset? Until, string? Reason, string? Jurisdiction);

internal sealed record MaintenanceResponse(Guid Id, string Jurisdiction, long? DeviceId, string? Commune, DateTimeOffset From, DateTimeOffset Until, string? Reason, string CreatedBy)
{
    public static MaintenanceResponse Of(MaintenanceWindow w) => new(w.Id, w.JurisdictionCode, w.DeviceId, w.CommuneCode, w.From, w.Until, w.Reason, w.CreatedBy);
}

/// <summary>Which alerts reach the user and how: the lowest severity for the bell and for e-mail, or <c>none</c>.</summary>
internal sealed record AlertPreferenceBody(string? InApp, string? Email);

/// <summary>
/// <c>/api/v1/telemetry/alerts</c> (ADR 0033): the list in the foundation's list form (newest first; filters state,
/// severity, rule, commune, device), one alert with its history, and for operators acknowledge, resolve and silence;
/// silences and maintenance windows; each user's own alert preference.
/// </summary>
internal static class AlertEndpoints
{
    public const int MaxSilenceDays = 30;
    public const int MaxMaintenanceDays = 90;

    public static async Task<Results<Ok<PagedList<AlertResponse>>, ValidationProblem>> List(
        HttpRequest request, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, IOptions<MekongOptions> options,
        string? jurisdiction, string? state, string? severity, string? rule, string? commune, long? device, PageLimit? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var pageSize = errors.Limit(limit);
        var after = errors.Cursor(cursor);
        var skip = 0;
        if (after is not null && (!after.StartsWith("o:", StringComparison.Ordinal) || !int.TryParse(after[2..], NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
        {
            errors.Add("cursor", "The cursor is not one this server made.");
        }

        var states = new List<AlertState>();
        switch (state?.Trim().ToLowerInvariant())
        {
            case null or "" or "active":
                states.AddRange([AlertState.Open, AlertState.Acknowledged]);
                break;
            case "all":
                states.AddRange([AlertState.Open, AlertState.Acknowledged, AlertState.Resolved]);
                break;
            default:
                if (AlertNames.TryParseState(state, out var one))
                {
                    states.Add(one);
                }
                else
                {
                    errors.Add("state", "The state is active (open or acknowledged, the default), open, acknowledged, resolved or all.");
                }

                break;
        }

        AlertSeverity? minimum = null;
        if (severity is not null)
        {
            if (AlertNames.TryParseSeverity(severity, out var s))
            {
                minimum = s;
            }
            else
            {
                errors.Add("severity", "The severity is info, warning or critical (that one and above).");
            }
        }

        var scope = DeviceEndpoints.Scope(user, jurisdiction, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = db.Alerts.AsNoTracking().Where(a => states.Contains(a.State));
        if (scope is not null)
        {
            query = query.Where(a => a.JurisdictionCode == scope);
        }

        if (minimum is { } min)
        {
            var severities = Enum.GetValues<AlertSeverity>().Where(s => s >= min).ToList();
            query = query.Where(a => severities.Contains(a.Severity));
        }

        if (!string.IsNullOrWhiteSpace(rule))
        {
            query = Guid.TryParse(rule, out var ruleId) ? query.Where(a => a.RuleId == ruleId) : query.Where(a => a.RuleName == rule.Trim());
        }

        if (!string.IsNullOrWhiteSpace(commune))
        {
            var code = "\"" + commune.Trim() + "\"";
            query = query.Where(a => a.CommuneCodesJson.Contains(code));
        }

        if (device is { } d)
        {
            var id = d.ToString(CultureInfo.InvariantCulture);
            query = query.Where(a => a.DeviceIdsJson == "[" + id + "]" || a.DeviceIdsJson.Contains("[" + id + ",") || a.DeviceIdsJson.Contains("," + id + ",") || a.DeviceIdsJson.Contains("," + id + "]"));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(a => a.OpenedAt).Skip(skip).Take(pageSize + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > pageSize)
        {
            page.RemoveAt(page.Count - 1);
            next = KeysetCursor.NextUrl(request, "o:" + (skip + pageSize).ToString(CultureInfo.InvariantCulture), options.Value.PublicBaseUrl);
        }

        var items = new List<AlertResponse>(page.Count);
        foreach (var alert in page)
        {
            items.Add(await ResponseAsync(alert, devices, null, cancellationToken));
        }

        return TypedResults.Ok(new PagedList<AlertResponse>(items, total, next));
    }

    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().Include(a => a.History).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !ActorScope.CanAccess(user, alert.JurisdictionCode))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await ResponseAsync(alert, devices, alert.History, cancellationToken));
    }

    public static Task<Results<Ok<AlertResponse>, ProblemHttpResult>> Acknowledge(
        Guid id, AlertActionRequest? body, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertWriter writer, TimeProvider clock, CancellationToken cancellationToken) =>
        ActAsync(id, user, db, devices, writer, a => a.Acknowledge(ActorName(user), Note(body?.Note), clock), cancellationToken);

    public static Task<Results<Ok<AlertResponse>, ProblemHttpResult>> Resolve(
        Guid id, AlertActionRequest? body, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertWriter writer, TimeProvider clock, CancellationToken cancellationToken) =>
        ActAsync(id, user, db, devices, writer, a => a.Resolve(ActorName(user), Note(body?.Note), clock), cancellationToken);

    /// <summary>Silences the alert's rule in its communes until a time: this alert and the next of the same group tell nobody till then.</summary>
    public static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> Silence(
        Guid id, SilenceRequest body, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertWriter writer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !ActorScope.CanAccess(user, alert.JurisdictionCode))
        {
            return NotFound(id);
        }

        var errors = new FieldErrors();
        var until = CheckUntil(body.Until, clock, errors);
        var reason = CheckReason(body.Reason, AlertSilence.ReasonMaxLength, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var actor = ActorName(user);
        var communes = alert.CommuneCodes;
        foreach (var commune in communes.Count == 0 ? [null] : communes.Cast<string?>())
        {
            db.AlertSilences.Add(AlertSilence.Create(alert.JurisdictionCode, alert.RuleId, null, commune, until, reason, actor, clock));
        }

        alert.Silence(actor, until, reason, clock);
        await db.SaveChangesAsync(cancellationToken);
        await writer.PublishAsync(alert, opened: false, cancellationToken);
        return TypedResults.Ok(await ResponseAsync(alert, devices, null, cancellationToken));
    }

    public static async Task<Ok<PagedList<SilenceResponse>>> ListSilences(ClaimsPrincipal user, TelemetryDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.AlertSilences.AsNoTracking().Where(s => s.Until > now);
        if (!ActorScope.IsInstallationAdministrator(user))
        {
            var own = ActorScope.JurisdictionOf(user) ?? "\0none";
            query = query.Where(s => s.JurisdictionCode == own);
        }

        var silences = await query.OrderBy(s => s.Until).Take(KeysetCursor.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<SilenceResponse>([.. silences.Select(SilenceResponse.Of)], silences.Count, null));
    }

    public static async Task<Results<Created<SilenceResponse>, ValidationProblem>> CreateSilence(
        SilenceRequest body, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = AlertRuleEndpoints.JurisdictionOf(user, body.Jurisdiction, errors);
        var until = CheckUntil(body.Until, clock, errors);
        var reason = CheckReason(body.Reason, AlertSilence.ReasonMaxLength, errors);
        if (body.RuleId is { } ruleId && !await db.AlertRules.AnyAsync(r => r.Id == ruleId && r.JurisdictionCode == jurisdiction, cancellationToken))
        {
            errors.Add("ruleId", $"There is no alert rule {ruleId} in this jurisdiction.");
        }

        await CheckScopeAsync(body.DeviceId, body.Commune, jurisdiction, devices, errors, cancellationToken);
        if (body.RuleId is null && body.DeviceId is null && string.IsNullOrWhiteSpace(body.Commune))
        {
            errors.Add("ruleId", "A silence names a rule, a device or a commune (or several).");
        }

        if (!errors.IsEmpty || jurisdiction is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var silence = AlertSilence.Create(jurisdiction, body.RuleId, body.DeviceId, Commune(body.Commune), until, reason, ActorName(user), clock);
        db.AlertSilences.Add(silence);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/telemetry/alert-silences/{silence.Id}", SilenceResponse.Of(silence));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSilence(Guid id, ClaimsPrincipal user, TelemetryDbContext db, CancellationToken cancellationToken)
    {
        var silence = await db.AlertSilences.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (silence is null || !ActorScope.CanAccess(user, silence.JurisdictionCode))
        {
            return Problem.NotFound("Silence not found", $"There is no silence {id} you may see.");
        }

        db.AlertSilences.Remove(silence);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PagedList<MaintenanceResponse>>> ListMaintenance(ClaimsPrincipal user, TelemetryDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.MaintenanceWindows.AsNoTracking().Where(w => w.Until > now);
        if (!ActorScope.IsInstallationAdministrator(user))
        {
            var own = ActorScope.JurisdictionOf(user) ?? "\0none";
            query = query.Where(w => w.JurisdictionCode == own);
        }

        var windows = await query.OrderBy(w => w.From).Take(KeysetCursor.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<MaintenanceResponse>([.. windows.Select(MaintenanceResponse.Of)], windows.Count, null));
    }

    public static async Task<Results<Created<MaintenanceResponse>, ValidationProblem>> CreateMaintenance(
        MaintenanceRequest body, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = AlertRuleEndpoints.JurisdictionOf(user, body.Jurisdiction, errors);
        var now = clock.GetUtcNow();
        var from = body.From ?? now;
        if (body.Until is not { } until || until <= from)
        {
            errors.Add("until", "A maintenance window ends (until) after it starts (from, default now).");
            until = from;
        }
        else if (until - from > TimeSpan.FromDays(MaxMaintenanceDays))
        {
            errors.Add("until", $"A maintenance window lasts at most {MaxMaintenanceDays} days.");
        }

        var reason = CheckReason(body.Reason, MaintenanceWindow.ReasonMaxLength, errors);
        await CheckScopeAsync(body.DeviceId, body.Commune, jurisdiction, devices, errors, cancellationToken);
        if (body.DeviceId is null == string.IsNullOrWhiteSpace(body.Commune))
        {
            errors.Add("deviceId", "A maintenance window is of one device or of one commune.");
        }

        if (!errors.IsEmpty || jurisdiction is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var window = MaintenanceWindow.Create(jurisdiction, body.DeviceId, Commune(body.Commune), from, until, reason, ActorName(user), clock);
        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync(cancellationToken);
        engine.Invalidate();
        return TypedResults.Created($"/api/v1/telemetry/maintenance-windows/{window.Id}", MaintenanceResponse.Of(window));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMaintenance(Guid id, ClaimsPrincipal user, TelemetryDbContext db, AlertEngine engine, CancellationToken cancellationToken)
    {
        var window = await db.MaintenanceWindows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null || !ActorScope.CanAccess(user, window.JurisdictionCode))
        {
            return Problem.NotFound("Maintenance window not found", $"There is no maintenance window {id} you may see.");
        }

        db.MaintenanceWindows.Remove(window);
        await db.SaveChangesAsync(cancellationToken);
        engine.Invalidate();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AlertPreferenceBody>, ProblemHttpResult>> GetPreference(ClaimsPrincipal user, TelemetryDbContext db, CancellationToken cancellationToken)
    {
        if (UserId(user) is not { } id)
        {
            return NoPreference();
        }

        var preference = await db.AlertPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == id, cancellationToken) ?? new AlertPreference(id);
        return TypedResults.Ok(new AlertPreferenceBody(Name(preference.InAppFrom), Name(preference.EmailFrom)));
    }

    public static async Task<Results<Ok<AlertPreferenceBody>, ValidationProblem, ProblemHttpResult>> PutPreference(
        AlertPreferenceBody body, ClaimsPrincipal user, TelemetryDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UserId(user) is not { } id)
        {
            return NoPreference();
        }

        var errors = new FieldErrors();
        var inApp = ParseFrom(body.InApp, "inApp", errors);
        var email = ParseFrom(body.Email, "email", errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var preference = await db.AlertPreferences.FirstOrDefaultAsync(p => p.UserId == id, cancellationToken);
        if (preference is null)
        {
            db.AlertPreferences.Add(preference = new AlertPreference(id));
        }

        preference.InAppFrom = inApp;
        preference.EmailFrom = email;
        preference.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new AlertPreferenceBody(Name(preference.InAppFrom), Name(preference.EmailFrom)));
    }

    public static string ActorName(ClaimsPrincipal user) =>
        Truncate(user.FindFirstValue(MekongClaims.DisplayName) ?? user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?", 200);

    private static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && !user.HasClaim(c => c.Type == MekongClaims.ApiKeyId) ? id : null;

    private static ProblemHttpResult NoPreference() => Problem.NotFound("No alert preference", "Only a signed-in user chooses which alerts reach them; API keys do not.");

    private static string Name(AlertSeverity? severity) => severity is { } s ? AlertNames.Of(s) : "none";

    private static AlertSeverity? ParseFrom(string? text, string field, FieldErrors errors)
    {
        if (string.Equals(text?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (AlertNames.TryParseSeverity(text, out var severity))
        {
            return severity;
        }

        errors.Add(field, "From which severity this channel tells you: info, warning, critical or none.");
        return null;
    }

    private static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> ActAsync(
        Guid id, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertWriter writer, Action<Alert> act, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !ActorScope.CanAccess(user, alert.JurisdictionCode))
        {
            return NotFound(id);
        }

        act(alert);
        await db.SaveChangesAsync(cancellationToken);
        await writer.PublishAsync(alert, opened: false, cancellationToken);
        return TypedResults.Ok(await ResponseAsync(alert, devices, null, cancellationToken));
    }

    private static DateTimeOffset CheckUntil(DateTimeOffset? until, TimeProvider clock, FieldErrors errors)
    {
        var now = clock.GetUtcNow();
        if (until is not { } value || value <= now)
        {
            errors.Add("until", "A silence lasts until a time in the future.");
            return now;
        }

        if (value - now > TimeSpan.FromDays(MaxSilenceDays))
        {
            errors.Add("until", $"A silence lasts at most {MaxSilenceDays} days.");
        }

        return value;
    }

    private static string? CheckReason(string? reason, int max, FieldErrors errors)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > 0 } && text.Length > max)
        {
            errors.Add("reason", $"The reason has at most {max} characters.");
        }

        return text;
    }

    private static async Task CheckScopeAsync(long? deviceId, string? commune, string? jurisdiction, DeviceDirectory devices, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (deviceId is { } d && (await devices.FindAsync(d, cancellationToken) is not { } device || device.JurisdictionCode != jurisdiction))
        {
            errors.Add("deviceId", $"There is no device {d} in this jurisdiction.");
        }

        if (commune is { Length: > 16 })
        {
            errors.Add("commune", "The commune is its code (at most 16 characters).");
        }
    }

    private static string? Commune(string? commune) => string.IsNullOrWhiteSpace(commune) ? null : commune.Trim();

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : Truncate(note.Trim(), AlertChange.NoteMaxLength);

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;

    private static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Alert not found", $"There is no alert {id} you may see.");

    private static async Task<AlertResponse> ResponseAsync(Alert alert, DeviceDirectory devices, IReadOnlyList<AlertChange>? history, CancellationToken cancellationToken)
    {
        var active = alert.ActiveDeviceIds.ToHashSet();
        var list = new List<AlertDeviceResponse>();
        foreach (var id in alert.DeviceIds)
        {
            var device = await devices.FindAsync(id, cancellationToken);
            list.Add(new AlertDeviceResponse(id, device?.Code ?? string.Empty, device?.Name ?? string.Empty, device?.CommuneCode, active.Contains(id)));
        }

        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new AlertResponse(
            alert.Id, alert.JurisdictionCode, alert.RuleId, alert.RuleName, AlertNames.Of(alert.Severity), AlertNames.Of(alert.State),
            english ? alert.TitleEn : alert.TitleVi, alert.TitleVi, alert.TitleEn, alert.DeviceType, list, alert.CommuneCodes,
            alert.Latitude, alert.Longitude, alert.LastValue, alert.OpenedAt, alert.AcknowledgedAt, alert.AcknowledgedBy, alert.ResolvedAt, alert.ResolvedBy,
            alert.SilencedUntil, alert.EscalatedAt,
            history?.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new AlertChangeResponse(Kind(h.Kind), h.Actor, h.DeviceId, h.Note, h.At)).ToList());
    }

    private static string Kind(AlertChangeKind kind) => kind switch
    {
        AlertChangeKind.Opened => "opened",
        AlertChangeKind.DeviceJoined => "device_joined",
        AlertChangeKind.DeviceCleared => "device_cleared",
        AlertChangeKind.Acknowledged => "acknowledged",
        AlertChangeKind.Resolved => "resolved",
        AlertChangeKind.Silenced => "silenced",
        AlertChangeKind.Reminded => "reminded",
        _ => "escalated",
    };
}
