namespace Mekong.Modules.Places.Osm;

/// <summary>An OpenStreetMap element as the readers yield it: a node, a way or a relation, with its tags.</summary>
internal abstract record OsmElement(long Id, IReadOnlyDictionary<string, string> Tags)
{
    public static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
}

/// <summary>A node: a point in WGS 84 degrees.</summary>
internal sealed record OsmNode(long Id, double Latitude, double Longitude, IReadOnlyDictionary<string, string> Tags) : OsmElement(Id, Tags);

/// <summary>A way: an ordered list of node ids (closed when the first equals the last).</summary>
internal sealed record OsmWay(long Id, long[] NodeIds, IReadOnlyDictionary<string, string> Tags) : OsmElement(Id, Tags);

internal enum OsmMemberType
{
    Node = 0,
    Way = 1,
    Relation = 2,
}

internal sealed record OsmMember(OsmMemberType Type, long Id, string Role);

/// <summary>A relation (turn restrictions, multipolygons, routes): its members with their roles.</summary>
internal sealed record OsmRelation(long Id, IReadOnlyList<OsmMember> Members, IReadOnlyDictionary<string, string> Tags) : OsmElement(Id, Tags);

/// <summary>A file that is not a readable OSM file: the message says where (block, byte offset or line) and what is wrong.</summary>
internal sealed class OsmFormatException(string message, Exception? inner = null) : Exception(message, inner);
