using System.Security.Cryptography;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Health;
using Mekong.Modules.Cameras.Features.Outages;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Files;
using Mekong.Platform.Jobs;
using Mekong.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Cameras.Features.Maintenance;

/// <summary>
/// <c>cameras.maintenance</c>, every <see cref="Interval"/> on one node at a time (ADR 0014, 0039): keeps a fresh
/// "last good snapshot" of online cameras in the file store, opens one ticket per outage longer than the setting
/// (not for cameras tagged intermittent; a camera in maintenance is not offline), reminds contractors of tickets that
/// stay open, closes tickets whose camera came back with the downtime, and stores grouped outages (one active per
/// group, operators rung once), resolving them when their cameras return. Each step is idempotent and guarded by a
/// unique index, so a run repeated, or run by another node at the same time, opens nothing twice. The instant is a
/// parameter (<see cref="RunAsync(DateTimeOffset, CancellationToken)"/>): tests run it "later" without waiting.
/// </summary>
internal sealed class MaintenanceJob(
    CamerasDbContext db, MaintenanceNotices notices, IFileStore files, CameraProber prober, ISecretProtector secrets,
    IOptions<MaintenanceOptions> options, IOptions<ProbeOptions> probe, TimeProvider clock, ILogger<MaintenanceJob> logger) : IPeriodicJob
{
    public const string Name = "cameras.maintenance";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public const int MaxPerRun = 1000;

    public sealed record RunSummary(int Snapshots, int Opened, int Reminded, int Closed, int OutagesRaised, int OutagesResolved);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            var summary = await RunAsync(clock.GetUtcNow(), cancellationToken);
            logger.LogDebug("Maintenance run: {Summary}", summary);
        }
    }

    public async Task<RunSummary> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The prober off (a test server, no network yet): no camera is reachable, nothing to fetch.
        var snapshots = probe.Value.Enabled ? await KeepSnapshotsAsync(now, cancellationToken) : 0;
        var (reminded, closed) = await FollowUpAsync(now, cancellationToken);
        var opened = await OpenAsync(now, cancellationToken);
        var (raised, resolved) = await OutagesAsync(now, cancellationToken);
        return new RunSummary(snapshots, opened, reminded, closed, raised, resolved);
    }

    public static FileOwner CameraOwner(Guid cameraId) => new("cameras", $"camera-{cameraId:N}");

    public static FileOwner TicketOwner(Guid ticketId) => new("cameras", $"ticket-{ticketId:N}");

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Fetches a new snapshot of the online cameras whose kept one is older than <see cref="MaintenanceOptions.SnapshotEvery"/>
    /// (a few per run: 1,066 cameras every 30 minutes is about 36 pictures a minute, beside the prober's 1,066 checks).
    /// </summary>
    private async Task<int> KeepSnapshotsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var before = now - settings.SnapshotEvery;
        var due = await db.Cameras.AsNoTracking()
            .Where(c => c.State == CameraState.Online && c.SnapshotUrl != null && (c.SnapshotAt == null || c.SnapshotAt < before))
            .OrderBy(c => c.SnapshotAt).Take(settings.SnapshotsPerRun)
            .Select(c => new { c.Id, c.Code, c.SnapshotUrl, c.Credentials })
            .ToListAsync(cancellationToken);
        var kept = 0;
        foreach (var camera in due)
        {
            CameraCredentials? credentials;
            try
            {
                credentials = CameraCredentials.Reveal(secrets, camera.Credentials);
            }
            catch (CryptographicException)
            {
                credentials = null;
            }

            byte[]? jpeg;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(prober.Timeout);
                try
                {
                    jpeg = (await prober.SnapshotAsync(camera.SnapshotUrl!, credentials, timeout.Token)).Jpeg;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    jpeg = null;
                }
            }

            if (jpeg is null)
            {
                continue;
            }

            var owner = CameraOwner(camera.Id);
            await files.ReleaseAsync(owner, cancellationToken);
            using var stream = new MemoryStream(jpeg, writable: false);
            var saved = await files.SaveAsync(owner, stream, FileKind.Image, cancellationToken);
            if (saved.File is { } file)
            {
                await db.Cameras.Where(c => c.Id == camera.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.SnapshotFileId, file.Original.Hash).SetProperty(c => c.SnapshotAt, now), cancellationToken);
                kept++;
            }
            else
            {
                logger.LogInformation("Camera {Code}: its snapshot was not kept ({Reason}).", camera.Code, saved.Rejection?.Detail);
            }
        }

        return kept;
    }

    /// <summary>Closes the tickets whose camera is back (with the downtime up to its return) and reminds the contractors of the others.</summary>
    private async Task<(int Reminded, int Closed)> FollowUpAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Tickets.Where(t => t.State != TicketState.Closed).OrderBy(t => t.OpenedAt).Take(MaxPerRun).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return (0, 0);
        }

        var ids = open.Select(t => t.CameraId).Distinct().ToList();
        var cameras = await db.Cameras.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var (reminded, closed) = (0, 0);
        foreach (var ticket in open)
        {
            cameras.TryGetValue(ticket.CameraId, out var camera);
            if (camera is not null && camera.State == CameraState.Offline && camera.StateSince == ticket.OutageStartedAt)
            {
                if (ticket.ContractorEmail is not null && now - (ticket.NotifiedAt ?? ticket.OpenedAt) >= options.Value.RemindEvery)
                {
                    // The picture link is the one of the first notice: its secret is not kept, so a reminder carries none.
                    notices.EnqueueTicket(db, ticket, camera, null, ticket.Reminders + 1);
                    ticket.Notified(now, reminder: true);
                    reminded++;
                }

                continue;
            }

            // Back (or in maintenance, or offline again since: a new outage): the first change away from offline after
            // the outage began is when it came back.
            var back = await db.StateChanges.AsNoTracking()
                .Where(h => h.CameraId == ticket.CameraId && h.At > ticket.OutageStartedAt && h.From == CameraState.Offline)
                .OrderBy(h => h.At).Select(h => (DateTimeOffset?)h.At).FirstOrDefaultAsync(cancellationToken);
            ticket.CloseOnReturn(back ?? camera?.StateSince ?? now, camera?.State ?? CameraState.Unknown, now);
            closed++;
        }

        AddNewEvents(open);
        await db.SaveChangesAsync(cancellationToken);
        return (reminded, closed);
    }

    /// <summary>Opens a ticket for each camera offline longer than its jurisdiction's setting that has none for this outage.</summary>
    private async Task<int> OpenAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var shortest = settings.OpenAfterByJurisdiction.Values.Append(settings.OpenAfter).Min();
        var before = now - shortest;
        var candidates = await db.Cameras.AsNoTracking()
            .Where(c => c.State == CameraState.Offline && c.StateSince <= before)
            .Where(c => !db.Tickets.Any(t => t.CameraId == c.Id && t.OutageStartedAt == c.StateSince))
            .OrderBy(c => c.StateSince).Take(MaxPerRun)
            .ToListAsync(cancellationToken);
        candidates = candidates.Where(c => c.StateSince <= now - settings.OpenAfterFor(c.JurisdictionCode) && !c.Tags.Contains(FleetHealth.IntermittentTag)).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var jurisdictions = candidates.Select(c => c.JurisdictionCode).Distinct().ToList();
        var contractors = (await db.Contractors.AsNoTracking().Where(c => jurisdictions.Contains(c.JurisdictionCode)).ToListAsync(cancellationToken))
            .ToDictionary(c => (c.JurisdictionCode, c.Name));
        var opened = 0;
        foreach (var camera in candidates)
        {
            var email = camera.Contractor is { } name && contractors.TryGetValue((camera.JurisdictionCode, name), out var contractor) ? contractor.Email : null;
            var ticket = MaintenanceTicket.Open(camera, email, now);
            string? token = null;
            if (camera.SnapshotFileId is { } hash && camera.SnapshotAt is { } takenAt)
            {
                // The copy is its own file (the store re-encodes what it keeps): the ticket names the copy's hash.
                if (await CopySnapshotAsync(camera.Id, hash, ticket.Id, cancellationToken) is { } copy)
                {
                    token = NewToken();
                    ticket.AttachSnapshot(copy, takenAt, Hash(token));
                }
            }

            db.Tickets.Add(ticket);
            if (notices.EnqueueTicket(db, ticket, camera, token, 0))
            {
                ticket.Notified(now, reminder: false);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                opened++;
                logger.LogInformation("Camera {Code} ({Jurisdiction}) offline since {Since}: maintenance ticket {Number} opened for {Contractor}", camera.Code, camera.JurisdictionCode, camera.StateSince, ticket.Number, camera.Contractor ?? "-");
            }
            catch (DbUpdateException)
            {
                // Another node (or run) opened this outage's ticket first: the unique index said so. Nothing of ours stays.
                db.ChangeTracker.Clear();
                await files.ReleaseAsync(TicketOwner(ticket.Id), cancellationToken);
                logger.LogDebug("Camera {Code}: its ticket for this outage exists already.", camera.Code);
            }
        }

        return opened;
    }

    /// <summary>The camera's kept snapshot, saved again under the ticket, so it outlives the camera's next one.</summary>
    private async Task<string?> CopySnapshotAsync(Guid cameraId, string hash, Guid ticketId, CancellationToken cancellationToken)
    {
        var content = await files.OpenAsync(CameraOwner(cameraId), hash, cancellationToken);
        if (content is null)
        {
            return null;
        }

        await using (content.Content)
        {
            var saved = await files.SaveAsync(TicketOwner(ticketId), content.Content, FileKind.Image, cancellationToken);
            return saved.File?.Original.Hash;
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>
    /// Stores the grouped outages the detector finds among the cameras that went offline in its window (ADR 0034's
    /// rules), one active alert per group under a unique key, with one bell notice per operator; resolves an alert
    /// once fewer than the rules' minimum of its cameras are still offline.
    /// </summary>
    private async Task<(int Raised, int Resolved)> OutagesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = OutageRules.Default;
        var resolved = 0;
        var active = await db.OutageAlerts.Where(a => a.State != OutageAlertState.Resolved).ToListAsync(cancellationToken);
        if (active.Count > 0)
        {
            var ids = active.SelectMany(a => a.CameraIds).Distinct().ToList();
            var stillDown = (await db.Cameras.AsNoTracking().Where(c => ids.Contains(c.Id) && c.State == CameraState.Offline).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var alert in active.Where(a => a.CameraIds.Count(stillDown.Contains) < rules.MinCameras))
            {
                alert.Resolve(now);
                resolved++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var since = now - rules.Window;
        var jurisdictions = await db.Cameras.AsNoTracking().Where(c => c.State == CameraState.Offline && c.StateSince >= since && c.StateSince <= now)
            .Select(c => c.JurisdictionCode).Distinct().ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var jurisdiction in jurisdictions)
        {
            var cameras = await db.Cameras.AsNoTracking().Where(c => c.JurisdictionCode == jurisdiction)
                .Select(c => new OutageCamera(c.Id, c.Code, c.JurisdictionCode, c.PowerFeeder, c.NetworkSegment, c.CommuneCode, c.State, c.StateSince))
                .ToListAsync(cancellationToken);
            // Every camera down in the window counts as "new" here: the stored alert's unique key, not the sweep, says whether it was raised.
            var fresh = cameras.Where(c => c.State == CameraState.Offline && c.StateSince >= since).Select(c => c.Id).ToHashSet();
            var activeKeys = (await db.OutageAlerts.AsNoTracking().Where(a => a.JurisdictionCode == jurisdiction && a.ActiveKey != null).Select(a => a.ActiveKey!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var outage in OutageDetector.Detect(cameras, fresh, now, rules))
            {
                if (activeKeys.Contains(OutageAlert.ActiveKeyOf(outage.JurisdictionCode, outage.Kind, outage.Key)))
                {
                    continue;
                }

                var codes = outage.Codes.ToHashSet(StringComparer.Ordinal);
                var members = cameras.Where(c => codes.Contains(c.Code)).Select(c => c.Id);
                var alert = OutageAlert.Raise(outage.JurisdictionCode, outage.Kind, outage.Key, outage.Offline, outage.Cameras, members, outage.Codes, now);
                db.OutageAlerts.Add(alert);
                await notices.EnqueueOutageAsync(db, alert, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    raised++;
                    logger.LogWarning("Grouped outage stored in {Jurisdiction}: {Offline} of {Cameras} camera(s) of {Kind} {Key}", alert.JurisdictionCode, alert.Offline, alert.Cameras, alert.Kind, alert.Key);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        return (raised, resolved);
    }

    /// <summary>Events added to loaded tickets are new rows (their ids are made here, never by the store).</summary>
    private void AddNewEvents(IEnumerable<MaintenanceTicket> tickets)
    {
        foreach (var ticket in tickets)
        {
            foreach (var e in ticket.Events)
            {
                if (db.Entry(e).State == EntityState.Detached)
                {
                    db.TicketEvents.Add(e);
                }
            }
        }
    }
}
