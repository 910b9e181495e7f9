using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Platform.Jobs;
using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Jobs;

/// <summary>
/// Work started from a screen (<see cref="IWorkRunner"/>): its progress reaches the database at a throttled rate and its
/// page and JSON endpoint; its result stays after it ends; SIGTERM and a dead node leave it interrupted, never "running".
/// </summary>
public sealed class WorkTests
{
    private static readonly Dictionary<string, string?> FastWork = new()
    {
        ["Mekong:Work:ProgressInterval"] = "00:00:00.050",
        ["Mekong:Work:LeaseDuration"] = "00:00:02",
        ["Mekong:Work:MaxConcurrent"] = "2",
    };

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Work_shows_its_progress_then_its_result_on_its_page_and_on_the_jobs_page(DatabaseKind kind)
    {
        await using var factory = await MekongAppFactory.CreateAsync(kind, FastWork);
        using var admin = await SignIn.AsAsync(factory, Demo.Admin, Demo.Password);
        var runner = factory.Services.GetRequiredService<IWorkRunner>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancellation = TestContext.Current.CancellationToken;

        var id = await runner.StartAsync(new WorkRequest("Kiểm tra tệp RG_XA_90.zip", Demo.Admin, Demo.Jurisdiction), async context =>
        {
            for (var i = 1; i <= 300; i++)
            {
                context.Progress.Report(new ProgressUpdate(i / 100, 10, "checking overlaps"));
            }

            await release.Task.WaitAsync(context.Cancellation);
            context.Progress.Report(new ProgressUpdate(10, 10, "checking overlaps"));
            return WorkOutcome.Done("Checked: 4 would be created.", "/admin/import?id=abc&step=check", """{"created":4}""");
        }, cancellation);
        Assert.NotNull(id);

        // Running: the JSON the page polls has the newest figures (not every report was written: the writer takes the latest).
        var running = await EventuallyJsonAsync(admin, $"/api/v1/work/{id}", w => w.GetProperty("done").GetInt64() == 3);
        Assert.Equal(("running", 10, "checking overlaps", 30), (running.GetProperty("state").GetString(), running.GetProperty("total").GetInt64(),
            running.GetProperty("message").GetString(), running.GetProperty("percent").GetInt32()));
        Assert.Equal(Demo.Admin, running.GetProperty("startedBy").GetString());
        var page = await admin.GetStringAsync($"/admin/jobs/work/{id}", cancellation);
        Assert.Contains("Kiểm tra tệp RG_XA_90.zip", page, StringComparison.Ordinal);
        Assert.Contains("<progress id=\"work-progress\" max=\"10\" value=\"3\"", page, StringComparison.Ordinal);
        Assert.Contains("data-state=\"running\"", page, StringComparison.Ordinal);
        Assert.Contains("js/work-progress", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);

        // Done: the result, its link and the full bar; the script is not loaded any more.
        release.SetResult();
        var done = await EventuallyJsonAsync(admin, $"/api/v1/work/{id}", w => w.GetProperty("state").GetString() != "running");
        Assert.Equal(("succeeded", 10L, "Checked: 4 would be created.", "/admin/import?id=abc&step=check"),
            (done.GetProperty("state").GetString(), done.GetProperty("done").GetInt64(), done.GetProperty("result").GetString(), done.GetProperty("resultLink").GetString()));
        Assert.True(done.GetProperty("finishedAt").ValueKind == System.Text.Json.JsonValueKind.String);
        page = await admin.GetStringAsync($"/admin/jobs/work/{id}", cancellation);
        Assert.Contains("id=\"work-result\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/import?id=abc&amp;step=check\"", page, StringComparison.Ordinal);
        Assert.Contains("data-state=\"succeeded\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("js/work-progress", page, StringComparison.Ordinal);

        var jobs = await admin.GetStringAsync("/admin/jobs", cancellation);
        Assert.Contains($"href=\"/admin/jobs/work/{id}\"", jobs, StringComparison.Ordinal);
        var list = await admin.GetJsonAsync("/api/v1/admin/work");
        Assert.Contains(list.EnumerateArray(), w => w.GetProperty("id").GetGuid() == id);

        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().WorkItems.AsNoTracking().SingleAsync(w => w.Id == id, cancellation);
        Assert.Equal("""{"created":4}""", result.ResultJson);
    }

    [Fact]
    public async Task Work_is_seen_only_in_its_jurisdiction_and_by_administrators()
    {
        await using var factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, FastWork);
        using var admin = await SignIn.AsAsync(factory, Demo.Admin, Demo.Password);
        using var viewer = await SignIn.AsAsync(factory, Demo.Viewer, Demo.Password);
        var runner = factory.Services.GetRequiredService<IWorkRunner>();
        var ours = await runner.StartAsync(new WorkRequest("ours", Demo.Admin, Demo.Jurisdiction), _ => Task.FromResult(WorkOutcome.Done("ok")), TestContext.Current.CancellationToken);
        var theirs = await runner.StartAsync(new WorkRequest("theirs", "someone@else.example", "91"), _ => Task.FromResult(WorkOutcome.Done("ok")), TestContext.Current.CancellationToken);

        await EventuallyJsonAsync(admin, $"/api/v1/work/{ours}", w => w.GetProperty("state").GetString() == "succeeded");
        var problem = await Http.ProblemAsync(await admin.GetAsync($"/api/v1/work/{theirs}", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Equal("/problems/not-found", problem.GetProperty("type").GetString());
        Assert.Contains("id=\"work-not-found\"", await admin.GetStringAsync($"/admin/jobs/work/{theirs}", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain($"/admin/jobs/work/{theirs}", await admin.GetStringAsync("/admin/jobs", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/v1/work/{ours}", TestContext.Current.CancellationToken)).StatusCode);
        using var anonymous = factory.NoRedirects();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/work/{ours}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_node_runs_at_most_MaxConcurrent_pieces_of_work_and_refuses_one_more()
    {
        await using var factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>(FastWork) { ["Mekong:Work:MaxConcurrent"] = "1" });
        var runner = factory.Services.GetRequiredService<IWorkRunner>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancellation = TestContext.Current.CancellationToken;
        async Task<WorkOutcome> Wait(WorkContext context)
        {
            await release.Task.WaitAsync(context.Cancellation);
            return WorkOutcome.Done("ok");
        }

        var first = await runner.StartAsync(new WorkRequest("first", null, null), Wait, cancellation);
        var second = await runner.StartAsync(new WorkRequest("second", null, null), Wait, cancellation);
        Assert.NotNull(first);
        Assert.Null(second);

        release.SetResult();
        await OutboxHarness.EventuallyAsync(async () => await StateAsync(factory.Services, first.Value) == WorkState.Succeeded, "the first work ended");
        await OutboxHarness.EventuallyAsync(async () => await runner.StartAsync(new WorkRequest("third", null, null), Wait, cancellation) is not null, "a slot is free again");
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task On_shutdown_running_work_is_cancelled_and_recorded_interrupted(DatabaseKind kind)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        var settings = new Dictionary<string, string?>(FastWork) { ["Mekong:Demo"] = "false" };
        Guid id;
        var cancelled = false;
        await using (var factory = new MekongAppFactory(storage, settings))
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            id = (await factory.Services.GetRequiredService<IWorkRunner>().StartAsync(new WorkRequest("long", null, null), async context =>
            {
                context.Progress.Report(new ProgressUpdate(1, null, "waiting"));
                started.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.Cancellation);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }

                return WorkOutcome.Done("never");
            }, TestContext.Current.CancellationToken))!.Value;
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        Assert.True(cancelled, "the work's token fired on shutdown");
        await using var again = new MekongAppFactory(storage, settings);
        await using var scope = again.Services.CreateAsyncScope();
        var item = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().WorkItems.AsNoTracking().SingleAsync(w => w.Id == id, TestContext.Current.CancellationToken);
        Assert.Equal((WorkState.Interrupted, WorkRunner.ShutdownError, 1L, "waiting"), (item.State, item.Error, item.Done, item.Message));
        Assert.NotNull(item.FinishedAt);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Work_whose_node_died_reads_as_interrupted_and_the_sweep_records_it(DatabaseKind kind)
    {
        await using var factory = await MekongAppFactory.CreateAsync(kind, new Dictionary<string, string?>(FastWork) { ["Mekong:Demo"] = "false" });
        var cancellation = TestContext.Current.CancellationToken;
        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var lost = Guid.CreateVersion7();
        var alive = Guid.CreateVersion7();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            // A node that died a minute ago, mid-work, and one that wrote its heartbeat just now.
            db.WorkItems.Add(new WorkItem(lost, "lost", null, null, "dead-node:1:abc", clock.GetUtcNow().AddMinutes(-1)));
            db.WorkItems.Add(new WorkItem(alive, "alive", null, null, "live-node:2:def", clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellation);
        }

        var installation = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Mekong.Platform.Auth.Roles.Administrator)], "test"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var monitor = scope.ServiceProvider.GetRequiredService<WorkMonitor>();
            var view = (await monitor.FindAsync(lost, installation, cancellation))!;
            Assert.Equal((WorkStates.Interrupted, WorkMonitor.NodeLostError), (view.State, view.Error));
            Assert.Equal(WorkStates.Running, (await monitor.FindAsync(alive, installation, cancellation))!.State);

            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.Equal(1, await WorkSweepJob.InterruptLostAsync(db, clock.GetUtcNow(), TimeSpan.FromSeconds(2), cancellation));
        }

        Assert.Equal(WorkState.Interrupted, await StateAsync(factory.Services, lost));
        Assert.Equal(WorkState.Running, await StateAsync(factory.Services, alive));
    }

    private static async Task<WorkState> StateAsync(IServiceProvider services, Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().WorkItems.AsNoTracking().Where(w => w.Id == id).Select(w => w.State).SingleAsync();
    }

    private static async Task<System.Text.Json.JsonElement> EventuallyJsonAsync(HttpClient client, string url, Func<System.Text.Json.JsonElement, bool> condition)
    {
        System.Text.Json.JsonElement last = default;
        await OutboxHarness.EventuallyAsync(async () =>
        {
            last = await client.GetJsonAsync(url);
            return condition(last);
        }, $"{url} reached the expected state (last: {last})");
        return last;
    }
}
