using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Mekong.Modules.Cameras.Probing;

/// <summary>The <c>Mekong:Cameras:Probe</c> section: how the prober checks the fleet.</summary>
internal sealed class ProbeOptions : IValidatableObject
{
    public const string Section = "Mekong:Cameras:Probe";

    /// <summary>Off: no camera is checked (a test server, an installation without a camera network yet).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for cameras whose check is due.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a healthy camera is checked.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest back-off between checks of a dead camera.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one camera's whole check may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A check slower than this, all else well, is a degraded (slow) camera.</summary>
    public TimeSpan SlowAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Checks in a row that confirm a change of state (flap damping).</summary>
    [Range(1, 10)]
    public int Confirmations { get; set; } = 2;

    /// <summary>Cameras checked at the same time.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 64;

    /// <summary>At most this many due cameras per run (the rest wait for the next tick).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    public bool CheckOnvif { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(Tick), Tick, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            (nameof(Interval), Interval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            (nameof(MaxBackoff), MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
            (nameof(Timeout), Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2)),
            (nameof(SlowAfter), SlowAfter, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2)),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{Section}:{name} must be between {min} and {max}.", [name]);
            }
        }
    }

    public static TimeSpan TickOf(IConfiguration configuration)
    {
        try
        {
            var tick = configuration.GetValue<TimeSpan?>(Section + ":Tick");
            return tick > TimeSpan.Zero ? tick.Value : new ProbeOptions().Tick;
        }
        catch (InvalidOperationException)
        {
            return new ProbeOptions().Tick;
        }
    }
}
