using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Jobs;

/// <summary>What a piece of work produced: a summary for its page, where the screen shows the result, and a small JSON result.</summary>
public sealed record WorkOutcome
{
    public WorkOutcome(bool succeeded, string summary, string? link = null, string? json = null)
    {
        if (json is { Length: > WorkItem.MaxResultJsonLength })
        {
            throw new ArgumentException($"A work result is at most {WorkItem.MaxResultJsonLength} characters of JSON; keep a larger one in the module's own storage and link to it.", nameof(json));
        }

        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal)))
        {
            throw new ArgumentException("A result link is a local path such as /admin/import?id=…", nameof(link));
        }

        (Succeeded, Summary, Link, Json) = (succeeded, summary, link, json);
    }

    /// <summary>False when the work ran to its end but did not do what was asked (a refused import); shown as failed, with its result.</summary>
    public bool Succeeded { get; }

    public string Summary { get; }

    public string? Link { get; }

    public string? Json { get; }

    public static WorkOutcome Done(string summary, string? link = null, string? json = null) => new(true, summary, link, json);

    public static WorkOutcome Refused(string summary, string? link = null, string? json = null) => new(false, summary, link, json);
}

/// <summary>What the work gets: a scope of its own (the request that started it is gone), where to report progress, when to stop.</summary>
public sealed record WorkContext(Guid Id, IServiceProvider Services, IProgress<ProgressUpdate> Progress, CancellationToken Cancellation);

/// <summary>Who starts a piece of work and what it is called on its page.</summary>
public sealed record WorkRequest(string Name, string? StartedBy, string? Jurisdiction);

/// <summary>
/// Work started from a screen (an import's dry run): recorded in <c>platform.work_items</c>, run in the background on this
/// node, its progress written a few times a second at most, its page alive after the person closed theirs.
/// </summary>
public interface IWorkRunner
{
    /// <summary>
    /// Records and starts <paramref name="work"/>; returns its id, or null when this node already runs
    /// <see cref="WorkOptions.MaxConcurrent"/> pieces of work (nothing is recorded then: ask again later).
    /// </summary>
    Task<Guid?> StartAsync(WorkRequest request, Func<WorkContext, Task<WorkOutcome>> work, CancellationToken cancellationToken);
}

/// <summary>
/// Runs work on this node, at most <see cref="WorkOptions.MaxConcurrent"/> at once. On SIGTERM running work is cancelled
/// and marked interrupted; work whose node died (no heartbeat for <see cref="WorkOptions.LeaseDuration"/>) is marked
/// interrupted by <see cref="WorkSweepJob"/> on any node, and shown so by <see cref="WorkMonitor"/> before that.
/// </summary>
internal sealed class WorkRunner(
    IServiceScopeFactory scopes,
    IOptions<WorkOptions> options,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<WorkRunner> logger) : IWorkRunner, IHostedService, IDisposable
{
    public const string ShutdownError = "The server stopped before the work finished; start it again.";

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private int _disposed;

    public async Task<Guid?> StartAsync(WorkRequest request, Func<WorkContext, Task<WorkOutcome>> work, CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested || !_slots.Wait(0, CancellationToken.None))
        {
            return null;
        }

        Guid id;
        try
        {
            var now = clock.GetUtcNow();
            id = Guid.CreateVersion7(now);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.WorkItems.Add(new WorkItem(id, request.Name, request.StartedBy, request.Jurisdiction, node.Name, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        // Not the request's token: the work outlives the request (the person may close the page).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await started.Task;
            await RunAsync(id, work);
        }, CancellationToken.None);
        _running[id] = task;
        started.SetResult();
        return id;
    }

    private async Task RunAsync(Guid id, Func<WorkContext, Task<WorkOutcome>> work)
    {
        var progress = new LatestProgress();
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var writer = WriteProgressAsync(id, progress, writing.Token);
        WorkOutcome? outcome = null;
        (WorkState State, string Error)? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            outcome = await work(new WorkContext(id, scope.ServiceProvider, progress, _stopping.Token));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            failure = (WorkState.Interrupted, ShutdownError);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Work {Id} failed", id);
            failure = (WorkState.Failed, ex.Message);
        }
        finally
        {
            await writing.CancelAsync();
            await writer;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var item = await db.WorkItems.SingleAsync(w => w.Id == id, CancellationToken.None);
            if (progress.Latest is { } last)
            {
                item.Progress(last, clock.GetUtcNow());
            }

            if (outcome is not null)
            {
                item.Succeed(outcome, clock.GetUtcNow());
            }
            else
            {
                item.Fail(failure!.Value.State, failure.Value.Error, clock.GetUtcNow());
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The sweep marks it interrupted once its heartbeat is old.
            logger.LogError(ex, "Could not record the end of work {Id}", id);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _slots.Release();
        }
    }

    /// <summary>The newest progress every <see cref="WorkOptions.ProgressInterval"/> (not every row), which is also the item's heartbeat.</summary>
    private async Task WriteProgressAsync(Guid id, LatestProgress progress, CancellationToken cancellationToken)
    {
        var interval = options.Value.ProgressInterval;
        try
        {
            while (true)
            {
                await Task.Delay(interval, clock, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                var now = clock.GetUtcNow();
                var latest = progress.Latest;
                var query = db.WorkItems.Where(w => w.Id == id && w.State == WorkState.Running);
                if (latest is null)
                {
                    await query.ExecuteUpdateAsync(s => s.SetProperty(w => w.UpdatedAt, now), cancellationToken);
                    continue;
                }

                var message = latest.Message is { Length: > WorkItem.MaxMessageLength } text ? text[..(WorkItem.MaxMessageLength - 1)] + "…" : latest.Message;
                await query.ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.Done, latest.Done)
                    .SetProperty(w => w.Total, latest.Total)
                    .SetProperty(w => w.Message, message)
                    .SetProperty(w => w.UpdatedAt, now), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The work ended.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not write the progress of work {Id}", id);
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SIGTERM: cancel the work under way and wait (up to the host's shutdown timeout) for it to record itself interrupted.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var running = _running.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        await Task.WhenAny(Task.WhenAll(running.Select(r => r.Value)), Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        var left = running.Where(r => !r.Value.IsCompleted).Select(r => r.Key).ToList();
        if (left.Count == 0)
        {
            return;
        }

        logger.LogWarning("{Count} pieces of work did not stop within the shutdown timeout; marking them interrupted", left.Count);
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().WorkItems
            .Where(w => left.Contains(w.Id) && w.State == WorkState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.State, WorkState.Interrupted)
                .SetProperty(w => w.Error, ShutdownError)
                .SetProperty(w => w.FinishedAt, now)
                .SetProperty(w => w.UpdatedAt, now), CancellationToken.None);
    }

    // Registered under three services, so disposed more than once; work abandoned at the shutdown timeout may still hold
    // the token and the slots: cancel, and let the GC have them.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
        }
    }

    /// <summary>Keeps only the newest report: the writer takes it when its interval comes.</summary>
    private sealed class LatestProgress : IProgress<ProgressUpdate>
    {
        private ProgressUpdate? _latest;

        public ProgressUpdate? Latest => Volatile.Read(ref _latest);

        public void Report(ProgressUpdate value) => Volatile.Write(ref _latest, value);
    }
}

/// <summary>The <c>Mekong:Work</c> section: background work started from screens.</summary>
public sealed class WorkOptions : IValidatableObject
{
    public const string Section = "Mekong:Work";

    /// <summary>Pieces of work one node runs at once; one more is refused ("busy") until one ends.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>How often running work writes its progress (and heartbeat) to the database.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running item whose heartbeat is older than this lost its node: it is shown and marked interrupted.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Finished work items kept (the newest); older ones are deleted by the sweep.</summary>
    [Range(10, 100_000)]
    public int KeepItems { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProgressInterval < TimeSpan.FromMilliseconds(50) || ProgressInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"{Section}:ProgressInterval must be between 00:00:00.05 and 00:01:00.", [nameof(ProgressInterval)]);
        }

        if (LeaseDuration < 3 * ProgressInterval)
        {
            yield return new ValidationResult($"{Section}:LeaseDuration must be at least three times {Section}:ProgressInterval (a heartbeat may be late).", [nameof(LeaseDuration)]);
        }
    }
}
