using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.Alerts;

internal sealed record AlertConditionRequest(string? Kind, string? Measurement, double? Threshold, double? Clear, int? ForSeconds, int? WindowMinutes, int? Minutes);

/// <summary>A rule as written by an administrator; <c>jurisdiction</c> only for an installation administrator.</summary>
internal sealed record AlertRuleRequest(
    string? Name, string? TitleVi, string? TitleEn, string? Severity, bool? Enabled, string? DeviceType, long? DeviceId, string? Commune,
    string? Match, IReadOnlyList<AlertConditionRequest?>? Conditions, int? EscalateAfterMinutes, string? Jurisdiction);

internal sealed record AlertConditionResponse(string Kind, string Measurement, string Unit, double? Threshold, double? Clear, int ForSeconds, int? WindowMinutes, int? Minutes);

internal sealed record AlertRuleResponse(
    Guid Id, string Jurisdiction, string Name, string TitleVi, string TitleEn, string Severity, bool Enabled, string? DeviceType, long? DeviceId, string? Commune,
    string Match, IReadOnlyList<AlertConditionResponse> Conditions, int? EscalateAfterMinutes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AlertRuleResponse Of(AlertRule r) => new(
        r.Id, r.JurisdictionCode, r.Name, r.TitleVi, r.TitleEn, AlertNames.Of(r.Severity), r.Enabled, r.DeviceType, r.DeviceId, r.CommuneCode,
        r.MatchAll ? "all" : "any",
        [.. r.Conditions.Select(c => new AlertConditionResponse(
            AlertRuleEndpoints.KindName(c.Kind), c.Measurement, c.MeasurementInfo.Unit,
            c.Kind == ConditionKind.NoData ? null : c.Threshold, c.Kind == ConditionKind.NoData ? null : c.ClearAt, c.ForSeconds,
            c.Kind == ConditionKind.Rate ? c.WindowMinutes : null, c.Kind == ConditionKind.NoData ? c.Minutes : null))],
        r.EscalateAfterMinutes, r.CreatedAt, r.UpdatedAt);
}

/// <summary>
/// <c>/api/v1/telemetry/alert-rules</c>: the rules of the caller's jurisdiction (operators and administrators read them,
/// administrators write them). Bad input is a 400 validation problem naming each field (<c>conditions[1].threshold</c>).
/// </summary>
internal static partial class AlertRuleEndpoints
{
    public static async Task<Ok<PagedList<AlertRuleResponse>>> List(ClaimsPrincipal user, TelemetryDbContext db, CancellationToken cancellationToken)
    {
        var query = db.AlertRules.AsNoTracking();
        if (!ActorScope.IsInstallationAdministrator(user))
        {
            var own = ActorScope.JurisdictionOf(user) ?? "\0none";
            query = query.Where(r => r.JurisdictionCode == own);
        }

        var rules = await query.OrderBy(r => r.JurisdictionCode).ThenBy(r => r.Name).Take(KeysetCursor.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<AlertRuleResponse>([.. rules.Select(AlertRuleResponse.Of)], rules.Count, null));
    }

    public static async Task<Results<Ok<AlertRuleResponse>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, TelemetryDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, user, id, cancellationToken) is { } rule ? TypedResults.Ok(AlertRuleResponse.Of(rule)) : NotFound(id);

    public static async Task<Results<Created<AlertRuleResponse>, ValidationProblem>> Create(
        AlertRuleRequest request, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = JurisdictionOf(user, request.Jurisdiction, errors);
        var spec = await CheckAsync(request, jurisdiction, devices, errors, cancellationToken);
        if (spec is not null && jurisdiction is not null && await db.AlertRules.AnyAsync(r => r.JurisdictionCode == jurisdiction && r.Name == spec.Name, cancellationToken))
        {
            errors.Add("name", $"There is a rule named '{spec.Name}' already.");
        }

        if (!errors.IsEmpty || spec is null || jurisdiction is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var rule = AlertRule.Create(jurisdiction, spec, clock);
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        engine.Invalidate(rule.Id);
        return TypedResults.Created($"/api/v1/telemetry/alert-rules/{rule.Id}", AlertRuleResponse.Of(rule));
    }

    public static async Task<Results<Ok<AlertRuleResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, AlertRuleRequest request, ClaimsPrincipal user, TelemetryDbContext db, DeviceDirectory devices, AlertEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, user, id, cancellationToken, tracked: true) is not { } rule)
        {
            return NotFound(id);
        }

        var errors = new FieldErrors();
        var spec = await CheckAsync(request, rule.JurisdictionCode, devices, errors, cancellationToken);
        if (spec is not null && await db.AlertRules.AnyAsync(r => r.JurisdictionCode == rule.JurisdictionCode && r.Name == spec.Name && r.Id != id, cancellationToken))
        {
            errors.Add("name", $"There is a rule named '{spec.Name}' already.");
        }

        if (!errors.IsEmpty || spec is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        rule.Update(spec, clock);
        await db.SaveChangesAsync(cancellationToken);
        engine.Invalidate(rule.Id);
        return TypedResults.Ok(AlertRuleResponse.Of(rule));
    }

    /// <summary>Deletes a rule; its alerts stay (their history is the record), the active ones are resolved by hand.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, TelemetryDbContext db, AlertEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, user, id, cancellationToken, tracked: true) is not { } rule)
        {
            return NotFound(id);
        }

        foreach (var alert in await db.Alerts.Where(a => a.RuleId == id && a.State != AlertState.Resolved).ToListAsync(cancellationToken))
        {
            alert.Resolve(AlertEndpoints.ActorName(user), "The rule was deleted.", clock);
        }

        db.AlertRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        engine.Invalidate(id);
        return TypedResults.NoContent();
    }

    private static async Task<AlertRule?> FindAsync(TelemetryDbContext db, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.AlertRules : db.AlertRules.AsNoTracking();
        var rule = await query.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return rule is not null && ActorScope.CanAccess(user, rule.JurisdictionCode) ? rule : null;
    }

    private static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Alert rule not found", $"There is no alert rule {id} you may see.");

    /// <summary>The caller's own jurisdiction; an installation administrator names one.</summary>
    public static string? JurisdictionOf(ClaimsPrincipal user, string? asked, FieldErrors errors)
    {
        if (ActorScope.IsInstallationAdministrator(user))
        {
            if (string.IsNullOrWhiteSpace(asked))
            {
                errors.Add("jurisdiction", "An installation administrator names the jurisdiction.");
                return null;
            }

            return asked.Trim();
        }

        var own = ActorScope.JurisdictionOf(user);
        if (own is null)
        {
            errors.Add("jurisdiction", "Your account belongs to no jurisdiction.");
        }
        else if (!string.IsNullOrWhiteSpace(asked) && asked.Trim() != own)
        {
            errors.Add("jurisdiction", "You write the rules of your own jurisdiction only.");
        }

        return own;
    }

    public static string KindName(ConditionKind kind) => kind switch
    {
        ConditionKind.Above => "above",
        ConditionKind.Below => "below",
        ConditionKind.Rate => "rate",
        _ => "no_data",
    };

    private static bool TryKind(string? text, out ConditionKind kind)
    {
        kind = text?.Trim().ToLowerInvariant() switch
        {
            "above" => ConditionKind.Above,
            "below" => ConditionKind.Below,
            "rate" => ConditionKind.Rate,
            "no_data" or "nodata" => ConditionKind.NoData,
            _ => (ConditionKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    private static async Task<AlertRuleSpec?> CheckAsync(AlertRuleRequest request, string? jurisdiction, DeviceDirectory devices, FieldErrors errors, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > AlertRule.NameMaxLength || !NamePattern().IsMatch(name))
        {
            errors.Add("name", $"The name is 1 to {AlertRule.NameMaxLength} lower-case letters, digits and dashes (flood-level).");
        }

        var titleVi = request.TitleVi?.Trim();
        if (string.IsNullOrEmpty(titleVi) || titleVi.Length > AlertRule.TitleMaxLength)
        {
            errors.Add("titleVi", $"The Vietnamese title has 1 to {AlertRule.TitleMaxLength} characters.");
        }

        var titleEn = request.TitleEn?.Trim();
        if (string.IsNullOrEmpty(titleEn) || titleEn.Length > AlertRule.TitleMaxLength)
        {
            errors.Add("titleEn", $"The English title has 1 to {AlertRule.TitleMaxLength} characters.");
        }

        if (!AlertNames.TryParseSeverity(request.Severity, out var severity))
        {
            errors.Add("severity", "The severity is info, warning or critical.");
        }

        DeviceType? type = null;
        if (request.DeviceType is not null && (type = DeviceTypes.Find(request.DeviceType)) is null)
        {
            errors.Add("deviceType", $"The device type is one of {string.Join(", ", DeviceTypes.All.Select(t => t.Code))}.");
        }

        if (request.DeviceId is { } deviceId)
        {
            var device = await devices.FindAsync(deviceId, cancellationToken);
            if (device is null || device.JurisdictionCode != jurisdiction)
            {
                errors.Add("deviceId", $"There is no device {deviceId} in this jurisdiction.");
            }
            else
            {
                type ??= device.Type;
            }
        }

        var commune = string.IsNullOrWhiteSpace(request.Commune) ? null : request.Commune.Trim();
        if (commune is { Length: > 16 })
        {
            errors.Add("commune", "The commune is its code (at most 16 characters).");
        }

        var match = request.Match?.Trim().ToLowerInvariant() ?? "all";
        if (match is not ("all" or "any"))
        {
            errors.Add("match", "The conditions combine as all or any.");
        }

        var conditions = new List<AlertCondition>();
        if (request.Conditions is not { Count: > 0 and <= AlertRule.MaxConditions })
        {
            errors.Add("conditions", $"A rule has 1 to {AlertRule.MaxConditions} conditions.");
        }
        else
        {
            for (var i = 0; i < request.Conditions.Count; i++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"conditions[{i}]");
                if (request.Conditions[i] is not { } c)
                {
                    errors.Add(prefix, "A condition is an object.");
                    continue;
                }

                if (!TryKind(c.Kind, out var kind))
                {
                    errors.Add($"{prefix}.kind", "The kind is above, below, rate or no_data.");
                    continue;
                }

                var condition = new AlertCondition(kind, c.Measurement?.Trim() ?? string.Empty, c.Threshold, c.Clear, c.ForSeconds ?? 0, c.WindowMinutes ?? 60, c.Minutes ?? 0);
                condition.Check(errors, prefix);
                if (type is not null && DeviceTypes.Measurement(condition.Measurement) is { } m && type.Find(m.Code) is null)
                {
                    errors.Add($"{prefix}.measurement", $"A {type.Code} device does not measure {m.Code}.");
                }

                conditions.Add(condition);
            }
        }

        if (request.EscalateAfterMinutes is < 1 or > 24 * 60)
        {
            errors.Add("escalateAfterMinutes", "An alert escalates after 1 to 1440 minutes.");
        }

        return errors.IsEmpty
            ? new AlertRuleSpec(name!, titleVi!, titleEn!, severity, request.Enabled ?? true, request.DeviceType ?? (request.DeviceId is null ? null : type?.Code), request.DeviceId, commune,
                match == "all", conditions, request.EscalateAfterMinutes)
            : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
