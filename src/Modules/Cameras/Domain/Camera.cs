using Mekong.Platform.Secrets;

namespace Mekong.Modules.Cameras.Domain;

/// <summary>
/// One camera of a jurisdiction's network: what it is (its <see cref="CameraDetails"/>), how to reach it (URLs and
/// protected credentials) and what the prober believes of it (<see cref="State"/>, changed only by
/// <see cref="Observe"/>, <see cref="StartMaintenance"/> and <see cref="EndMaintenance"/>, each change recorded).
/// </summary>
internal sealed class Camera
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 200;
    public const int UrlMaxLength = 500;
    public const int TypeMaxLength = 32;

    private readonly List<CameraStateChange> _history = [];

    private Camera()
    {
        JurisdictionCode = Code = Name = Type = string.Empty;
        Tags = [];
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    /// <summary><c>traffic</c>, <c>security</c> or another type the jurisdiction uses (a lower-case word).</summary>
    public string Type { get; private set; }

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    /// <summary>The commune (<i>xã, phường</i>) the point lies in, from the admin-units directory; null outside every one.</summary>
    public string? CommuneCode { get; private set; }

    public string? Vendor { get; private set; }

    public string? Model { get; private set; }

    public string? OwnerAgency { get; private set; }

    public string? Contractor { get; private set; }

    public string? NetworkSegment { get; private set; }

    public string? PowerFeeder { get; private set; }

    public string? RtspMainUrl { get; private set; }

    public string? RtspSubUrl { get; private set; }

    public string? SnapshotUrl { get; private set; }

    public string? OnvifUrl { get; private set; }

    /// <summary>User name and password, encrypted at rest (ADR 0015); never in a response, a log or an export.</summary>
    public ProtectedSecret? Credentials { get; private set; }

    public List<string> Tags { get; private set; }

    public DateOnly? InstalledOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    // What the prober believes.
    public CameraState State { get; private set; }

    public CameraFault Fault { get; private set; }

    public DateTimeOffset StateSince { get; private set; }

    /// <summary>The state the last checks point to while it is not yet confirmed (flap damping), and how many in a row did.</summary>
    public CameraState PendingState { get; private set; }

    public int PendingCount { get; private set; }

    public DateTimeOffset? LastCheckedAt { get; private set; }

    public DateTimeOffset? LastOnlineAt { get; private set; }

    public DateTimeOffset? LastOfflineAt { get; private set; }

    public DateTimeOffset NextCheckAt { get; private set; }

    /// <summary>Failed checks in a row: the back-off of a dead camera grows with it.</summary>
    public int FailuresInRow { get; private set; }

    public int LatencyMs { get; private set; }

    /// <summary>Seconds spent online, degraded and offline since the camera was registered (unknown and maintenance do not count).</summary>
    public long OnlineSeconds { get; private set; }

    public long DegradedSeconds { get; private set; }

    public long OfflineSeconds { get; private set; }

    /// <summary>Until when the camera is in maintenance (null: open-ended, until <see cref="EndMaintenance"/>).</summary>
    public DateTimeOffset? MaintenanceUntil { get; private set; }

    /// <summary>The last snapshot's grey thumbnail, and the usual view it is compared with (<see cref="Probing.PictureCheck"/>).</summary>
    public byte[]? LastThumbnail { get; private set; }

    public byte[]? ReferenceThumbnail { get; private set; }

    /// <summary>The latest good snapshot in the file store (its id), and when it was taken.</summary>
    public string? SnapshotFileId { get; private set; }

    public DateTimeOffset? SnapshotAt { get; private set; }

    /// <summary>Checks in a row whose picture did not change.</summary>
    public int UnchangedInRow { get; private set; }

    public IReadOnlyList<CameraStateChange> History => _history;

    /// <summary>Online time over counted time, or null when nothing was counted yet.</summary>
    public double? Uptime
    {
        get
        {
            var counted = OnlineSeconds + DegradedSeconds + OfflineSeconds;
            return counted == 0 ? null : (double)OnlineSeconds / counted;
        }
    }

    public static Camera Register(string jurisdictionCode, CameraDetails details, string? communeCode, ProtectedSecret? credentials, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdictionCode);
        var now = clock.GetUtcNow();
        var camera = new Camera
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = jurisdictionCode,
            CreatedAt = now,
            State = CameraState.Unknown,
            PendingState = CameraState.Unknown,
            StateSince = now,
            NextCheckAt = now,
        };
        camera.Describe(details, communeCode, now);
        camera.Credentials = credentials;
        return camera;
    }

    /// <summary>Changes what the camera is; <paramref name="credentials"/> null keeps the stored ones.</summary>
    public void Update(CameraDetails details, string? communeCode, ProtectedSecret? credentials, TimeProvider clock)
    {
        Describe(details, communeCode, clock.GetUtcNow());
        if (credentials is not null)
        {
            Credentials = credentials;
        }
    }

    private void Describe(CameraDetails d, string? communeCode, DateTimeOffset now)
    {
        var errors = d.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => e.Message)), nameof(d));
        }

        Code = d.Code.Trim();
        Name = d.Name.Trim();
        Type = d.Type.Trim().ToLowerInvariant();
        Latitude = d.Latitude;
        Longitude = d.Longitude;
        CommuneCode = communeCode;
        Vendor = d.Vendor;
        Model = d.Model;
        OwnerAgency = d.OwnerAgency;
        Contractor = d.Contractor;
        NetworkSegment = d.NetworkSegment;
        PowerFeeder = d.PowerFeeder;
        RtspMainUrl = d.RtspMainUrl;
        RtspSubUrl = d.RtspSubUrl;
        SnapshotUrl = d.SnapshotUrl;
        OnvifUrl = d.OnvifUrl;
        Tags = d.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        InstalledOn = d.InstalledOn;
        UpdatedAt = now;
    }

    /// <summary>
    /// Takes one check's result. The state changes only when <see cref="ProbeRules.Confirmations"/> checks in a row
    /// point to the same new state (flap damping: one lost packet is not an outage), except from
    /// <see cref="CameraState.Unknown"/>, where the first check decides. A camera in maintenance keeps its state.
    /// Returns the recorded change, or null.
    /// </summary>
    public CameraStateChange? Observe(CameraFault fault, int latencyMs, ProbeRules rules, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        Account(now);
        LastCheckedAt = now;
        LatencyMs = latencyMs;
        var observed = CameraFaults.StateOf(fault);
        FailuresInRow = observed == CameraState.Online ? 0 : FailuresInRow + 1;
        NextCheckAt = now + rules.NextDelay(observed == CameraState.Offline ? FailuresInRow : 0);
        if (observed == CameraState.Online)
        {
            LastOnlineAt = now;
        }
        else if (observed == CameraState.Offline)
        {
            LastOfflineAt = now;
        }

        if (State == CameraState.Maintenance)
        {
            if (MaintenanceUntil is { } until && until <= now)
            {
                return ChangeTo(observed, fault, now, "maintenance over");
            }

            return null;
        }

        if (observed == State)
        {
            PendingState = State;
            PendingCount = 0;
            if (fault != Fault)
            {
                // Still degraded, for another reason: the reason is worth a line of history.
                return ChangeTo(observed, fault, now, null);
            }

            return null;
        }

        if (State == CameraState.Unknown)
        {
            return ChangeTo(observed, fault, now, null);
        }

        PendingCount = PendingState == observed ? PendingCount + 1 : 1;
        PendingState = observed;
        return PendingCount >= rules.Confirmations ? ChangeTo(observed, fault, now, null) : null;
    }

    /// <summary>Puts the camera in a maintenance window: its checks go on, but it does not count against the score.</summary>
    public CameraStateChange? StartMaintenance(DateTimeOffset? until, string reason, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (until is { } u && u <= now)
        {
            throw new ArgumentException("A maintenance window ends in the future.", nameof(until));
        }

        Account(now);
        MaintenanceUntil = until;
        return State == CameraState.Maintenance ? null : ChangeTo(CameraState.Maintenance, CameraFault.None, now, reason);
    }

    /// <summary>Ends maintenance: the camera is unknown until its next check says otherwise.</summary>
    public CameraStateChange? EndMaintenance(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (State != CameraState.Maintenance)
        {
            return null;
        }

        Account(now);
        MaintenanceUntil = null;
        NextCheckAt = now;
        return ChangeTo(CameraState.Unknown, CameraFault.None, now, "maintenance ended");
    }

    /// <summary>Keeps the picture comparison's memory (<see cref="Probing.PictureCheck"/>).</summary>
    public void RememberPicture(byte[] thumbnail, bool unchanged, bool setReference)
    {
        LastThumbnail = thumbnail;
        UnchangedInRow = unchanged ? UnchangedInRow + 1 : 0;
        if (setReference || ReferenceThumbnail is null)
        {
            ReferenceThumbnail = thumbnail;
        }
    }

    public void KeepSnapshot(string fileId, DateTimeOffset at)
    {
        SnapshotFileId = fileId;
        SnapshotAt = at;
    }

    /// <summary>Adds the time since the last accounting to the current state's counter.</summary>
    private void Account(DateTimeOffset now)
    {
        var since = LastCheckedAt is { } last && last > StateSince ? last : StateSince;
        var seconds = (long)Math.Max(0, (now - since).TotalSeconds);
        switch (State)
        {
            case CameraState.Online:
                OnlineSeconds += seconds;
                break;
            case CameraState.Degraded:
                DegradedSeconds += seconds;
                break;
            case CameraState.Offline:
                OfflineSeconds += seconds;
                break;
        }
    }

    private CameraStateChange ChangeTo(CameraState to, CameraFault fault, DateTimeOffset now, string? note)
    {
        var change = new CameraStateChange(Guid.CreateVersion7(now), Id, State, to, fault, now, note);
        _history.Add(change);
        State = to;
        Fault = fault;
        StateSince = now;
        PendingState = to;
        PendingCount = 0;
        return change;
    }
}

/// <summary>One recorded change of a camera's state (its history table).</summary>
internal sealed record CameraStateChange(Guid Id, Guid CameraId, CameraState From, CameraState To, CameraFault Fault, DateTimeOffset At, string? Note);

/// <summary>The prober's rules the entity applies: how many checks confirm a change, how often and how much back-off.</summary>
internal sealed record ProbeRules(int Confirmations, TimeSpan Interval, TimeSpan MaxBackoff)
{
    public static ProbeRules Default { get; } = new(2, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

    /// <summary>The interval, doubled for each failure in a row past the confirmations, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan NextDelay(int failuresInRow)
    {
        var doublings = Math.Clamp(failuresInRow - Confirmations, 0, 16);
        var delay = Interval * Math.Pow(2, doublings);
        return delay > MaxBackoff ? (Interval > MaxBackoff ? Interval : MaxBackoff) : delay;
    }
}
