using System.ComponentModel.DataAnnotations;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.CaseWork;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Deadlines;

/// <summary>The <c>Mekong:Reports:Deadlines</c> section.</summary>
internal sealed class DeadlineOptions : IValidatableObject
{
    public const string Section = "Mekong:Reports:Deadlines";

    /// <summary>How long before a report's deadline its unit's officers are warned.</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the job looks for reports to warn about, mark overdue and escalate.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reports handled per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>The job's interval as registered; a wrong value is left to the start-up validation, which names the key.</summary>
    public static TimeSpan IntervalOf(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        try
        {
            var interval = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<TimeSpan?>(configuration, Section + ":Interval");
            return interval > TimeSpan.Zero ? interval.Value : new DeadlineOptions().Interval;
        }
        catch (InvalidOperationException)
        {
            return new DeadlineOptions().Interval;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WarnBefore < TimeSpan.Zero || WarnBefore > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult($"{Section}:WarnBefore must be between 00:00:00 and 30.00:00:00.", [nameof(WarnBefore)]);
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:Interval must be between 00:00:01 and 1.00:00:00.", [nameof(Interval)]);
        }
    }
}

/// <summary>
/// The deadline clock (<c>reports.deadlines</c>, one node at a time): warns a unit's officers a set time before a
/// report's deadline, marks it overdue when the deadline passes and escalates it to the unit's head. Each at most once
/// per report and deadline (the report's own marks), each recorded in its history as an internal change, the notices
/// in the same transaction as the marks.
/// </summary>
internal sealed class DeadlineJob(ReportsDbContext db, OfficerNotices notices, IOptions<DeadlineOptions> options, TimeProvider clock, ILogger<DeadlineJob> logger) : IPeriodicJob
{
    public const string Name = "reports.deadlines";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var open = Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()).ToList();
        var (warned, overdue) = (0, 0);
        while (true)
        {
            var now = clock.GetUtcNow();
            var warnFrom = now + settings.WarnBefore;
            var due = await db.Reports
                .Where(r => open.Contains(r.Status) && r.OverdueAt == null && (r.ExpectedAt <= now || (r.DeadlineWarnedAt == null && r.ExpectedAt <= warnFrom)))
                .OrderBy(r => r.ExpectedAt).ThenBy(r => r.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var before = warned + overdue;
            foreach (var report in due)
            {
                if (report.ExpectedAt <= now)
                {
                    var heads = await notices.EscalateAsync(db, report, cancellationToken);
                    report.MarkOverdue(heads, now);
                    overdue++;
                }
                else if (report.WarnDeadline(settings.WarnBefore, now))
                {
                    await notices.WarnAsync(db, report, cancellationToken);
                    warned++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (due.Count < settings.BatchSize || warned + overdue == before)
            {
                break;
            }
        }

        if (warned + overdue > 0)
        {
            logger.LogInformation("Deadlines: {Warned} report(s) warned, {Overdue} marked overdue and escalated", warned, overdue);
        }
    }
}
