namespace Mekong.Modules.Cameras.Domain;

/// <summary>Where a grouped outage alert is: open, acknowledged by an operator, resolved (its cameras came back).</summary>
internal enum OutageAlertState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>
/// A stored grouped outage (ADR 0039, the part ADR 0034 left for later): many cameras of one power feeder, network
/// segment or commune went offline together. <see cref="ActiveKey"/> (kind and key) is set while it is not resolved,
/// under a unique index, so one group has one active alert whichever node or run raised it.
/// </summary>
internal sealed class OutageAlert
{
    private OutageAlert()
    {
        JurisdictionCode = Kind = Key = string.Empty;
        CameraIds = [];
        Codes = [];
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary><c>feeder</c>, <c>segment</c> or <c>commune</c>: the likely cause.</summary>
    public string Kind { get; private set; }

    public string Key { get; private set; }

    /// <summary><c>jurisdiction/kind/key</c> while open or acknowledged; null once resolved.</summary>
    public string? ActiveKey { get; private set; }

    public int Offline { get; private set; }

    public int Cameras { get; private set; }

    public List<Guid> CameraIds { get; private set; }

    public List<string> Codes { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public OutageAlertState State { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public static string ActiveKeyOf(string jurisdiction, string kind, string key) => $"{jurisdiction}/{kind}/{key}";

    public static OutageAlert Raise(string jurisdiction, string kind, string key, int offline, int cameras, IEnumerable<Guid> ids, IEnumerable<string> codes, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JurisdictionCode = jurisdiction,
        Kind = kind,
        Key = key,
        ActiveKey = ActiveKeyOf(jurisdiction, kind, key),
        Offline = offline,
        Cameras = cameras,
        CameraIds = ids.ToList(),
        Codes = codes.Take(500).ToList(),
        RaisedAt = now,
        State = OutageAlertState.Open,
    };

    public void Acknowledge(string actor, DateTimeOffset now)
    {
        if (State != OutageAlertState.Open)
        {
            throw Mekong.Platform.Errors.DomainException.Conflict($"The outage alert is {State.ToString().ToLowerInvariant()}: only an open one is acknowledged.");
        }

        State = OutageAlertState.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedBy = actor;
    }

    public void Resolve(DateTimeOffset now)
    {
        State = OutageAlertState.Resolved;
        ResolvedAt = now;
        ActiveKey = null;
    }
}
