using System.Text.Json;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Telemetry.Domain;

internal enum AlertState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>
/// One alert (<i>cảnh báo</i>): a rule holding for one or more devices of one commune. It is grouped: while it is open
/// or acknowledged, every device of the commune that meets the rule joins it instead of opening another
/// (<see cref="GroupKey"/> = rule + commune; <see cref="ActiveKey"/>, unique, is the group key until it resolves, so no
/// two nodes open the same alert twice). It resolves by itself when its last device clears, or by hand. Every change
/// is a <see cref="AlertChange"/>.
/// </summary>
internal sealed class Alert
{
    private readonly List<AlertChange> _history = [];

    private Alert()
    {
        JurisdictionCode = RuleName = GroupKey = TitleVi = TitleEn = DeviceIdsJson = ActiveDeviceIdsJson = CommuneCodesJson = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public Guid RuleId { get; private set; }

    public string RuleName { get; private set; }

    public string GroupKey { get; private set; }

    /// <summary>The group key while the alert is open or acknowledged, null once resolved: a unique index keeps one active alert per group.</summary>
    public string? ActiveKey { get; private set; }

    public AlertSeverity Severity { get; private set; }

    public AlertState State { get; private set; }

    public string TitleVi { get; private set; }

    public string TitleEn { get; private set; }

    public string? DeviceType { get; private set; }

    /// <summary>Every device that has met the rule while this alert was active.</summary>
    public string DeviceIdsJson { get; private set; }

    /// <summary>The devices that meet the rule now; empty: the alert resolves.</summary>
    public string ActiveDeviceIdsJson { get; private set; }

    public string CommuneCodesJson { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>The last value that raised or kept the alert (of the device that last joined).</summary>
    public double? LastValue { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Who resolved it by hand; null when it resolved by itself.</summary>
    public string? ResolvedBy { get; private set; }

    /// <summary>Notifications are muted until then (a silence); the alert itself stays.</summary>
    public DateTimeOffset? SilencedUntil { get; private set; }

    /// <summary>When the people were last told (opened or reminded): reminders count from here.</summary>
    public DateTimeOffset? NotifiedAt { get; private set; }

    public int Reminders { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    public IReadOnlyList<AlertChange> History => _history;

    public IReadOnlyList<long> DeviceIds => JsonSerializer.Deserialize<List<long>>(DeviceIdsJson) ?? [];

    public IReadOnlyList<long> ActiveDeviceIds => JsonSerializer.Deserialize<List<long>>(ActiveDeviceIdsJson) ?? [];

    public IReadOnlyList<string> CommuneCodes => JsonSerializer.Deserialize<List<string>>(CommuneCodesJson) ?? [];

    public bool IsActive => State != AlertState.Resolved;

    public static string KeyOf(Guid ruleId, string? communeCode) => $"{ruleId:N}:{communeCode ?? "-"}";

    public static Alert Open(AlertRule rule, long deviceId, string? deviceType, string? communeCode, double latitude, double longitude, double? value, DateTimeOffset at, DateTimeOffset? silencedUntil, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var key = KeyOf(rule.Id, communeCode);
        var alert = new Alert
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = rule.JurisdictionCode,
            RuleId = rule.Id,
            RuleName = rule.Name,
            GroupKey = key,
            ActiveKey = key,
            Severity = rule.Severity,
            State = AlertState.Open,
            TitleVi = rule.TitleVi,
            TitleEn = rule.TitleEn,
            DeviceType = rule.DeviceType ?? deviceType,
            DeviceIdsJson = JsonSerializer.Serialize(new[] { deviceId }),
            ActiveDeviceIdsJson = JsonSerializer.Serialize(new[] { deviceId }),
            CommuneCodesJson = JsonSerializer.Serialize(communeCode is null ? Array.Empty<string>() : [communeCode]),
            Latitude = latitude,
            Longitude = longitude,
            LastValue = value,
            OpenedAt = now,
            SilencedUntil = silencedUntil,
        };
        alert.Record(AlertChangeKind.Opened, null, deviceId, Describe(value, at), now);
        return alert;
    }

    /// <summary>Another device of the group meets the rule (or the same one again after it cleared); returns whether anything changed.</summary>
    public bool Join(long deviceId, string? deviceType, double? value, DateTimeOffset at, TimeProvider clock)
    {
        var active = ActiveDeviceIds.ToList();
        if (!IsActive || active.Contains(deviceId))
        {
            return false;
        }

        active.Add(deviceId);
        active.Sort();
        ActiveDeviceIdsJson = JsonSerializer.Serialize(active);
        var all = DeviceIds.ToList();
        if (!all.Contains(deviceId))
        {
            all.Add(deviceId);
            all.Sort();
            DeviceIdsJson = JsonSerializer.Serialize(all);
        }

        if (DeviceType is not null && deviceType is not null && DeviceType != deviceType)
        {
            DeviceType = null;
        }

        LastValue = value;
        Record(AlertChangeKind.DeviceJoined, null, deviceId, Describe(value, at), clock.GetUtcNow());
        return true;
    }

    /// <summary>A device of the group no longer meets the rule; the last one leaving resolves the alert. Returns whether anything changed.</summary>
    public bool Clear(long deviceId, double? value, DateTimeOffset at, TimeProvider clock)
    {
        var active = ActiveDeviceIds.ToList();
        if (!IsActive || !active.Remove(deviceId))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        ActiveDeviceIdsJson = JsonSerializer.Serialize(active);
        Record(AlertChangeKind.DeviceCleared, null, deviceId, Describe(value, at), now);
        if (active.Count == 0)
        {
            State = AlertState.Resolved;
            ActiveKey = null;
            ResolvedAt = now;
            Record(AlertChangeKind.Resolved, null, null, "Every device is back within the rule.", now);
        }

        return true;
    }

    public void Acknowledge(string actor, string? note, TimeProvider clock)
    {
        if (State != AlertState.Open)
        {
            throw DomainException.Conflict(State == AlertState.Acknowledged ? "The alert is acknowledged already." : "The alert is resolved.");
        }

        var now = clock.GetUtcNow();
        State = AlertState.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedBy = actor;
        Record(AlertChangeKind.Acknowledged, actor, null, note, now);
    }

    public void Resolve(string actor, string? note, TimeProvider clock)
    {
        if (State == AlertState.Resolved)
        {
            throw DomainException.Conflict("The alert is resolved already.");
        }

        var now = clock.GetUtcNow();
        State = AlertState.Resolved;
        ActiveKey = null;
        ResolvedAt = now;
        ResolvedBy = actor;
        Record(AlertChangeKind.Resolved, actor, null, note, now);
    }

    public void Silence(string actor, DateTimeOffset until, string? note, TimeProvider clock)
    {
        SilencedUntil = until;
        Record(AlertChangeKind.Silenced, actor, null, note is null ? $"Until {until:O}." : $"Until {until:O}: {note}", clock.GetUtcNow());
    }

    public bool IsSilenced(DateTimeOffset now) => SilencedUntil is { } until && until > now;

    public void Notified(DateTimeOffset now, bool reminder)
    {
        NotifiedAt = now;
        if (reminder)
        {
            Reminders++;
            Record(AlertChangeKind.Reminded, null, null, null, now);
        }
    }

    public void Escalate(DateTimeOffset now)
    {
        EscalatedAt = now;
        Record(AlertChangeKind.Escalated, null, null, "Nobody acknowledged it in time: the administrators are told.", now);
    }

    private void Record(AlertChangeKind kind, string? actor, long? deviceId, string? note, DateTimeOffset at)
    {
        // Two changes of one action (the last device cleared, so the alert resolved) keep their order when read back by time.
        if (_history.Count > 0 && at <= _history[^1].At)
        {
            at = _history[^1].At.AddMilliseconds(1);
        }

        _history.Add(new AlertChange(Guid.CreateVersion7(at), Id, kind, actor, deviceId, note is { Length: > AlertChange.NoteMaxLength } ? note[..AlertChange.NoteMaxLength] : note, at));
    }

    private static string? Describe(double? value, DateTimeOffset at) =>
        value is { } v ? FormattableString.Invariant($"{v:0.###} at {at:O}") : FormattableString.Invariant($"no data at {at:O}");
}

internal enum AlertChangeKind
{
    Opened,
    DeviceJoined,
    DeviceCleared,
    Acknowledged,
    Resolved,
    Silenced,
    Reminded,
    Escalated,
}

/// <summary>One line of an alert's history: what happened, who did it (null: Mekong itself), which device.</summary>
internal sealed class AlertChange(Guid id, Guid alertId, AlertChangeKind kind, string? actor, long? deviceId, string? note, DateTimeOffset at)
{
    public const int NoteMaxLength = 1000;

    public Guid Id { get; private set; } = id;

    public Guid AlertId { get; private set; } = alertId;

    public AlertChangeKind Kind { get; private set; } = kind;

    public string? Actor { get; private set; } = actor;

    public long? DeviceId { get; private set; } = deviceId;

    public string? Note { get; private set; } = note;

    public DateTimeOffset At { get; private set; } = at;
}

/// <summary>
/// A silence (<i>tạm tắt thông báo</i>): alerts of a rule, a device or a commune (any of them given must match) tell
/// nobody until <see cref="Until"/>; they still open, show and resolve.
/// </summary>
internal sealed class AlertSilence
{
    public const int ReasonMaxLength = 500;

    private AlertSilence()
    {
        JurisdictionCode = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public Guid? RuleId { get; private set; }

    public long? DeviceId { get; private set; }

    public string? CommuneCode { get; private set; }

    public DateTimeOffset Until { get; private set; }

    public string? Reason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static AlertSilence Create(string jurisdictionCode, Guid? ruleId, long? deviceId, string? communeCode, DateTimeOffset until, string? reason, string createdBy, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new AlertSilence
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = jurisdictionCode,
            RuleId = ruleId,
            DeviceId = deviceId,
            CommuneCode = communeCode,
            Until = until,
            Reason = reason,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }

    public bool Covers(Guid ruleId, IEnumerable<long> deviceIds, IEnumerable<string> communes, DateTimeOffset now) =>
        Until > now
        && (RuleId is null || RuleId == ruleId)
        && (DeviceId is null || deviceIds.Contains(DeviceId.Value))
        && (CommuneCode is null || communes.Contains(CommuneCode));
}

/// <summary>
/// A maintenance window (<i>bảo trì</i>) of a device or of every device of a commune: while it lasts, their readings
/// raise no alert and their silence is not "no data".
/// </summary>
internal sealed class MaintenanceWindow
{
    public const int ReasonMaxLength = 500;

    private MaintenanceWindow()
    {
        JurisdictionCode = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public long? DeviceId { get; private set; }

    public string? CommuneCode { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset Until { get; private set; }

    public string? Reason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static MaintenanceWindow Create(string jurisdictionCode, long? deviceId, string? communeCode, DateTimeOffset from, DateTimeOffset until, string? reason, string createdBy, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        JurisdictionCode = jurisdictionCode,
        DeviceId = deviceId,
        CommuneCode = communeCode,
        From = from,
        Until = until,
        Reason = reason,
        CreatedBy = createdBy,
        CreatedAt = clock.GetUtcNow(),
    };

    public bool Covers(long deviceId, string? communeCode, DateTimeOffset at) =>
        at >= From && at < Until && (DeviceId == deviceId || (DeviceId is null && CommuneCode is not null && CommuneCode == communeCode));
}

/// <summary>
/// Which alerts reach one user and how (the Notifications module has no per-user preference, so Telemetry keeps this
/// one): the lowest severity for the bell and for e-mail, or none. Without a row: the bell from warning, e-mail for
/// critical alerts.
/// </summary>
internal sealed class AlertPreference(Guid userId)
{
    public static readonly AlertSeverity? DefaultInApp = AlertSeverity.Warning;
    public static readonly AlertSeverity? DefaultEmail = AlertSeverity.Critical;

    public Guid UserId { get; private set; } = userId;

    public AlertSeverity? InAppFrom { get; set; } = DefaultInApp;

    public AlertSeverity? EmailFrom { get; set; } = DefaultEmail;

    public DateTimeOffset UpdatedAt { get; set; }
}
