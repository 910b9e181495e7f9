using Microsoft.Extensions.Configuration;
using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.News;

/// <summary><c>Mekong:News</c>: who edits, how media feeds are fetched and kept, how followers are told.</summary>
internal sealed class NewsOptions : IValidatableObject
{
    public const string Section = "Mekong:News";

    /// <summary>
    /// Departments (Access codes) whose officers are editors (ADR 0032): they write, review and publish the jurisdiction's
    /// articles. Administrators always are. Default <c>VPUB</c>, the People's Committee office (<i>Văn phòng UBND</i>)
    /// that runs the province's portal.
    /// </summary>
    public string[] EditorDepartments { get; set; } = ["VPUB"];

    /// <summary>How often the media feeds are fetched.</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one feed may take to answer and arrive.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A feed larger than this is refused (and recorded as the feed's error): memory stays bounded.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxFeedBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Items read from one feed per fetch (the newest ones, in the feed's order).</summary>
    [Range(1, 1_000)]
    public int MaxItemsPerFeed { get; set; } = 100;

    /// <summary>How often the notice job looks for articles that came out (a scheduled one is told within this).</summary>
    public TimeSpan NoticeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An article that has shown for longer than this when the job first sees it is marked told without notices (ADR 0042).</summary>
    public TimeSpan NoticeMaxAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Media stories older than this (by their publication time) are deleted by the feed job; the outlets keep the originals.</summary>
    public TimeSpan MediaRetention { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NoticeInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{Section}:NoticeInterval is at least 00:00:01.", [nameof(NoticeInterval)]);
        }

        if (NoticeMaxAge < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"{Section}:NoticeMaxAge is at least 00:01:00.", [nameof(NoticeMaxAge)]);
        }

        if (MediaRetention < TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:MediaRetention is at least 1.00:00:00 (one day).", [nameof(MediaRetention)]);
        }

        if (FetchInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{Section}:FetchInterval is at least 00:00:01.", [nameof(FetchInterval)]);
        }

        if (FetchTimeout < TimeSpan.FromSeconds(1) || FetchTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:FetchTimeout is between 00:00:01 and 00:05:00.", [nameof(FetchTimeout)]);
        }

        if (EditorDepartments.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{Section}:EditorDepartments holds department codes, none empty.", [nameof(EditorDepartments)]);
        }
    }

    public static TimeSpan NoticeIntervalOf(IConfiguration configuration) =>
        configuration.GetSection(Section).GetValue<TimeSpan?>(nameof(NoticeInterval)) is { } t && t >= TimeSpan.FromSeconds(1) ? t : TimeSpan.FromMinutes(1);

    public static TimeSpan IntervalOf(IConfiguration configuration) =>
        configuration.GetSection(Section).GetValue<TimeSpan?>(nameof(FetchInterval)) is { } t && t >= TimeSpan.FromSeconds(1) ? t : TimeSpan.FromMinutes(15);
}
