namespace Mekong.Modules.Places.Routing;

/// <summary>
/// The directed graph one profile routes on (ADR 0035): an arc per direction of each edge the profile may use, its
/// weight the travel time in tenths of a second. Turn restrictions are built in by <b>splitting</b> each via node: a
/// vertex that is the via of a restriction binding the profile gets one copy per arriving arc, and each copy has
/// only the departing arcs that turn is allowed onto. The graph stays node-based (so contraction hierarchies and
/// Dijkstra work on it unchanged) and exact for via-node restrictions. A point on a directed edge is reached from the
/// arcs' tails (<see cref="ArcsOf"/>) and left through its head (<see cref="HeadOf"/>).
/// </summary>
internal sealed class ProfileGraph
{
    public required RoutingProfile Profile { get; init; }

    public required RoadGraph Roads { get; init; }

    public required int NodeCount { get; init; }

    /// <summary>Arcs sorted by tail: arcs of node v are <c>FirstArc[v]..FirstArc[v+1]</c>.</summary>
    public required int[] FirstArc { get; init; }

    public required int[] ArcHead { get; init; }

    public required int[] ArcTail { get; init; }

    public required uint[] ArcWeight { get; init; }

    /// <summary>The directed road edge an arc runs along: edge * 2 (+1 when against the way's direction).</summary>
    public required int[] ArcEdge { get; init; }

    /// <summary>Each directed edge's weight (0 when the profile may not use it that way).</summary>
    public required uint[] DirectedWeight { get; init; }

    private readonly int[] _directedHead;
    private readonly int[] _firstOfDirected;
    private readonly int[] _arcsByDirected;

    private ProfileGraph(int[] directedHead, int[] firstOfDirected, int[] arcsByDirected)
    {
        _directedHead = directedHead;
        _firstOfDirected = firstOfDirected;
        _arcsByDirected = arcsByDirected;
    }

    public int ArcCount => ArcHead.Length;

    /// <summary>The vertex (or via-node copy) a traveller reaches at the end of a directed edge.</summary>
    public int HeadOf(int directedEdge) => _directedHead[directedEdge];

    /// <summary>The arcs along a directed edge (one per via-node copy its tail allows onto it).</summary>
    public ReadOnlySpan<int> ArcsOf(int directedEdge) => _arcsByDirected.AsSpan(_firstOfDirected[directedEdge], _firstOfDirected[directedEdge + 1] - _firstOfDirected[directedEdge]);

    public static ProfileGraph Build(RoadGraph roads, RoutingProfile profile)
    {
        var directedCount = roads.EdgeCount * 2;
        var weight = new uint[directedCount];
        for (var e = 0; e < roads.EdgeCount; e++)
        {
            var road = roads.Roads[roads.EdgeRoad[e]];
            if (profile.SpeedKmh(road) is not { } kmh)
            {
                continue;
            }

            double seconds;
            if (road.IsFerry && road.DurationSeconds is { } duration && roads.RoadMetres[roads.EdgeRoad[e]] > 0)
            {
                seconds = duration * roads.EdgeMetres[e] / roads.RoadMetres[roads.EdgeRoad[e]];
            }
            else
            {
                seconds = roads.EdgeMetres[e] / (kmh / 3.6);
            }

            var w = (uint)Math.Max(1, Math.Round(seconds * 10));
            var oneway = profile.KeepsOneways() ? road.Oneway : (short)0;
            if (oneway >= 0)
            {
                weight[e * 2] = w;
            }

            if (oneway <= 0)
            {
                weight[(e * 2) + 1] = w;
            }
        }

        // Turn restrictions: the banned (arriving directed edge, departing directed edge) pairs per via vertex.
        var incident = new Dictionary<int, List<int>>(); // via vertex -> directed edges leaving it
        var banned = new Dictionary<int, HashSet<(int In, int Out)>>();
        var edgesOfWay = new Dictionary<long, List<int>>();
        for (var e = 0; e < roads.EdgeCount; e++)
        {
            var osmId = roads.Roads[roads.EdgeRoad[e]].OsmId;
            if (!edgesOfWay.TryGetValue(osmId, out var list))
            {
                edgesOfWay[osmId] = list = [];
            }

            list.Add(e);
        }

        foreach (var restriction in roads.Restrictions)
        {
            if (restriction.ViaNode is not { } viaId || !roads.NodeIndex.TryGetValue(viaId, out var via) || !profile.IsBoundBy(restriction)
                || !edgesOfWay.TryGetValue(restriction.FromWay, out var fromEdges) || !edgesOfWay.TryGetValue(restriction.ToWay, out var toEdges))
            {
                continue; // via-way restrictions are not applied yet (ADR 0035)
            }

            // Arriving at via along a from-way edge; departing along a to-way edge.
            var arriving = fromEdges.Where(e => roads.EdgeTo[e] == via || roads.EdgeFrom[e] == via).Select(e => roads.EdgeTo[e] == via ? e * 2 : (e * 2) + 1).ToList();
            var departing = toEdges.Where(e => roads.EdgeTo[e] == via || roads.EdgeFrom[e] == via).Select(e => roads.EdgeFrom[e] == via ? e * 2 : (e * 2) + 1).ToHashSet();
            if (arriving.Count == 0 || departing.Count == 0)
            {
                continue;
            }

            if (!banned.TryGetValue(via, out var pairs))
            {
                banned[via] = pairs = [];
                incident[via] = [];
            }

            var only = restriction.Kind.StartsWith("only_", StringComparison.Ordinal);
            foreach (var a in arriving)
            {
                if (only)
                {
                    // Every departure but the ones allowed, resolved once the via's edges are known (below).
                    foreach (var d in departing)
                    {
                        pairs.Add((a, -1 - d));
                    }
                }
                else
                {
                    foreach (var d in departing)
                    {
                        pairs.Add((a, d));
                    }
                }
            }
        }

        for (var e = 0; e < roads.EdgeCount; e++)
        {
            if (incident.TryGetValue(roads.EdgeFrom[e], out var fromList))
            {
                fromList.Add(e * 2);
            }

            if (incident.TryGetValue(roads.EdgeTo[e], out var toList))
            {
                toList.Add((e * 2) + 1);
            }
        }

        // Resolve only_* (stored as negative "allowed" markers) into bans of every other departure.
        foreach (var (via, pairs) in banned)
        {
            var allowedOnly = pairs.Where(p => p.Out < 0).GroupBy(p => p.In).ToDictionary(g => g.Key, g => g.Select(p => -1 - p.Out).ToHashSet());
            pairs.RemoveWhere(p => p.Out < 0);
            foreach (var (arrivingEdge, allowed) in allowedOnly)
            {
                foreach (var d in incident[via])
                {
                    if (!allowed.Contains(d))
                    {
                        pairs.Add((arrivingEdge, d));
                    }
                }
            }
        }

        // Vertices: the road graph's, then one copy per arc arriving at a split via vertex.
        var nodeCount = roads.NodeCount;
        var head = new int[directedCount];
        var copies = new Dictionary<int, List<(int Arriving, int Copy)>>();
        for (var d = 0; d < directedCount; d++)
        {
            var e = d / 2;
            var to = d % 2 == 0 ? roads.EdgeTo[e] : roads.EdgeFrom[e];
            if (weight[d] > 0 && banned.ContainsKey(to))
            {
                head[d] = nodeCount++;
                if (!copies.TryGetValue(to, out var list))
                {
                    copies[to] = list = [];
                }

                list.Add((d, head[d]));
            }
            else
            {
                head[d] = to;
            }
        }

        var arcs = new List<(int Tail, int Head, uint Weight, int Directed)>();
        for (var d = 0; d < directedCount; d++)
        {
            if (weight[d] == 0)
            {
                continue;
            }

            var e = d / 2;
            var from = d % 2 == 0 ? roads.EdgeFrom[e] : roads.EdgeTo[e];
            if (copies.TryGetValue(from, out var arrivals))
            {
                var pairs = banned[from];
                foreach (var (arriving, copy) in arrivals)
                {
                    if (!pairs.Contains((arriving, d)))
                    {
                        arcs.Add((copy, head[d], weight[d], d));
                    }
                }
            }
            else
            {
                arcs.Add((from, head[d], weight[d], d));
            }
        }

        arcs.Sort((a, b) => a.Tail.CompareTo(b.Tail));
        var firstArc = new int[nodeCount + 1];
        foreach (var arc in arcs)
        {
            firstArc[arc.Tail + 1]++;
        }

        for (var v = 0; v < nodeCount; v++)
        {
            firstArc[v + 1] += firstArc[v];
        }

        var firstOfDirected = new int[directedCount + 1];
        foreach (var arc in arcs)
        {
            firstOfDirected[arc.Directed + 1]++;
        }

        for (var d = 0; d < directedCount; d++)
        {
            firstOfDirected[d + 1] += firstOfDirected[d];
        }

        var fill = firstOfDirected[..^1].ToArray();
        var byDirected = new int[arcs.Count];
        for (var i = 0; i < arcs.Count; i++)
        {
            byDirected[fill[arcs[i].Directed]++] = i;
        }

        return new ProfileGraph(head, firstOfDirected, byDirected)
        {
            Profile = profile,
            Roads = roads,
            NodeCount = nodeCount,
            FirstArc = firstArc,
            ArcHead = [.. arcs.Select(a => a.Head)],
            ArcTail = [.. arcs.Select(a => a.Tail)],
            ArcWeight = [.. arcs.Select(a => a.Weight)],
            ArcEdge = [.. arcs.Select(a => a.Directed)],
            DirectedWeight = weight,
        };
    }
}
