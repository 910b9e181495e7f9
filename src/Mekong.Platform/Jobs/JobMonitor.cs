using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Jobs;

public sealed record JobRunView(Guid Id, string JobName, string Node, DateTimeOffset StartedAt, long? DurationMs, JobRunResult Result, string? Error);

public sealed record JobView(string Name, string Schedule, DateTimeOffset? NextRunAt, string? RunningOn, JobRunView? LastRun);

/// <summary>What <c>/admin/jobs</c> shows: each periodic job, when it runs next, its runs; and "run now".</summary>
public sealed class JobMonitor
{
    private readonly PlatformDbContext _db;
    private readonly IEnumerable<PeriodicJobRegistration> _jobs;
    private readonly TimeProvider _clock;
    private readonly JobScheduler _scheduler;

    internal JobMonitor(PlatformDbContext db, IEnumerable<PeriodicJobRegistration> jobs, TimeProvider clock, JobScheduler scheduler)
    {
        _db = db;
        _jobs = jobs;
        _clock = clock;
        _scheduler = scheduler;
    }

    public async Task<IReadOnlyList<JobView>> ListAsync(CancellationToken cancellationToken)
    {
        var schedules = await _db.JobSchedules.AsNoTracking().ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, cancellationToken);
        var now = _clock.GetUtcNow();
        var result = new List<JobView>();
        foreach (var job in _jobs.DistinctBy(j => j.Name).OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            var last = await _db.JobRuns.AsNoTracking().Where(r => r.JobName == job.Name).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            schedules.TryGetValue(job.Name, out var schedule);
            var runningOn = schedule?.LockedUntil > now ? schedule.LockedBy?[(schedule.LockedBy.IndexOf('@') + 1)..] : null;
            result.Add(new JobView(job.Name, job.Schedule.ToString()!, schedule?.NextRunAt, runningOn, last is null ? null : View(last)));
        }

        return result;
    }

    public async Task<IReadOnlyList<JobRunView>> RunsAsync(string? jobName, int take, CancellationToken cancellationToken)
    {
        var query = _db.JobRuns.AsNoTracking();
        if (jobName is not null)
        {
            query = query.Where(r => r.JobName == jobName);
        }

        return [.. (await query.OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken)).Select(View)];
    }

    /// <summary>Makes the job due now (on whichever node takes it first); false for an unknown job.</summary>
    public async Task<bool> RunNowAsync(string name, CancellationToken cancellationToken)
    {
        if (!_jobs.Any(j => j.Name == name))
        {
            return false;
        }

        var updated = await new JobStore(_db).DueNowAsync(name, _clock.GetUtcNow(), cancellationToken);
        _scheduler.Nudge();
        return updated == 1;
    }

    private static JobRunView View(JobRun r) => new(r.Id, r.JobName, r.Node, r.StartedAt, r.DurationMs, r.Result, r.Error);
}
