using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Telemetry.Domain;

internal enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>What one condition of a rule watches (ADR 0033).</summary>
internal enum ConditionKind
{
    /// <summary>The value at or over <c>threshold</c>; clears under <c>clear</c> (hysteresis).</summary>
    Above,

    /// <summary>The value at or under <c>threshold</c>; clears over <c>clear</c>.</summary>
    Below,

    /// <summary>The change per hour over the last <c>windowMinutes</c> at or beyond <c>threshold</c> (negative: falling).</summary>
    Rate,

    /// <summary>No reading of the measurement for <c>minutes</c>; found by the <c>telemetry.alerts</c> job, cleared by the next reading.</summary>
    NoData,
}

/// <summary>
/// One condition of a rule. <see cref="Clear"/> is the hysteresis: a raised condition stays raised until the value is
/// back beyond it (default: the threshold itself). <see cref="ForSeconds"/> is the minimum duration: the value must stay
/// over the threshold that long (by the readings' own times) before the condition is raised.
/// </summary>
internal sealed record AlertCondition(
    ConditionKind Kind,
    string Measurement,
    double? Threshold = null,
    double? Clear = null,
    int ForSeconds = 0,
    int WindowMinutes = 60,
    int Minutes = 0)
{
    public const int MaxForSeconds = 86_400;
    public const int MaxWindowMinutes = 24 * 60;
    public const int MaxNoDataMinutes = 7 * 24 * 60;

    public Measurement MeasurementInfo => DeviceTypes.Measurement(Measurement) ?? throw new InvalidOperationException($"Unknown measurement '{Measurement}'.");

    /// <summary>Raised when the watched quantity is at or over the threshold (else: at or under).</summary>
    public bool Rising => Kind == ConditionKind.Above || (Kind == ConditionKind.Rate && (Threshold ?? 0) >= 0);

    public double ClearAt => Clear ?? Threshold ?? 0;

    public void Check(FieldErrors errors, string prefix)
    {
        if (DeviceTypes.Measurement(Measurement) is null)
        {
            errors.Add($"{prefix}.measurement", $"The measurement is one of {string.Join(", ", DeviceTypes.Measurements.Select(m => m.Code))}.");
        }

        if (Kind != ConditionKind.NoData && Threshold is not { } threshold)
        {
            errors.Add($"{prefix}.threshold", "A threshold or rate condition needs a threshold.");
        }
        else if (Kind != ConditionKind.NoData && Clear is { } clear && Threshold is { } t && (Rising ? clear > t : clear < t))
        {
            errors.Add($"{prefix}.clear", Rising
                ? "The clearing level is at or under the threshold (the value must fall back below it)."
                : "The clearing level is at or over the threshold (the value must rise back above it).");
        }

        if (Threshold is { } th && !double.IsFinite(th) || Clear is { } cl && !double.IsFinite(cl))
        {
            errors.Add($"{prefix}.threshold", "The threshold is a finite number.");
        }

        if (ForSeconds is < 0 or > MaxForSeconds)
        {
            errors.Add($"{prefix}.forSeconds", string.Create(CultureInfo.InvariantCulture, $"The minimum duration is 0 to {MaxForSeconds} seconds."));
        }

        if (Kind == ConditionKind.Rate && WindowMinutes is < 1 or > MaxWindowMinutes)
        {
            errors.Add($"{prefix}.windowMinutes", string.Create(CultureInfo.InvariantCulture, $"The rate's window is 1 to {MaxWindowMinutes} minutes."));
        }

        if (Kind == ConditionKind.NoData && Minutes is < 1 or > MaxNoDataMinutes)
        {
            errors.Add($"{prefix}.minutes", string.Create(CultureInfo.InvariantCulture, $"No data is detected after 1 to {MaxNoDataMinutes} minutes."));
        }
    }
}

/// <summary>
/// An alert rule of one jurisdiction (<i>quy tắc cảnh báo</i>): which devices it watches (a device type, one device, a
/// commune, or several of these at once), its conditions and how they combine (all or any), its severity and when an
/// unacknowledged alert escalates. Alerts of a rule are grouped by commune: one alert for every gauge of a commune.
/// </summary>
internal sealed class AlertRule
{
    public const int NameMaxLength = 100;
    public const int TitleMaxLength = 200;
    public const int MaxConditions = 8;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private AlertRule()
    {
        JurisdictionCode = Name = TitleVi = TitleEn = ConditionsJson = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>A short stable name, unique in the jurisdiction (<c>flood-level</c>).</summary>
    public string Name { get; private set; }

    public string TitleVi { get; private set; }

    public string TitleEn { get; private set; }

    public AlertSeverity Severity { get; private set; }

    public bool Enabled { get; private set; }

    public string? DeviceType { get; private set; }

    public long? DeviceId { get; private set; }

    public string? CommuneCode { get; private set; }

    /// <summary>True: every condition must hold; false: any one.</summary>
    public bool MatchAll { get; private set; }

    public string ConditionsJson { get; private set; }

    /// <summary>An alert nobody acknowledged this long after it opened goes to the administrators too (null: the setting's).</summary>
    public int? EscalateAfterMinutes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<AlertCondition> Conditions => JsonSerializer.Deserialize<List<AlertCondition>>(ConditionsJson, Json) ?? [];

    public static AlertRule Create(string jurisdictionCode, AlertRuleSpec spec, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var rule = new AlertRule { Id = Guid.CreateVersion7(now), JurisdictionCode = jurisdictionCode, CreatedAt = now };
        rule.Apply(spec, now);
        return rule;
    }

    public void Update(AlertRuleSpec spec, TimeProvider clock) => Apply(spec, clock.GetUtcNow());

    private void Apply(AlertRuleSpec spec, DateTimeOffset now)
    {
        Name = spec.Name;
        TitleVi = spec.TitleVi;
        TitleEn = spec.TitleEn;
        Severity = spec.Severity;
        Enabled = spec.Enabled;
        DeviceType = spec.DeviceType;
        DeviceId = spec.DeviceId;
        CommuneCode = spec.CommuneCode;
        MatchAll = spec.MatchAll;
        ConditionsJson = JsonSerializer.Serialize(spec.Conditions, Json);
        EscalateAfterMinutes = spec.EscalateAfterMinutes;
        UpdatedAt = now;
    }
}

/// <summary>A rule's content, checked (<see cref="AlertRuleSpec.Check"/>) before it is stored.</summary>
internal sealed record AlertRuleSpec(
    string Name,
    string TitleVi,
    string TitleEn,
    AlertSeverity Severity,
    bool Enabled,
    string? DeviceType,
    long? DeviceId,
    string? CommuneCode,
    bool MatchAll,
    IReadOnlyList<AlertCondition> Conditions,
    int? EscalateAfterMinutes);

internal static class AlertNames
{
    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        _ => "critical",
    };

    public static bool TryParseSeverity(string? text, out AlertSeverity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "info":
                severity = AlertSeverity.Info;
                return true;
            case "warning":
                severity = AlertSeverity.Warning;
                return true;
            case "critical":
                severity = AlertSeverity.Critical;
                return true;
            default:
                severity = AlertSeverity.Info;
                return false;
        }
    }

    public static string Of(AlertState state) => state switch
    {
        AlertState.Open => "open",
        AlertState.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    public static bool TryParseState(string? text, out AlertState state)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "open":
                state = AlertState.Open;
                return true;
            case "acknowledged":
                state = AlertState.Acknowledged;
                return true;
            case "resolved":
                state = AlertState.Resolved;
                return true;
            default:
                state = AlertState.Open;
                return false;
        }
    }
}
