namespace Mekong.Platform.Jobs;

/// <summary>The shared schedule of one periodic job: when it is due next, and which node holds it while it runs.</summary>
internal sealed class JobSchedule
{
    private JobSchedule()
    {
        Name = string.Empty;
    }

    public JobSchedule(string name, DateTimeOffset nextRunAt)
    {
        Name = name;
        NextRunAt = nextRunAt.ToUniversalTime();
    }

    public string Name { get; private set; }

    public DateTimeOffset NextRunAt { get; private set; }

    public string? LockedBy { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }
}

public enum JobRunResult
{
    Running,
    Succeeded,
    Failed,
    /// <summary>The node stopped (shutdown timeout or crash) before the run finished.</summary>
    Abandoned,
}

/// <summary>One run of a periodic job on one node.</summary>
internal sealed class JobRun
{
    public const int MaxErrorLength = 2000;

    private JobRun()
    {
        JobName = Node = string.Empty;
    }

    public JobRun(string jobName, string node, DateTimeOffset startedAt)
    {
        Id = Guid.CreateVersion7(startedAt);
        JobName = jobName;
        Node = node;
        StartedAt = startedAt.ToUniversalTime();
        Result = JobRunResult.Running;
    }

    public Guid Id { get; private set; }

    public string JobName { get; private set; }

    public string Node { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public long? DurationMs { get; private set; }

    public JobRunResult Result { get; private set; }

    public string? Error { get; private set; }

    public void Finish(JobRunResult result, string? error, DateTimeOffset finishedAt)
    {
        Result = result;
        Error = error is null ? null : error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
        FinishedAt = finishedAt.ToUniversalTime();
        DurationMs = (long)(FinishedAt.Value - StartedAt).TotalMilliseconds;
    }
}

public enum WorkState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The node stopped (SIGTERM, crash) before the work finished; nothing more will happen to it.</summary>
    Interrupted,
}

/// <summary>Work started from a screen and run in the background, with its progress for the status page.</summary>
internal sealed class WorkItem
{
    public const int MaxMessageLength = 500;
    public const int MaxResultLength = 4000;
    public const int MaxErrorLength = 2000;
    public const int MaxLinkLength = 500;

    /// <summary>The largest result a screen may keep here (64 KiB); anything larger belongs in the module's own storage, referenced by id.</summary>
    public const int MaxResultJsonLength = 64 * 1024;

    private WorkItem()
    {
        Name = Node = string.Empty;
    }

    public WorkItem(Guid id, string name, string? startedBy, string? jurisdiction, string node, DateTimeOffset now)
    {
        Id = id;
        Name = Cut(name, 200)!;
        StartedBy = Cut(startedBy, 256);
        Jurisdiction = jurisdiction;
        Node = node;
        State = WorkState.Running;
        StartedAt = UpdatedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string? StartedBy { get; private set; }

    /// <summary>The jurisdiction the work acts in (who may see it: its administrators and the installation's); null for installation-wide work.</summary>
    public string? Jurisdiction { get; private set; }

    public string Node { get; private set; }

    public WorkState State { get; private set; }

    public long Done { get; private set; }

    public long? Total { get; private set; }

    /// <summary>The stage the work is in ("checking overlaps").</summary>
    public string? Message { get; private set; }

    /// <summary>What the work produced for the person who started it (a summary); plain text.</summary>
    public string? Result { get; private set; }

    /// <summary>Where the screen shows the result (a local path such as <c>/admin/import?id=…</c>).</summary>
    public string? ResultLink { get; private set; }

    /// <summary>A small result the screen reads back (JSON, at most <see cref="MaxResultJsonLength"/> characters).</summary>
    public string? ResultJson { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The last progress write, also written as a heartbeat while the work runs: a running item whose node went away stops moving.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public void Progress(ProgressUpdate progress, DateTimeOffset now)
    {
        if (State != WorkState.Running)
        {
            return;
        }

        Done = Math.Max(0, progress.Done);
        Total = progress.Total is { } total ? Math.Max(0, total) : null;
        Message = Cut(progress.Message, MaxMessageLength);
        UpdatedAt = now.ToUniversalTime();
    }

    public void Succeed(WorkOutcome outcome, DateTimeOffset now)
    {
        Finish(outcome.Succeeded ? WorkState.Succeeded : WorkState.Failed, now);
        Result = Cut(outcome.Summary, MaxResultLength);
        ResultLink = Cut(outcome.Link, MaxLinkLength);
        ResultJson = outcome.Json;
        if (Total is { } total && outcome.Succeeded)
        {
            Done = total;
        }
    }

    public void Fail(WorkState state, string error, DateTimeOffset now)
    {
        Finish(state, now);
        Error = Cut(error, MaxErrorLength);
    }

    private void Finish(WorkState state, DateTimeOffset now)
    {
        State = state;
        FinishedAt = UpdatedAt = now.ToUniversalTime();
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
