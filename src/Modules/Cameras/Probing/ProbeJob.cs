using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Outages;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Jobs;
using Mekong.Platform.Live;
using Mekong.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Cameras.Probing;

/// <summary>
/// The prober's scheduler (<c>cameras.probe</c>, a periodic job, so one node at a time runs it under the jobs' lease,
/// ADR 0014): each tick takes the cameras whose check is due (<see cref="Camera.NextCheckAt"/>: the interval, longer
/// for a dead camera), checks them <see cref="ProbeOptions.Concurrency"/> at a time, and saves what each camera's
/// rules make of its result, with every change of state in its history and announced live.
/// </summary>
internal sealed class ProbeJob(
    CamerasDbContext db, CameraProber prober, ISecretProtector secrets, ILiveChannel live, IOptions<ProbeOptions> options, TimeProvider clock, ILogger<ProbeJob> logger)
    : IPeriodicJob
{
    public const string Name = "cameras.probe";
    public const string LiveTopic = "cameras.states";

    /// <summary>Grouped outages: one message per outage, naming its likely cause (ADR 0034).</summary>
    public const string OutageTopic = "cameras.outages";

    /// <summary>At most this many changes are named in one live message.</summary>
    public const int MaxLiveChanges = 200;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            var started = clock.GetTimestamp();
            var summary = await SweepAsync(settings, cancellationToken);
            logger.LogDebug("{Checked} camera(s) checked, {Changes} change(s) of state, in {Seconds:0.00} s (loading, checking, saving)",
                summary.Checked, summary.Changes, clock.GetElapsedTime(started).TotalSeconds);
        }
    }

    public sealed record SweepSummary(int Checked, int Changes);

    /// <summary>One sweep over the due cameras (the job's run; the benchmark and tests call it directly).</summary>
    /// <param name="settings">The prober's settings.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <param name="only">Narrows the cameras (a test's own, a benchmark's).</param>
    /// <param name="evenIfNotDue">Checks them whether or not their time has come.</param>
    public async Task<SweepSummary> SweepAsync(ProbeOptions settings, CancellationToken cancellationToken, Func<IQueryable<Camera>, IQueryable<Camera>>? only = null, bool evenIfNotDue = false)
    {
        var now = clock.GetUtcNow();
        var cameras = only is null ? db.Cameras : only(db.Cameras);
        var due = await (evenIfNotDue ? cameras : cameras.Where(c => c.NextCheckAt <= now)).OrderBy(c => c.NextCheckAt).Take(settings.BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return new SweepSummary(0, 0);
        }

        var targets = due.Select(c => new ProbeTarget(c.Id, c.RtspMainUrl, c.OnvifUrl, c.SnapshotUrl, Reveal(c), c.LastThumbnail, c.ReferenceThumbnail, c.UnchangedInRow)).ToList();
        var results = new ProbeResult[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await prober.ProbeAsync(targets[i], ct));

        var rules = new ProbeRules(settings.Confirmations, settings.Interval, settings.MaxBackoff);
        var changes = new List<(Camera Camera, CameraStateChange Change)>();
        for (var i = 0; i < due.Count; i++)
        {
            var camera = due[i];
            var result = results[i];
            if (result.Picture is { Thumbnail: { } thumb } picture)
            {
                camera.RememberPicture(thumb, picture.Unchanged, picture.IsReference);
            }

            if (camera.Observe(result.Fault, result.LatencyMs, rules, clock) is { } change)
            {
                db.StateChanges.Add(change);
                changes.Add((camera, change));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (camera, change) in changes)
        {
            logger.LogInformation("Camera {Code} ({Jurisdiction}): {From} -> {To} ({Fault})", camera.Code, camera.JurisdictionCode, change.From, change.To, CameraFaults.Name(change.Fault));
        }

        // One message per jurisdiction and sweep (ADR 0034): an area outage is one reload of each screen's layer and
        // panel, not one per camera. It lists the first MaxLiveChanges changes; `more` says how many it left out.
        foreach (var byJurisdiction in changes.GroupBy(c => c.Camera.JurisdictionCode, StringComparer.Ordinal))
        {
            var listed = byJurisdiction.Take(MaxLiveChanges)
                .Select(c => new { id = c.Camera.Id, code = c.Camera.Code, state = CameraFaults.Name(c.Change.To), fault = c.Change.Fault == CameraFault.None ? null : CameraFaults.Name(c.Change.Fault), at = c.Change.At })
                .ToList();
            await live.PublishAsync(byJurisdiction.Key, LiveTopic, new { changes = listed, more = byJurisdiction.Count() - listed.Count }, cancellationToken);
        }

        await AnnounceOutagesAsync(changes, cancellationToken);
        return new SweepSummary(due.Count, changes.Count);
    }

    /// <summary>
    /// When this sweep's cameras that went offline bring a power feeder, a network segment or a commune over the
    /// threshold, one alert names that likely cause (<see cref="OutageDetector"/>), on the live topic
    /// <see cref="OutageTopic"/> and in the log, instead of one per camera.
    /// </summary>
    private async Task AnnounceOutagesAsync(List<(Camera Camera, CameraStateChange Change)> changes, CancellationToken cancellationToken)
    {
        var wentOffline = changes.Where(c => c.Change.To == CameraState.Offline).Select(c => c.Camera.Id).ToHashSet();
        if (wentOffline.Count == 0)
        {
            return;
        }

        var jurisdictions = changes.Where(c => wentOffline.Contains(c.Camera.Id)).Select(c => c.Camera.JurisdictionCode).Distinct().ToList();
        var cameras = await db.Cameras.AsNoTracking().Where(c => jurisdictions.Contains(c.JurisdictionCode))
            .Select(c => new OutageCamera(c.Id, c.Code, c.JurisdictionCode, c.PowerFeeder, c.NetworkSegment, c.CommuneCode, c.State, c.StateSince))
            .ToListAsync(cancellationToken);
        foreach (var outage in OutageDetector.Detect(cameras, wentOffline, clock.GetUtcNow(), OutageRules.Default))
        {
            logger.LogWarning("Grouped outage in {Jurisdiction}: {Offline} of {Cameras} camera(s) of {Kind} {Key} went offline together", outage.JurisdictionCode, outage.Offline, outage.Cameras, outage.Kind, outage.Key);
            await live.PublishAsync(outage.JurisdictionCode, OutageTopic,
                new { kind = outage.Kind, key = outage.Key, offline = outage.Offline, cameras = outage.Cameras, codes = outage.Codes.Take(MaxLiveChanges).ToList(), at = clock.GetUtcNow() },
                cancellationToken);
        }
    }

    private CameraCredentials? Reveal(Camera camera)
    {
        try
        {
            return CameraCredentials.Reveal(secrets, camera.Credentials);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys lost or the value protected elsewhere: checked as a camera without credentials (it will say so).
            logger.LogWarning("Camera {Code}: its stored credentials cannot be read with this installation's keys.", camera.Code);
            return null;
        }
    }
}
