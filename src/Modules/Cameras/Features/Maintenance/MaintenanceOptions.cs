using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Cameras.Features.Maintenance;

/// <summary>The <c>Mekong:Cameras:Maintenance</c> section (ADR 0039): when tickets open, how often they are reminded, how fresh the kept snapshot is.</summary>
internal sealed class MaintenanceOptions : IValidatableObject
{
    public const string Section = "Mekong:Cameras:Maintenance";

    /// <summary>Off: no ticket is opened, reminded or closed, no snapshot kept, no outage stored (the job does nothing).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a camera is offline before its ticket opens.</summary>
    public TimeSpan OpenAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A jurisdiction's own <see cref="OpenAfter"/> (key: the jurisdiction's code).</summary>
    public Dictionary<string, TimeSpan> OpenAfterByJurisdiction { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often the contractor is reminded of a ticket that stays open.</summary>
    public TimeSpan RemindEvery { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How old the kept "last good snapshot" of an online camera may grow before the job fetches a new one.</summary>
    public TimeSpan SnapshotEvery { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many snapshots fetched per run (the rest the next run).</summary>
    [Range(0, 10_000)]
    public int SnapshotsPerRun { get; set; } = 60;

    public TimeSpan OpenAfterFor(string jurisdiction) => OpenAfterByJurisdiction.TryGetValue(jurisdiction, out var own) ? own : OpenAfter;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var checks = new List<(string Name, TimeSpan Value, TimeSpan Min, TimeSpan Max)>
        {
            (nameof(OpenAfter), OpenAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            (nameof(RemindEvery), RemindEvery, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30)),
            (nameof(SnapshotEvery), SnapshotEvery, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
        };
        checks.AddRange(OpenAfterByJurisdiction.Select(j => ($"{nameof(OpenAfterByJurisdiction)}:{j.Key}", j.Value, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7))));
        foreach (var (name, value, min, max) in checks)
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{Section}:{name} must be between {min} and {max}.", [name]);
            }
        }
    }
}
