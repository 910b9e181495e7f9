namespace Mekong.Modules.Places.Routing;

/// <summary>Where a search starts or ends: a vertex, with the cost already spent (or still to spend) to the exact point.</summary>
internal readonly record struct Terminal(int Node, long Cost);

/// <summary>A shortest path: its total weight, which source and target it joins, and its arcs of the profile graph in order.</summary>
internal sealed record PathResult(long Weight, int Source, int Target, int[] Arcs);

/// <summary>One direction's labels of a Dijkstra-like search, reused across queries (reset costs only what was touched).</summary>
internal sealed class SearchSpace
{
    public readonly long[] Distance;
    public readonly int[] ParentArc;
    public readonly int[] ParentNode;
    public readonly int[] Origin;
    public readonly PriorityQueue<int, long> Queue = new();
    private readonly List<int> _touched = [];

    public SearchSpace(int nodes)
    {
        Distance = new long[nodes];
        ParentArc = new int[nodes];
        ParentNode = new int[nodes];
        Origin = new int[nodes];
        Array.Fill(Distance, long.MaxValue);
    }

    public void Reset()
    {
        foreach (var v in _touched)
        {
            Distance[v] = long.MaxValue;
        }

        _touched.Clear();
        Queue.Clear();
    }

    public bool Relax(int node, long distance, int parentArc, int parentNode, int origin)
    {
        if (distance >= Distance[node])
        {
            return false;
        }

        if (Distance[node] == long.MaxValue)
        {
            _touched.Add(node);
        }

        Distance[node] = distance;
        ParentArc[node] = parentArc;
        ParentNode[node] = parentNode;
        Origin[node] = origin;
        Queue.Enqueue(node, distance);
        return true;
    }

    /// <summary>Pops the next vertex whose label is current (skipping stale entries), or -1.</summary>
    public int Pop(out long distance)
    {
        while (Queue.TryDequeue(out var v, out distance))
        {
            if (distance == Distance[v])
            {
                return v;
            }
        }

        distance = long.MaxValue;
        return -1;
    }

    public long MinKey => Queue.TryPeek(out _, out var key) ? key : long.MaxValue;

    /// <summary>The arcs from the search's origin to <paramref name="node"/>, in travel order of the search.</summary>
    public List<int> ArcsTo(int node)
    {
        var arcs = new List<int>();
        while (ParentArc[node] >= 0)
        {
            arcs.Add(ParentArc[node]);
            node = ParentNode[node];
        }

        arcs.Reverse();
        return arcs;
    }
}

/// <summary>
/// Plain Dijkstra on a profile graph: the reference the contraction hierarchy is tested against, and the search
/// used when a road closure touches a route (ADR 0035). <paramref name="closed"/> marks directed edges not to use.
/// </summary>
internal static class Dijkstra
{
    public static PathResult? Search(ProfileGraph graph, ReadOnlySpan<Terminal> sources, ReadOnlySpan<Terminal> targets, SearchSpace space, Func<int, bool>? closed = null)
    {
        space.Reset();
        var targetCost = new Dictionary<int, (long Cost, int Index)>();
        for (var i = 0; i < targets.Length; i++)
        {
            if (!targetCost.TryGetValue(targets[i].Node, out var known) || targets[i].Cost < known.Cost)
            {
                targetCost[targets[i].Node] = (targets[i].Cost, i);
            }
        }

        for (var i = 0; i < sources.Length; i++)
        {
            space.Relax(sources[i].Node, sources[i].Cost, -1, -1, i);
        }

        var best = long.MaxValue;
        var bestNode = -1;
        while (true)
        {
            var v = space.Pop(out var d);
            if (v < 0 || d >= best)
            {
                break;
            }

            if (targetCost.TryGetValue(v, out var t) && d + t.Cost < best)
            {
                best = d + t.Cost;
                bestNode = v;
            }

            for (var a = graph.FirstArc[v]; a < graph.FirstArc[v + 1]; a++)
            {
                if (closed is not null && closed(graph.ArcEdge[a]))
                {
                    continue;
                }

                space.Relax(graph.ArcHead[a], d + graph.ArcWeight[a], a, v, space.Origin[v]);
            }
        }

        return bestNode < 0 ? null : new PathResult(best, space.Origin[bestNode], targetCost[bestNode].Index, [.. space.ArcsTo(bestNode)]);
    }
}
