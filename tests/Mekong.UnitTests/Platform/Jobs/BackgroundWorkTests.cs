using Mekong.Platform.Jobs;
using Mekong.Platform.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mekong.UnitTests.Platform.Jobs;

public sealed class BackgroundWorkTests
{
    /// <summary>A service whose one unit of work waits for the test to let it finish.</summary>
    private sealed class GatedService(IHostApplicationLifetime lifetime) : DrainingBackgroundService(lifetime, NullLogger.Instance)
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Finished { get; private set; }

        public bool Aborted { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stopping, CancellationToken abort)
        {
            Started.SetResult();
            try
            {
                await Release.Task.WaitAsync(abort);
                Finished = true;
            }
            catch (OperationCanceledException)
            {
                Aborted = true;
            }
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();

        public Lifetime() => _started.Cancel();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    [Fact]
    public async Task Stopping_drains_the_work_under_way_instead_of_cutting_it()
    {
        using var service = new GatedService(new Lifetime());
        await service.StartAsync(CancellationToken.None);
        await service.Started.Task;

        var stop = service.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted, "StopAsync returned while the work was still under way");
        service.Release.SetResult();
        await stop;

        Assert.True(service.Finished);
        Assert.False(service.Aborted);
    }

    [Fact]
    public async Task When_the_shutdown_timeout_is_over_the_work_is_told_to_give_up()
    {
        using var service = new GatedService(new Lifetime());
        await service.StartAsync(CancellationToken.None);
        await service.Started.Task;

        using var timeoutOver = new CancellationTokenSource();
        var stop = service.StopAsync(timeoutOver.Token);
        await timeoutOver.CancelAsync();
        await stop;
        await service.Completion;

        Assert.True(service.Aborted);
        Assert.False(service.Finished);
    }

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 0.999, 10)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.0, 20)]
    [InlineData(12, 0.0, 30)] // capped at 60 s, half of it for sure
    public void Back_off_doubles_with_jitter_and_stops_at_the_maximum(int failures, double random, int expectedSeconds)
    {
        var delay = RetryBackoff.Delay(failures, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), random);
        Assert.Equal(expectedSeconds, Math.Round(delay.TotalSeconds));
    }

    [Fact]
    public void Cron_schedules_are_read_in_Vietnam_time()
    {
        var next = Schedule.Cron("0 2 * * *").Next(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 19, 0, 0, TimeSpan.Zero), next); // 02:00 on 2 December in UTC+7
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void Progress_is_a_redrawn_bar_on_a_terminal_and_sparse_lines_otherwise()
    {
        var plain = new StringWriter();
        using (var progress = new ConsoleProgress(plain, interactive: false))
        {
            for (var done = 0; done <= 200; done++)
            {
                progress.Report(new ProgressUpdate(done, 200, "communes"));
            }
        }

        var lines = plain.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // 0 %, 10 % ... 100 %
        Assert.Equal("0/200 (0%) communes", lines[0]);
        Assert.Equal("200/200 (100%) communes", lines[^1]);
        Assert.DoesNotContain('\u001b', plain.ToString());

        var terminal = new StringWriter();
        using (var progress = new ConsoleProgress(terminal, interactive: true, width: 10))
        {
            progress.Report(new ProgressUpdate(5, 10, "checking"));
        }

        Assert.Equal("\r\u001b[2K█████░░░░░ 5/10 (50%) checking" + Environment.NewLine, terminal.ToString());
    }
}
