using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary><c>Mekong:Telemetry:Alerts</c>: how alerts follow up and how much the evaluator keeps in memory (ADR 0033).</summary>
internal sealed class AlertOptions
{
    public const string Section = "Mekong:Telemetry:Alerts";

    /// <summary>An open alert nobody acknowledged is told again this often.</summary>
    [Range(1, 24 * 60)]
    public int ReminderMinutes { get; set; } = 30;

    /// <summary>An open alert nobody acknowledged this long after it opened goes to the administrators (a rule may say otherwise).</summary>
    [Range(1, 24 * 60)]
    public int EscalateAfterMinutes { get; set; } = 15;

    /// <summary>At most this many (rule, device) states in memory; the least recently moved go first beyond it.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxTrackers { get; set; } = 200_000;

    /// <summary>At start the evaluator replays this much of the recent readings (at most) into its state.</summary>
    [Range(0, 24 * 60)]
    public int RebuildMinutes { get; set; } = 120;
}
