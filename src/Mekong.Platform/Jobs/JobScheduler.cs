using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Jobs;

/// <summary>
/// Runs periodic jobs. Each job has one row in <c>job_schedules</c> shared by all nodes: a node runs the job only
/// after an UPDATE that takes the row's lease while the job is due and unleased, so of several nodes exactly one runs
/// each occurrence (on SQLite, the single node). The lease is renewed while the job runs and released with the next
/// due time when it ends; a node that dies leaves the job to the others after the lease. Every run is recorded.
/// </summary>
internal sealed class JobScheduler(
    IServiceScopeFactory scopes,
    IEnumerable<PeriodicJobRegistration> jobs,
    IOptionsMonitor<JobsOptions> options,
    NodeIdentity node,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<JobScheduler> logger) : PollingBackgroundService(lifetime, logger)
{
    private readonly PeriodicJobRegistration[] _jobs = [.. jobs.DistinctBy(j => j.Name)];
    private bool _scheduled;

    protected override TimeSpan PollInterval => options.CurrentValue.PollInterval;

    public override Task StartAsync(CancellationToken cancellationToken) =>
        options.CurrentValue.Run && _jobs.Length > 0 ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    protected override async Task<bool> RunOnceAsync(CancellationToken stopping, CancellationToken abort)
    {
        if (!_scheduled)
        {
            await using var scope = scopes.CreateAsyncScope();
            await JobStore.EnsureScheduledAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), _jobs, clock.GetUtcNow(), stopping);
            _scheduled = true;
        }

        foreach (var job in _jobs)
        {
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            await TryRunAsync(job, abort, stopping);
        }

        return false;
    }

    private async Task TryRunAsync(PeriodicJobRegistration job, CancellationToken abort, CancellationToken stopping)
    {
        var lease = options.CurrentValue.LeaseDuration;
        var claim = $"{Guid.NewGuid():N}@{node.Name}";
        claim = claim.Length <= 100 ? claim : claim[..100];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var store = new JobStore(db);
        if (!await store.TryClaimAsync(job.Name, claim, clock.GetUtcNow(), lease, stopping))
        {
            return;
        }

        var run = new JobRun(job.Name, node.Name, clock.GetUtcNow());
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(CancellationToken.None);

        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var renewing = RenewAsync(job.Name, claim, lease, heartbeat.Token);
        JobRunResult result;
        string? error = null;
        try
        {
            await using var jobScope = scopes.CreateAsyncScope();
            var instance = (IPeriodicJob)jobScope.ServiceProvider.GetRequiredService(job.JobType);
            await instance.RunAsync(abort);
            result = JobRunResult.Succeeded;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            result = JobRunResult.Abandoned;
            error = "The node stopped before the run finished (shutdown timeout).";
        }
        catch (Exception ex)
        {
            result = JobRunResult.Failed;
            error = ex.Message;
            logger.LogError(ex, "Job {Job} failed", job.Name);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
        }

        var finished = clock.GetUtcNow();
        run.Finish(result, error, finished);
        await db.SaveChangesAsync(CancellationToken.None);
        await store.ReleaseAsync(job.Name, claim, job.Schedule.Next(finished), CancellationToken.None);
        await store.TrimRunsAsync(job.Name, options.CurrentValue.KeepRuns, CancellationToken.None);
    }

    /// <summary>Keeps the lease while the job runs.</summary>
    private async Task RenewAsync(string name, string claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, clock, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                await new JobStore(scope.ServiceProvider.GetRequiredService<PlatformDbContext>()).RenewAsync(name, claim, clock.GetUtcNow() + lease, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the lease of job {Job}", name);
        }
    }
}

/// <summary>The SQL of job schedules: written so that it means the same on SQLite and PostgreSQL.</summary>
internal sealed class JobStore
{
    private readonly PlatformDbContext _db;
    private readonly string _table;
    private readonly Dictionary<string, string> _c;

    public JobStore(PlatformDbContext db)
    {
        _db = db;
        var entity = db.Model.FindEntityType(typeof(JobSchedule))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _c = entity.GetProperties().ToDictionary(p => p.Name, p => sql.DelimitIdentifier(p.GetColumnName(table)!), StringComparer.Ordinal);
        _table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }

    /// <summary>Adds the schedule row of every job that has none (first due one period from now); nodes starting together do not collide.</summary>
    public static async Task EnsureScheduledAsync(PlatformDbContext db, IEnumerable<PeriodicJobRegistration> jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var store = new JobStore(db);
        var (name, next) = (store._c["Name"], store._c["NextRunAt"]);
        var postgres = db.Database.IsNpgsql();
        foreach (var job in jobs)
        {
            var sql = postgres
                ? $"INSERT INTO {store._table} ({name}, {next}) VALUES ({{0}}, {{1}}) ON CONFLICT DO NOTHING"
                : $"INSERT OR IGNORE INTO {store._table} ({name}, {next}) VALUES ({{0}}, {{1}})";
            await db.Database.ExecuteSqlRawAsync(sql, [job.Name, job.Schedule.Next(now)], cancellationToken);
        }
    }

    public async Task<bool> TryClaimAsync(string name, string claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var sql = $"UPDATE {_table} SET {_c["LockedBy"]} = {{0}}, {_c["LockedUntil"]} = {{1}} " +
            $"WHERE {_c["Name"]} = {{2}} AND {_c["NextRunAt"]} <= {{3}} AND ({_c["LockedUntil"]} IS NULL OR {_c["LockedUntil"]} <= {{3}})";
        return await _db.Database.ExecuteSqlRawAsync(sql, [claim, now + lease, name, now], cancellationToken) == 1;
    }

    public Task<int> RenewAsync(string name, string claim, DateTimeOffset until, CancellationToken cancellationToken) =>
        _db.JobSchedules.Where(s => s.Name == name && s.LockedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockedUntil, until), cancellationToken);

    public Task<int> ReleaseAsync(string name, string claim, DateTimeOffset next, CancellationToken cancellationToken) =>
        _db.JobSchedules.Where(s => s.Name == name && s.LockedBy == claim).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.NextRunAt, next)
            .SetProperty(x => x.LockedBy, (string?)null)
            .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>"Run now": due at once (a run under way is not interrupted; the next one starts after it).</summary>
    public Task<int> DueNowAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        _db.JobSchedules.Where(s => s.Name == name).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, now), cancellationToken);

    public async Task TrimRunsAsync(string name, int keep, CancellationToken cancellationToken)
    {
        // Ids are version 7 GUIDs: the newest runs have the greatest.
        var kept = await _db.JobRuns.Where(r => r.JobName == name).OrderByDescending(r => r.Id).Take(keep).Select(r => r.Id).ToListAsync(cancellationToken);
        if (kept.Count == keep)
        {
            await _db.JobRuns.Where(r => r.JobName == name && !kept.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
