namespace Mekong.Modules.Places.Domain;

/// <summary>
/// The imported OSM data of one jurisdiction: what was imported when, from which file, and how much of it. One row
/// per jurisdiction; an import replaces it, with all the roads, restrictions and map features, in one transaction.
/// </summary>
internal sealed class RoadNetwork
{
    public required string JurisdictionCode { get; init; }

    public required string Source { get; set; }

    public required DateTimeOffset ImportedAt { get; set; }

    public int Nodes { get; set; }

    public int Roads { get; set; }

    public int TurnRestrictions { get; set; }

    public int MapFeatures { get; set; }

    public int Places { get; set; }
}

/// <summary>
/// A routable OSM way (a road, a path or a ferry) with the tags routing needs, and its geometry in the form the
/// routing engine reads fastest (ADR 0029): the OSM node ids and their coordinates as packed little-endian arrays,
/// so that a network of 100,000 ways loads with one sequential scan and no per-node rows.
/// </summary>
internal sealed class Road
{
    public const int NameMaxLength = 200;

    public required Guid Id { get; init; }

    public required string JurisdictionCode { get; init; }

    public required long OsmId { get; init; }

    /// <summary>The <c>highway</c> class (primary, residential, …) or <c>ferry</c>.</summary>
    public required string Highway { get; init; }

    public string? Name { get; init; }

    public string? NameEn { get; init; }

    public string? Ref { get; init; }

    /// <summary>1: only in the way's direction; -1: only against it; 0: both.</summary>
    public short Oneway { get; init; }

    public short? MaxSpeedKmh { get; init; }

    public string? Access { get; init; }

    public string? MotorVehicle { get; init; }

    public string? Motorcycle { get; init; }

    public string? Bicycle { get; init; }

    public string? Foot { get; init; }

    public bool IsBridge { get; init; }

    public bool IsFerry { get; init; }

    /// <summary>A ferry's crossing time from its <c>duration</c> tag, in seconds.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>The OSM node ids, 8 bytes each (little-endian int64).</summary>
    public required byte[] NodeIds { get; init; }

    /// <summary>The nodes' coordinates, 8 bytes each: latitude then longitude as little-endian int32 in 1e-7 degrees.</summary>
    public required byte[] Coordinates { get; init; }

    public double MinLat { get; init; }

    public double MinLon { get; init; }

    public double MaxLat { get; init; }

    public double MaxLon { get; init; }
}

/// <summary>A turn restriction relation (<c>type=restriction</c>): from a way, via a node (or a way), to a way.</summary>
internal sealed class TurnRestriction
{
    public required Guid Id { get; init; }

    public required string JurisdictionCode { get; init; }

    public required long OsmId { get; init; }

    /// <summary>The <c>restriction</c> value: no_left_turn, only_straight_on, …</summary>
    public required string Kind { get; init; }

    public required long FromWay { get; init; }

    public long? ViaNode { get; init; }

    public long? ViaWay { get; init; }

    public required long ToWay { get; init; }

    /// <summary>The <c>except</c> tag (vehicles the restriction does not bind), e.g. <c>bicycle</c>.</summary>
    public string? Except { get; init; }
}

/// <summary>The base map's layers (ADR 0029); the vector tiles of the next increment are cut from these.</summary>
internal enum MapLayerKind
{
    Water,
    Waterway,
    Landuse,
    Building,
    Place,
}

/// <summary>
/// A feature kept for the base map: a water area, a river or canal, a land use, a building, a named place (town,
/// village, hamlet). Geometry is packed like <see cref="Road.Coordinates"/>; <see cref="Closed"/> marks a ring.
/// </summary>
internal sealed class MapFeature
{
    public required Guid Id { get; init; }

    public required string JurisdictionCode { get; init; }

    public required long OsmId { get; init; }

    public required MapLayerKind Layer { get; init; }

    /// <summary>The tag value that put it in the layer: river, canal, residential, yes, village…</summary>
    public required string Kind { get; init; }

    public string? Name { get; init; }

    public bool Closed { get; init; }

    public required byte[] Coordinates { get; init; }

    public double MinLat { get; init; }

    public double MinLon { get; init; }

    public double MaxLat { get; init; }

    public double MaxLon { get; init; }
}
