using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary><c>Mekong:Reports</c>: what the residents' portal allows (reopening, duplicates nearby, offline resubmission).</summary>
internal sealed class ResidentPortalOptions
{
    public const string Section = "Mekong:Reports";

    /// <summary>Days after resolution during which the reporter may reopen a report (default 7).</summary>
    [Range(0, 365, ErrorMessage = "Mekong:Reports:ReopenDays must be between 0 and 365.")]
    public int ReopenDays { get; set; } = 7;

    /// <summary>How far around the chosen place open reports of the same category are shown before sending (default 150 m).</summary>
    [Range(10, 5000, ErrorMessage = "Mekong:Reports:NearbyRadiusMetres must be between 10 and 5000.")]
    public int NearbyRadiusMetres { get; set; } = 150;

    /// <summary>How long a submission's idempotency key is honoured (default 72 h: a phone may stay without signal that long).</summary>
    [Range(1, 24 * 60, ErrorMessage = "Mekong:Reports:IdempotencyHours must be between 1 and 1440.")]
    public int IdempotencyHours { get; set; } = 72;

    public TimeSpan ReopenWindow => TimeSpan.FromDays(ReopenDays);
}
