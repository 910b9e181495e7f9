using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;

namespace Mekong.Modules.Places.Routing;

/// <summary>
/// The imported roads as an undirected graph, the same for every profile (ADR 0035): vertices are the OSM nodes
/// shared by two ways, ending one, or the via node of a turn restriction; an edge is the stretch of one way between
/// two vertices, with its geometry (a run of the shared point arrays) and length. Edges that start and end at the
/// same vertex (a closed way with no junction) are left out: they never shorten a route.
/// </summary>
internal sealed class RoadGraph
{
    public required Road[] Roads { get; init; }

    public required TurnRestriction[] Restrictions { get; init; }

    /// <summary>The vertices' OSM node ids.</summary>
    public required long[] NodeIds { get; init; }

    public required double[] NodeLat { get; init; }

    public required double[] NodeLon { get; init; }

    public required int[] EdgeFrom { get; init; }

    public required int[] EdgeTo { get; init; }

    public required int[] EdgeRoad { get; init; }

    /// <summary>The edge's first and last point in <see cref="PointLat"/>/<see cref="PointLon"/> (in the way's direction).</summary>
    public required int[] EdgeFirstPoint { get; init; }

    public required int[] EdgeLastPoint { get; init; }

    public required double[] EdgeMetres { get; init; }

    /// <summary>The length of each road (sum of its edges), to share a ferry's crossing time among its edges.</summary>
    public required double[] RoadMetres { get; init; }

    public required double[] PointLat { get; init; }

    public required double[] PointLon { get; init; }

    public required Dictionary<long, int> NodeIndex { get; init; }

    public int NodeCount => NodeIds.Length;

    public int EdgeCount => EdgeFrom.Length;

    public static RoadGraph Build(IReadOnlyList<Road> roads, IReadOnlyList<TurnRestriction> restrictions)
    {
        var ids = new long[roads.Count][];
        var points = new (double Lat, double Lon)[roads.Count][];
        var uses = new Dictionary<long, int>();
        for (var r = 0; r < roads.Count; r++)
        {
            ids[r] = PackedCoordinates.UnpackIds(roads[r].NodeIds);
            points[r] = PackedCoordinates.Unpack(roads[r].Coordinates);
            for (var i = 0; i < ids[r].Length; i++)
            {
                var weight = i == 0 || i == ids[r].Length - 1 ? 2 : 1;
                uses[ids[r][i]] = uses.GetValueOrDefault(ids[r][i]) + weight;
            }
        }

        foreach (var restriction in restrictions)
        {
            if (restriction.ViaNode is { } via && uses.ContainsKey(via))
            {
                uses[via] += 2;
            }
        }

        var nodeIndex = new Dictionary<long, int>();
        var nodeIds = new List<long>();
        var nodeLat = new List<double>();
        var nodeLon = new List<double>();
        var pointLat = new List<double>();
        var pointLon = new List<double>();
        var edgeFrom = new List<int>();
        var edgeTo = new List<int>();
        var edgeRoad = new List<int>();
        var edgeFirst = new List<int>();
        var edgeLast = new List<int>();
        var edgeMetres = new List<double>();
        var roadMetres = new double[roads.Count];

        int Vertex(long id, (double Lat, double Lon) point)
        {
            if (!nodeIndex.TryGetValue(id, out var index))
            {
                index = nodeIds.Count;
                nodeIndex[id] = index;
                nodeIds.Add(id);
                nodeLat.Add(point.Lat);
                nodeLon.Add(point.Lon);
            }

            return index;
        }

        for (var r = 0; r < roads.Count; r++)
        {
            var offset = pointLat.Count;
            foreach (var (lat, lon) in points[r])
            {
                pointLat.Add(lat);
                pointLon.Add(lon);
            }

            var start = 0;
            var metres = 0.0;
            for (var i = 1; i < ids[r].Length; i++)
            {
                metres += GreatCircle.Metres(points[r][i - 1].Lat, points[r][i - 1].Lon, points[r][i].Lat, points[r][i].Lon);
                if (uses[ids[r][i]] < 2 && i < ids[r].Length - 1)
                {
                    continue;
                }

                var from = Vertex(ids[r][start], points[r][start]);
                var to = Vertex(ids[r][i], points[r][i]);
                if (from != to)
                {
                    edgeFrom.Add(from);
                    edgeTo.Add(to);
                    edgeRoad.Add(r);
                    edgeFirst.Add(offset + start);
                    edgeLast.Add(offset + i);
                    edgeMetres.Add(metres);
                    roadMetres[r] += metres;
                }

                start = i;
                metres = 0;
            }
        }

        return new RoadGraph
        {
            Roads = [.. roads],
            Restrictions = [.. restrictions],
            NodeIds = [.. nodeIds],
            NodeLat = [.. nodeLat],
            NodeLon = [.. nodeLon],
            EdgeFrom = [.. edgeFrom],
            EdgeTo = [.. edgeTo],
            EdgeRoad = [.. edgeRoad],
            EdgeFirstPoint = [.. edgeFirst],
            EdgeLastPoint = [.. edgeLast],
            EdgeMetres = [.. edgeMetres],
            RoadMetres = roadMetres,
            PointLat = [.. pointLat],
            PointLon = [.. pointLon],
            NodeIndex = nodeIndex,
        };
    }
}
