using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mekong.Platform.Jobs;

/// <summary>
/// A long-running hosted service that shuts down cleanly. It starts working once the application has started
/// (after migrations and start-up tasks). On SIGTERM it gets two signals in turn: <c>stopping</c> at once (take no
/// new work; finish what is under way) and <c>abort</c> only when the host's shutdown timeout runs out (give up the
/// work in progress). So a delivery or a job run under way is drained, not cut, when the process is asked to stop.
/// </summary>
public abstract class DrainingBackgroundService(IHostApplicationLifetime lifetime, ILogger logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;

    protected ILogger Logger { get; } = logger;

    /// <summary>The service's main loop: return (or throw <see cref="OperationCanceledException"/>) when <paramref name="stopping"/> fires.</summary>
    protected abstract Task ExecuteAsync(CancellationToken stopping, CancellationToken abort);

    /// <summary>The loop, once started; completes when the service has drained.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    public virtual Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is null)
        {
            return;
        }

        // The host's token fires when its shutdown timeout is over: then work in progress is told to give up.
        await using var registration = cancellationToken.Register(() => _abort.Cancel());
        await Task.WhenAny(_loop, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        if (!_loop.IsCompleted)
        {
            Logger.LogWarning("{Service} did not drain within the shutdown timeout; work in progress was abandoned", GetType().Name);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await WaitForApplicationStartedAsync(_stopping.Token);
            await ExecuteAsync(_stopping.Token, _abort.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Asked to stop.
        }
        catch (Exception ex)
        {
            Logger.LogCritical(ex, "{Service} stopped because of an unexpected error", GetType().Name);
        }
    }

    private async Task WaitForApplicationStartedAsync(CancellationToken stopping)
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stopping.Register(() => started.TrySetCanceled(stopping));
        await started.Task;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A <see cref="DrainingBackgroundService"/> that polls: it runs one round, then waits <see cref="PollInterval"/>
/// unless the round said there may be more, or someone called <see cref="Nudge"/>. A failing round (database down) is
/// logged and tried again after the interval; it never ends the service.
/// </summary>
public abstract class PollingBackgroundService(IHostApplicationLifetime lifetime, ILogger logger) : DrainingBackgroundService(lifetime, logger)
{
    private readonly SemaphoreSlim _nudge = new(0, 1);

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>One round of work; returns true when there may be more right away.</summary>
    protected abstract Task<bool> RunOnceAsync(CancellationToken stopping, CancellationToken abort);

    /// <summary>Starts the next round now instead of after the interval.</summary>
    public void Nudge()
    {
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stopping, CancellationToken abort)
    {
        while (!stopping.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RunOnceAsync(stopping, abort);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Logger.LogError(ex, "{Service}: a round failed; trying again in {Interval}", GetType().Name, PollInterval);
            }

            if (!more)
            {
                await _nudge.WaitAsync(PollInterval, stopping);
            }
        }
    }
}
