using System.Collections.Concurrent;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Platform.Jobs;
using Mekong.Platform.Storage.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Jobs;

internal sealed class TickLog
{
    public ConcurrentQueue<(string Node, DateTimeOffset Start, DateTimeOffset End)> Runs { get; } = new();

    public int Running;

    public int Overlaps;

    public bool Fail { get; set; }
}

internal sealed class TickJob(TickLog log, NodeIdentity node) : IPeriodicJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref log.Running) > 1)
        {
            Interlocked.Increment(ref log.Overlaps);
        }

        var start = DateTimeOffset.UtcNow;
        try
        {
            await Task.Delay(80, cancellationToken);
            if (log.Fail)
            {
                throw new InvalidOperationException("the tick job broke");
            }

            log.Runs.Enqueue((node.Name, start, DateTimeOffset.UtcNow));
        }
        finally
        {
            Interlocked.Decrement(ref log.Running);
        }
    }
}

/// <summary>Periodic jobs: one node at a time across nodes, every run recorded, "run now".</summary>
public sealed class PeriodicJobTests
{
    private const string Tick = "tests.tick";

    [Fact]
    public async Task A_periodic_job_runs_on_exactly_one_of_two_nodes_sharing_PostgreSQL()
    {
        await PostgresServer.RequireAsync();
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.PostgreSql);
        var log = new TickLog();
        var first = Server(storage, log, Schedule.Every(TimeSpan.FromMilliseconds(100)));
        _ = first.Services;
        var second = Server(storage, log, Schedule.Every(TimeSpan.FromMilliseconds(100)));
        _ = second.Services;

        await OutboxHarness.EventuallyAsync(() => Task.FromResult(log.Runs.Count >= 12), "the job ran twelve times", seconds: 60);
        await second.DisposeAsync();
        await using var scope = first.Services.CreateAsyncScope();
        var recorded = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().JobRuns.AsNoTracking().Where(r => r.JobName == Tick).ToListAsync(TestContext.Current.CancellationToken);
        await first.DisposeAsync();

        Assert.Equal(0, log.Overlaps);
        var runs = log.Runs.OrderBy(r => r.Start).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i - 1].End <= runs[i].Start, $"Run {i} started on {runs[i].Node} before run {i - 1} on {runs[i - 1].Node} ended.");
        }

        Assert.True(recorded.Count(r => r.Result == JobRunResult.Succeeded) >= 12);
        Assert.Equal(recorded.Select(r => r.Node).Distinct().Order(), log.Runs.Select(r => r.Node).Distinct().Order());
        // The job waits 80 ms (Task.Delay); the recorded duration is wall-clock time between two timestamps, and a timer
        // may fire up to a tick early against the wall clock (CI saw 79 ms). The point is that the run's own time is
        // recorded, not a zero or the lock's: 70 ms leaves room for the clock and none for a wrong measurement.
        Assert.All(recorded.Where(r => r.Result == JobRunResult.Succeeded), r => Assert.True(r.DurationMs >= 70, $"duration {r.DurationMs} ms"));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Every_run_is_recorded_with_its_error_and_run_now_starts_one_at_once(DatabaseKind kind)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        var log = new TickLog { Fail = true };
        await using var server = Server(storage, log, Schedule.Cron("0 3 * * *"));
        var cancellation = TestContext.Current.CancellationToken;

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var monitor = scope.ServiceProvider.GetRequiredService<JobMonitor>();
            await OutboxHarness.EventuallyAsync(async () => (await monitor.ListAsync(cancellation)).Any(j => j.Name == Tick && j.NextRunAt is not null), "the job is scheduled");
            var job = (await monitor.ListAsync(cancellation)).Single(j => j.Name == Tick);
            Assert.Equal("cron 0 3 * * *", job.Schedule);
            Assert.Equal(3, Mekong.Platform.VietnamTime.ToLocal(job.NextRunAt!.Value).Hour);
            Assert.Null(job.LastRun);
            Assert.True(await monitor.RunNowAsync(Tick, cancellation));
            Assert.False(await monitor.RunNowAsync("no.such.job", cancellation));
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var monitor = scope.ServiceProvider.GetRequiredService<JobMonitor>();
            await OutboxHarness.EventuallyAsync(async () => (await monitor.RunsAsync(Tick, 10, cancellation)).Any(r => r.Result != JobRunResult.Running), "the run-now run finished");
            var run = Assert.Single(await monitor.RunsAsync(Tick, 10, cancellation));
            Assert.Equal((JobRunResult.Failed, "the tick job broke"), (run.Result, run.Error));
            Assert.True(run.DurationMs >= 70, $"duration {run.DurationMs} ms (the job waits 80 ms; a timer may fire a tick early)");
            // The run's record and the schedule's next occurrence are written one after the other: wait for both.
            await OutboxHarness.EventuallyAsync(async () =>
            {
                var job = (await monitor.ListAsync(cancellation)).Single(j => j.Name == Tick);
                return job.LastRun?.Id == run.Id && job.NextRunAt > run.StartedAt.AddHours(1);
            }, "after the run the job is due at the next 03:00 again");
        }
    }

    private static WebApplicationFactory<Program> Server(TestStorage storage, TickLog log, Schedule schedule) =>
        new MekongAppFactory(storage, new Dictionary<string, string?>
        {
            ["Mekong:Demo"] = "false",
            ["Mekong:Jobs:PollInterval"] = "00:00:00.050",
        }).WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(log);
            s.AddPeriodicJob<TickJob>(Tick, schedule);
        }));
}
