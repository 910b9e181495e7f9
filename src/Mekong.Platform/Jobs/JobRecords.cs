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
}

/// <summary>Work started from a screen and run in the background, with its progress for the status page.</summary>
internal sealed class WorkItem
{
    private WorkItem()
    {
        Name = Node = string.Empty;
    }

    public WorkItem(Guid id, string name, string? startedBy, string node, DateTimeOffset now)
    {
        Id = id;
        Name = name;
        StartedBy = startedBy;
        Node = node;
        State = WorkState.Running;
        StartedAt = UpdatedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string? StartedBy { get; private set; }

    public string Node { get; private set; }

    public WorkState State { get; private set; }

    public long Done { get; private set; }

    public long? Total { get; private set; }

    public string? Message { get; private set; }

    /// <summary>What the work produced for the person who started it (a summary, a link); plain text.</summary>
    public string? Result { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The last progress write; a running item whose node went away stops moving (the page says so).</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }
}
