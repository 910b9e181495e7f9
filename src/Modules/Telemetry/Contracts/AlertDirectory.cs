namespace Mekong.Modules.Telemetry.Contracts;

/// <summary>
/// An alert as other modules may know it (an incident opened from it keeps its id and a copy of what it said).
/// <see cref="State"/> is <c>open</c>, <c>acknowledged</c> or <c>resolved</c>; <see cref="Severity"/> is <c>info</c>,
/// <c>warning</c> or <c>critical</c>. A grouped alert (one flood alert for the gauges of a commune) lists every
/// device and commune it covers.
/// </summary>
public sealed record AlertView(
    Guid Id,
    string JurisdictionCode,
    string RuleName,
    string Severity,
    string State,
    string TitleVi,
    string TitleEn,
    string? DeviceType,
    IReadOnlyList<string> DeviceIds,
    IReadOnlyList<string> CommuneCodes,
    double? Latitude,
    double? Longitude,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt);

/// <summary>Read-only look-up of a jurisdiction's alerts for other modules (incidents opened from alerts).</summary>
public interface IAlertDirectory
{
    Task<AlertView?> FindAsync(string jurisdictionCode, Guid id, CancellationToken cancellationToken);

    /// <summary>Open and acknowledged alerts, newest first.</summary>
    Task<IReadOnlyList<AlertView>> ListActiveAsync(string jurisdictionCode, CancellationToken cancellationToken);
}
