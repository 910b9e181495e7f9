using System.Collections.Concurrent;
using System.Diagnostics;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;

namespace Mekong.Modules.Places.Routing;

/// <summary>A point snapped to the nearest road a profile may use: the edge, how far along it (0 at its first vertex, 1 at its last) and where.</summary>
internal sealed record SnappedPoint(int Edge, double Fraction, double Latitude, double Longitude, double DistanceMetres);

/// <summary>One stretch of a route along one edge, in travel order: fractions of the edge's length.</summary>
internal readonly record struct RouteLeg(int DirectedEdge, double FromFraction, double ToFraction);

/// <summary>A route before it is put into words: legs in order, total weight (tenths of a second), whether the closures forced a plain search.</summary>
internal sealed record RoutePath(SnappedPoint From, SnappedPoint To, IReadOnlyList<RouteLeg> Legs, long Weight, bool AvoidedClosure);

/// <summary>Why a route could not be found, for the problem response.</summary>
internal enum RouteFailure
{
    FromTooFar,
    ToTooFar,
    Unreachable,
}

/// <summary>
/// One jurisdiction's routing data, immutable once built (ADR 0035): the road graph, per profile its directed graph
/// and contraction hierarchy, and a grid of the road segments for snapping. Queries are thread-safe (search labels
/// come from a pool). Closures are a set of OSM way ids given per query: a route the hierarchy finds that touches
/// none of them is also the shortest without them; one that does is searched again with plain Dijkstra avoiding them.
/// </summary>
internal sealed class RoutingNetwork
{
    public const double MaxSnapMetres = 5_000;
    private const double CellDegrees = 0.01;

    private readonly Dictionary<RoutingProfile, (ProfileGraph Graph, ContractionHierarchy Hierarchy, ConcurrentBag<(SearchSpace, SearchSpace)> Pool)> _profiles = [];
    private readonly Dictionary<(int, int), List<(int Edge, int Point)>> _cells = [];

    public RoadGraph Roads { get; }

    public TimeSpan BuildTime { get; }

    public int ShortcutCount => _profiles.Values.Sum(p => p.Hierarchy.ShortcutCount);

    private RoutingNetwork(RoadGraph roads, IEnumerable<RoutingProfile> profiles, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Roads = roads;
        foreach (var profile in profiles)
        {
            var graph = ProfileGraph.Build(roads, profile);
            _profiles[profile] = (graph, ContractionHierarchy.Build(graph, cancellationToken), []);
        }

        for (var e = 0; e < roads.EdgeCount; e++)
        {
            for (var p = roads.EdgeFirstPoint[e]; p < roads.EdgeLastPoint[e]; p++)
            {
                var (lat1, lon1, lat2, lon2) = (roads.PointLat[p], roads.PointLon[p], roads.PointLat[p + 1], roads.PointLon[p + 1]);
                for (var x = Cell(Math.Min(lon1, lon2)); x <= Cell(Math.Max(lon1, lon2)); x++)
                {
                    for (var y = Cell(Math.Min(lat1, lat2)); y <= Cell(Math.Max(lat1, lat2)); y++)
                    {
                        if (!_cells.TryGetValue((x, y), out var list))
                        {
                            _cells[(x, y)] = list = [];
                        }

                        list.Add((e, p));
                    }
                }
            }
        }

        BuildTime = Stopwatch.GetElapsedTime(started);
    }

    public static RoutingNetwork Build(IReadOnlyList<Road> roads, IReadOnlyList<TurnRestriction> restrictions, CancellationToken cancellationToken = default) =>
        new(RoadGraph.Build(roads, restrictions), RoutingProfiles.All, cancellationToken);

    public static RoutingNetwork Build(RoadGraph roads, IEnumerable<RoutingProfile> profiles, CancellationToken cancellationToken = default) =>
        new(roads, profiles, cancellationToken);

    public ProfileGraph Graph(RoutingProfile profile) => _profiles[profile].Graph;

    public ContractionHierarchy Hierarchy(RoutingProfile profile) => _profiles[profile].Hierarchy;

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    /// <summary>The nearest point on a road the profile may use (in at least one direction) and that is not closed.</summary>
    public SnappedPoint? Snap(RoutingProfile profile, double lat, double lon, IReadOnlySet<long>? closedWays = null)
    {
        var graph = _profiles[profile].Graph;
        var (cx, cy) = (Cell(lon), Cell(lat));
        var best = double.MaxValue;
        (int Edge, int Point, double T) bestHit = (-1, -1, 0);
        var metresPerCell = CellDegrees * 110_000 * Math.Cos(double.DegreesToRadians(lat));
        var maxRings = (int)Math.Ceiling(MaxSnapMetres / metresPerCell) + 1;
        for (var ring = 0; ring <= maxRings; ring++)
        {
            for (var x = cx - ring; x <= cx + ring; x++)
            {
                for (var y = cy - ring; y <= cy + ring; y++)
                {
                    if ((Math.Abs(x - cx) != ring && Math.Abs(y - cy) != ring) || !_cells.TryGetValue((x, y), out var segments))
                    {
                        continue;
                    }

                    foreach (var (edge, point) in segments)
                    {
                        if ((graph.DirectedWeight[edge * 2] == 0 && graph.DirectedWeight[(edge * 2) + 1] == 0)
                            || (closedWays is { Count: > 0 } && closedWays.Contains(Roads.Roads[Roads.EdgeRoad[edge]].OsmId)))
                        {
                            continue;
                        }

                        var (d, t) = SegmentDistance(lat, lon, Roads.PointLat[point], Roads.PointLon[point], Roads.PointLat[point + 1], Roads.PointLon[point + 1]);
                        if (d < best)
                        {
                            best = d;
                            bestHit = (edge, point, t);
                        }
                    }
                }
            }

            if (bestHit.Edge >= 0 && best < ring * metresPerCell)
            {
                break;
            }
        }

        if (bestHit.Edge < 0 || best > MaxSnapMetres)
        {
            return null;
        }

        var (e, p, frac) = bestHit;
        var along = 0.0;
        for (var i = Roads.EdgeFirstPoint[e]; i < p; i++)
        {
            along += GreatCircle.Metres(Roads.PointLat[i], Roads.PointLon[i], Roads.PointLat[i + 1], Roads.PointLon[i + 1]);
        }

        along += frac * GreatCircle.Metres(Roads.PointLat[p], Roads.PointLon[p], Roads.PointLat[p + 1], Roads.PointLon[p + 1]);
        var snappedLat = Roads.PointLat[p] + (frac * (Roads.PointLat[p + 1] - Roads.PointLat[p]));
        var snappedLon = Roads.PointLon[p] + (frac * (Roads.PointLon[p + 1] - Roads.PointLon[p]));
        var fraction = Roads.EdgeMetres[e] > 0 ? Math.Clamp(along / Roads.EdgeMetres[e], 0, 1) : 0;
        return new SnappedPoint(e, fraction, Math.Round(snappedLat, 7), Math.Round(snappedLon, 7), Math.Round(best, 1));
    }

    /// <summary>The fastest route between two points, or why there is none. Closed ways are avoided (ADR 0035).</summary>
    public (RoutePath? Path, RouteFailure? Failure) Route(RoutingProfile profile, (double Lat, double Lon) from, (double Lat, double Lon) to, IReadOnlySet<long>? closedWays = null)
    {
        if (Snap(profile, from.Lat, from.Lon, closedWays) is not { } start)
        {
            return (null, RouteFailure.FromTooFar);
        }

        if (Snap(profile, to.Lat, to.Lon, closedWays) is not { } end)
        {
            return (null, RouteFailure.ToTooFar);
        }

        var path = Route(profile, start, end, closedWays);
        return path is null ? (null, RouteFailure.Unreachable) : (path, null);
    }

    /// <summary>The fastest route between snapped points; <paramref name="plainSearch"/> uses Dijkstra throughout (the tests' reference).</summary>
    public RoutePath? Route(RoutingProfile profile, SnappedPoint start, SnappedPoint end, IReadOnlySet<long>? closedWays = null, bool plainSearch = false)
    {
        var (graph, hierarchy, pool) = _profiles[profile];
        var sources = new List<Terminal>(2);
        var sourceEdges = new List<int>(2);
        foreach (var d in new[] { start.Edge * 2, (start.Edge * 2) + 1 })
        {
            if (graph.DirectedWeight[d] > 0)
            {
                var rest = d % 2 == 0 ? 1 - start.Fraction : start.Fraction;
                sources.Add(new Terminal(graph.HeadOf(d), (long)Math.Round(rest * graph.DirectedWeight[d])));
                sourceEdges.Add(d);
            }
        }

        var targets = new List<Terminal>(4);
        var targetEdges = new List<int>(4);
        foreach (var d in new[] { end.Edge * 2, (end.Edge * 2) + 1 })
        {
            if (graph.DirectedWeight[d] > 0)
            {
                var part = d % 2 == 0 ? end.Fraction : 1 - end.Fraction;
                foreach (var arc in graph.ArcsOf(d))
                {
                    targets.Add(new Terminal(graph.ArcTail[arc], (long)Math.Round(part * graph.DirectedWeight[d])));
                    targetEdges.Add(d);
                }
            }
        }

        // Both on the same edge, the end ahead of the start in a direction the profile may go.
        RoutePath? direct = null;
        if (start.Edge == end.Edge)
        {
            var forward = end.Fraction >= start.Fraction;
            var d = (start.Edge * 2) + (forward ? 0 : 1);
            if (graph.DirectedWeight[d] > 0)
            {
                var weight = (long)Math.Round(Math.Abs(end.Fraction - start.Fraction) * graph.DirectedWeight[d]);
                direct = new RoutePath(start, end, [new RouteLeg(d, start.Fraction, end.Fraction)], weight, false);
            }
        }

        if (!pool.TryTake(out var spaces))
        {
            spaces = (new SearchSpace(graph.NodeCount), new SearchSpace(graph.NodeCount));
        }

        try
        {
            var found = plainSearch ? null : hierarchy.Query(sources.ToArray(), targets.ToArray(), spaces.Item1, spaces.Item2);
            var avoided = false;
            if (plainSearch || (found is not null && closedWays is { Count: > 0 } && found.Arcs.Any(a => IsClosed(graph.ArcEdge[a], closedWays))))
            {
                found = Dijkstra.Search(graph, sources.ToArray(), targets.ToArray(), spaces.Item1, closedWays is { Count: > 0 } ? d => IsClosed(d, closedWays) : null);
                avoided = !plainSearch;
            }

            if (found is null || (direct is not null && direct.Weight <= found.Weight))
            {
                return direct;
            }

            var legs = new List<RouteLeg>(found.Arcs.Length + 2);
            var first = sourceEdges[found.Source];
            legs.Add(new RouteLeg(first, start.Fraction, first % 2 == 0 ? 1 : 0));
            foreach (var arc in found.Arcs)
            {
                var d = graph.ArcEdge[arc];
                legs.Add(new RouteLeg(d, d % 2 == 0 ? 0 : 1, d % 2 == 0 ? 1 : 0));
            }

            var last = targetEdges[found.Target];
            legs.Add(new RouteLeg(last, last % 2 == 0 ? 0 : 1, end.Fraction));
            return new RoutePath(start, end, legs, found.Weight, avoided);
        }
        finally
        {
            pool.Add(spaces);
        }
    }

    private bool IsClosed(int directedEdge, IReadOnlySet<long> closedWays) => closedWays.Contains(Roads.Roads[Roads.EdgeRoad[directedEdge / 2]].OsmId);

    /// <summary>The points of a leg in travel order, the cut ends interpolated.</summary>
    public List<(double Lat, double Lon)> LegPoints(RouteLeg leg)
    {
        var e = leg.DirectedEdge / 2;
        var (lo, hi) = (Math.Min(leg.FromFraction, leg.ToFraction), Math.Max(leg.FromFraction, leg.ToFraction));
        var total = Roads.EdgeMetres[e];
        var points = new List<(double, double)>();
        var along = 0.0;
        for (var p = Roads.EdgeFirstPoint[e]; p < Roads.EdgeLastPoint[e]; p++)
        {
            var length = GreatCircle.Metres(Roads.PointLat[p], Roads.PointLon[p], Roads.PointLat[p + 1], Roads.PointLon[p + 1]);
            var (a, b) = total > 0 ? (along / total, (along + length) / total) : (0, 1);
            if (b >= lo && a <= hi)
            {
                var t1 = b > a ? Math.Clamp((lo - a) / (b - a), 0, 1) : 0;
                var t2 = b > a ? Math.Clamp((hi - a) / (b - a), 0, 1) : 1;
                if (points.Count == 0)
                {
                    points.Add(Lerp(p, t1));
                }

                points.Add(Lerp(p, t2));
            }

            along += length;
        }

        if (points.Count == 1)
        {
            points.Add(points[0]);
        }

        if (leg.FromFraction > leg.ToFraction)
        {
            points.Reverse();
        }

        return points;

        (double, double) Lerp(int p, double t) =>
            (Roads.PointLat[p] + (t * (Roads.PointLat[p + 1] - Roads.PointLat[p])), Roads.PointLon[p] + (t * (Roads.PointLon[p + 1] - Roads.PointLon[p])));
    }

    /// <summary>Distance from a point to a segment and the fraction along it of the nearest point (local equirectangular projection).</summary>
    private static (double Metres, double T) SegmentDistance(double lat, double lon, double lat1, double lon1, double lat2, double lon2)
    {
        var k = Math.Cos(double.DegreesToRadians(lat));
        double px = lon * k, py = lat, ax = lon1 * k, ay = lat1, bx = lon2 * k, by = lat2;
        double dx = bx - ax, dy = by - ay;
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / lengthSquared, 0, 1);
        var (qx, qy) = (ax + (t * dx), ay + (t * dy));
        var metresPerDegree = Math.PI * GreatCircle.EarthRadiusMetres / 180;
        return (Math.Sqrt(((px - qx) * (px - qx)) + ((py - qy) * (py - qy))) * metresPerDegree, t);
    }
}
