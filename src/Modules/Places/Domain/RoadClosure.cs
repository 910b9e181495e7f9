namespace Mekong.Modules.Places.Domain;

/// <summary>
/// A road closed by hand (flood, works, an incident): the whole OSM way is left out of new routes from the moment it
/// is saved until it is lifted or <see cref="EndsAt"/> passes (ADR 0035). No rebuild: the router filters it.
/// </summary>
internal sealed class RoadClosure
{
    public const int ReasonMaxLength = 500;

    public required Guid Id { get; init; }

    public required string JurisdictionCode { get; init; }

    /// <summary>The OSM way closed.</summary>
    public required long WayOsmId { get; init; }

    public string? RoadName { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public bool IsActive(DateTimeOffset now) => EndsAt is null || EndsAt > now;
}
