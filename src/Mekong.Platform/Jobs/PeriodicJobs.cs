using System.ComponentModel.DataAnnotations;
using Cronos;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Jobs;

/// <summary>When a periodic job is due: a fixed interval, or a cron expression read in Vietnam time.</summary>
public abstract record Schedule
{
    /// <summary>The first due time after <paramref name="after"/>.</summary>
    public abstract DateTimeOffset Next(DateTimeOffset after);

    /// <summary>Every <paramref name="interval"/>, counted from the end of the previous run.</summary>
    public static Schedule Every(TimeSpan interval) => interval > TimeSpan.Zero
        ? new IntervalSchedule(interval)
        : throw new ArgumentOutOfRangeException(nameof(interval), "An interval must be positive.");

    /// <summary>A five-field cron expression (<c>0 2 * * *</c> is 02:00 every day), or six fields with seconds first; in Asia/Ho_Chi_Minh.</summary>
    public static Schedule Cron(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var parsed = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        return new CronSchedule(expression, parsed);
    }

    private sealed record IntervalSchedule(TimeSpan Interval) : Schedule
    {
        public override DateTimeOffset Next(DateTimeOffset after) => (after + Interval).ToUniversalTime();

        public override string ToString() => $"every {Interval}";
    }

    private sealed record CronSchedule(string Expression, CronExpression Parsed) : Schedule
    {
        public override DateTimeOffset Next(DateTimeOffset after) =>
            Parsed.GetNextOccurrence(after, VietnamTime.Zone)?.ToUniversalTime() ?? DateTimeOffset.MaxValue;

        public override string ToString() => $"cron {Expression}";
    }
}

/// <summary>A job run on a schedule by one node at a time; a fresh scope (and instance) for each run.</summary>
public interface IPeriodicJob
{
    /// <summary>Do the work; <paramref name="cancellationToken"/> fires only when the host's shutdown timeout is over.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>A registered periodic job.</summary>
public sealed record PeriodicJobRegistration(string Name, Schedule Schedule, Type JobType);

public static class PeriodicJobServices
{
    /// <summary>Registers a periodic job under a unique, stable <paramref name="name"/> (its runs are recorded under it), e.g. <c>outbox.cleanup</c>.</summary>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services, string name, Schedule schedule)
        where TJob : class, IPeriodicJob
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("A job name has 1 to 100 characters.", nameof(name));
        }

        services.AddScoped<TJob>();
        services.AddSingleton(new PeriodicJobRegistration(name, schedule, typeof(TJob)));
        return services;
    }
}

/// <summary>The <c>Mekong:Jobs</c> section.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Mekong:Jobs";

    /// <summary>Whether this node runs periodic jobs. Any number of nodes may: a lease row lets one run each due job.</summary>
    public bool Run { get; set; } = true;

    /// <summary>How often the scheduler looks for due jobs (the finest a schedule can be honoured).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node holds a job it runs; renewed every third of it while the job runs, so only a dead node loses it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Run records kept per job on <c>/admin/jobs</c> (older ones are deleted).</summary>
    [Range(10, 100_000)]
    public int KeepRuns { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(50) || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"{Section}:PollInterval must be between 00:00:00.05 and 00:10:00.", [nameof(PollInterval)]);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{Section}:LeaseDuration must be at least 00:00:01.", [nameof(LeaseDuration)]);
        }
    }
}
