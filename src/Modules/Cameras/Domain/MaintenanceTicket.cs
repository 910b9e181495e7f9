namespace Mekong.Modules.Cameras.Domain;

/// <summary>Where a maintenance ticket is: open, acknowledged by an operator, closed (by the camera's return or by hand).</summary>
internal enum TicketState
{
    Open,
    Acknowledged,
    Closed,
}

/// <summary>
/// A camera's maintenance ticket (<i>phiếu bảo trì</i>, ADR 0039): one per outage (the camera and the instant it went
/// offline, unique in the table, so neither a restart nor a second node opens it twice), for the camera's contractor,
/// with the last good snapshot. It is closed by the maintenance job when the camera returns, with the downtime, or by
/// an operator; every change is a <see cref="TicketEvent"/> (who and when).
/// </summary>
internal sealed class MaintenanceTicket
{
    public const int NoteMaxLength = 1000;

    private readonly List<TicketEvent> _events = [];

    private MaintenanceTicket()
    {
        JurisdictionCode = CameraCode = CameraName = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>A short number for people and e-mail subjects (<c>BT-…</c>), from the id.</summary>
    public string Number => "BT-" + Id.ToString("N")[^8..].ToUpperInvariant();

    public string JurisdictionCode { get; private set; }

    public Guid CameraId { get; private set; }

    public string CameraCode { get; private set; }

    public string CameraName { get; private set; }

    /// <summary>The contractor's name as the camera gave it when the ticket opened (null: the camera names none).</summary>
    public string? Contractor { get; private set; }

    /// <summary>Where the notices went (null: no contractor with an address is registered).</summary>
    public string? ContractorEmail { get; private set; }

    /// <summary>When the camera went offline: with <see cref="CameraId"/>, what makes the outage one ticket.</summary>
    public DateTimeOffset OutageStartedAt { get; private set; }

    public CameraFault Fault { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public TicketState State { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Who closed it; null when the camera's return did.</summary>
    public string? ClosedBy { get; private set; }

    /// <summary>When the camera came back (null: closed by hand while still down, or still open).</summary>
    public DateTimeOffset? RestoredAt { get; private set; }

    /// <summary>Outage start to the camera's return (or to the closing by hand), in seconds.</summary>
    public long? DowntimeSeconds { get; private set; }

    public int Reminders { get; private set; }

    public DateTimeOffset? NotifiedAt { get; private set; }

    /// <summary>The last good snapshot, in the file store under this ticket (its SHA-256), and when it was taken.</summary>
    public string? SnapshotHash { get; private set; }

    public DateTimeOffset? SnapshotAt { get; private set; }

    /// <summary>SHA-256 (hex) of the secret in the e-mail's picture link: the contractor has no account.</summary>
    public string? SnapshotTokenHash { get; private set; }

    public IReadOnlyList<TicketEvent> Events => _events;

    public bool IsClosed => State == TicketState.Closed;

    public static MaintenanceTicket Open(Camera camera, string? contractorEmail, DateTimeOffset now)
    {
        var ticket = new MaintenanceTicket
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = camera.JurisdictionCode,
            CameraId = camera.Id,
            CameraCode = camera.Code,
            CameraName = camera.Name,
            Contractor = camera.Contractor,
            ContractorEmail = contractorEmail,
            OutageStartedAt = camera.StateSince,
            Fault = camera.Fault,
            OpenedAt = now,
            State = TicketState.Open,
        };
        ticket.Record("opened", null, now, camera.Contractor is null ? "no contractor" : contractorEmail is null ? "contractor has no address" : null);
        return ticket;
    }

    public void AttachSnapshot(string hash, DateTimeOffset takenAt, string tokenHash)
    {
        SnapshotHash = hash;
        SnapshotAt = takenAt;
        SnapshotTokenHash = tokenHash;
    }

    /// <summary>A notice (the first, or a reminder) went to the contractor's outbox.</summary>
    public void Notified(DateTimeOffset now, bool reminder)
    {
        NotifiedAt = now;
        if (reminder)
        {
            Reminders++;
            Record("reminded", null, now, null);
        }
        else
        {
            Record("notified", null, now, ContractorEmail);
        }
    }

    public void Acknowledge(string actor, string? note, DateTimeOffset now)
    {
        if (State != TicketState.Open)
        {
            throw Mekong.Platform.Errors.DomainException.Conflict($"Ticket {Number} is {Name(State)}: only an open ticket is acknowledged.");
        }

        State = TicketState.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedBy = actor;
        Record("acknowledged", actor, now, note);
    }

    public void Annotate(string actor, string note, DateTimeOffset now) => Record("note", actor, now, note);

    /// <summary>Closed by an operator: the downtime counts until now if the camera is still down.</summary>
    public void CloseByHand(string actor, string? note, DateTimeOffset now)
    {
        if (IsClosed)
        {
            throw Mekong.Platform.Errors.DomainException.Conflict($"Ticket {Number} is already closed.");
        }

        State = TicketState.Closed;
        ClosedAt = now;
        ClosedBy = actor;
        DowntimeSeconds = Seconds(now);
        Record("closed", actor, now, note);
    }

    /// <summary>The camera came back at <paramref name="restoredAt"/>: closed by Mekong, with the downtime.</summary>
    public void CloseOnReturn(DateTimeOffset restoredAt, CameraState nowState, DateTimeOffset now)
    {
        if (IsClosed)
        {
            return;
        }

        State = TicketState.Closed;
        ClosedAt = now;
        RestoredAt = restoredAt;
        DowntimeSeconds = Seconds(restoredAt);
        Record("closed", null, now, "camera " + CameraFaults.Name(nowState));
    }

    private long Seconds(DateTimeOffset until) => (long)Math.Max(0, (until - OutageStartedAt).TotalSeconds);

    private void Record(string kind, string? actor, DateTimeOffset at, string? note)
    {
        var e = new TicketEvent(Guid.CreateVersion7(at), Id, kind, actor, at, note is null ? null : note.Length > NoteMaxLength ? note[..NoteMaxLength] : note);
        _events.Add(e);
    }

    public static string Name(TicketState state) => state.ToString().ToLowerInvariant();

    public static bool TryParseState(string? text, out TicketState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);
}

/// <summary>One change of a ticket: opened, notified, reminded, acknowledged, note, closed; by whom (null: Mekong).</summary>
internal sealed record TicketEvent(Guid Id, Guid TicketId, string Kind, string? Actor, DateTimeOffset At, string? Note);
