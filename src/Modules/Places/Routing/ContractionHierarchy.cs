namespace Mekong.Modules.Places.Routing;

/// <summary>
/// Contraction hierarchies (Geisberger et al. 2008) over a <see cref="ProfileGraph"/> (ADR 0035). Vertices are
/// contracted one by one in the order of a lazily updated priority (edge difference plus contracted neighbours);
/// contracting v adds a shortcut u→x for each pair of its neighbours unless a witness search (a Dijkstra from u that
/// avoids v, bounded in cost and in settled vertices) finds a path at most as short. A bounded witness search can
/// only add needless shortcuts, never lose a path, so the query is exact. A query is a bidirectional Dijkstra that
/// climbs only towards higher ranks; shortcuts unpack into the profile graph's arcs.
/// </summary>
internal sealed class ContractionHierarchy
{
    private const int WitnessSettleLimit = 60;

    private readonly int _originalArcs;
    private readonly int[] _upFirst;
    private readonly int[] _upHead;
    private readonly uint[] _upWeight;
    private readonly int[] _upId;
    private readonly int[] _downFirst;
    private readonly int[] _downHead;
    private readonly uint[] _downWeight;
    private readonly int[] _downId;
    private readonly int[] _shortcutFirst;
    private readonly int[] _shortcutSecond;

    public int NodeCount { get; }

    public int ShortcutCount => _shortcutFirst.Length;

    private ContractionHierarchy(int nodes, int originalArcs, List<Link>[] up, List<Link>[] down, List<int> shortcutFirst, List<int> shortcutSecond)
    {
        NodeCount = nodes;
        _originalArcs = originalArcs;
        (_upFirst, _upHead, _upWeight, _upId) = Pack(up);
        (_downFirst, _downHead, _downWeight, _downId) = Pack(down);
        _shortcutFirst = [.. shortcutFirst];
        _shortcutSecond = [.. shortcutSecond];
    }

    private record struct Link(int Node, uint Weight, int Id);

    private static (int[] First, int[] Head, uint[] Weight, int[] Id) Pack(List<Link>[] lists)
    {
        var first = new int[lists.Length + 1];
        for (var v = 0; v < lists.Length; v++)
        {
            first[v + 1] = first[v] + lists[v].Count;
        }

        var head = new int[first[^1]];
        var weight = new uint[first[^1]];
        var id = new int[first[^1]];
        for (var v = 0; v < lists.Length; v++)
        {
            var i = first[v];
            foreach (var link in lists[v])
            {
                (head[i], weight[i], id[i]) = (link.Node, link.Weight, link.Id);
                i++;
            }
        }

        return (first, head, weight, id);
    }

    public static ContractionHierarchy Build(ProfileGraph graph, CancellationToken cancellationToken = default)
    {
        var n = graph.NodeCount;
        var outs = new List<Link>[n];
        var ins = new List<Link>[n];
        for (var v = 0; v < n; v++)
        {
            outs[v] = [];
            ins[v] = [];
        }

        for (var a = 0; a < graph.ArcCount; a++)
        {
            AddOrImprove(outs, ins, graph.ArcTail[a], graph.ArcHead[a], graph.ArcWeight[a], a);
        }

        var shortcutFirst = new List<int>();
        var shortcutSecond = new List<int>();
        var up = new List<Link>[n];
        var down = new List<Link>[n];
        var contracted = new bool[n];
        var deletedNeighbours = new int[n];
        var witness = new SearchSpace(n);
        var priority = new long[n];
        var queue = new PriorityQueue<int, long>(n);
        for (var v = 0; v < n; v++)
        {
            priority[v] = Priority(v);
            queue.Enqueue(v, priority[v]);
        }

        var done = 0;
        while (queue.TryDequeue(out var v, out var key))
        {
            if (contracted[v] || key != priority[v])
            {
                continue;
            }

            // Lazy update: the priority may have grown since it was queued.
            var current = Priority(v);
            if (current > key && queue.TryPeek(out _, out var next) && current > next)
            {
                priority[v] = current;
                queue.Enqueue(v, current);
                continue;
            }

            if (++done % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Contract(v, add: true);
            contracted[v] = true;
            up[v] = [.. outs[v]];
            down[v] = [.. ins[v]];
            var neighbours = new HashSet<int>();
            foreach (var link in outs[v])
            {
                ins[link.Node].RemoveAll(l => l.Node == v);
                neighbours.Add(link.Node);
            }

            foreach (var link in ins[v])
            {
                outs[link.Node].RemoveAll(l => l.Node == v);
                neighbours.Add(link.Node);
            }

            outs[v] = [];
            ins[v] = [];
            foreach (var u in neighbours)
            {
                deletedNeighbours[u]++;
                priority[u] = Priority(u);
                queue.Enqueue(u, priority[u]);
            }
        }

        return new ContractionHierarchy(n, graph.ArcCount, up, down, shortcutFirst, shortcutSecond);

        long Priority(int v)
        {
            var shortcuts = Contract(v, add: false);
            return (2L * (shortcuts - outs[v].Count - ins[v].Count)) + deletedNeighbours[v];
        }

        int Contract(int v, bool add)
        {
            var count = 0;
            if (outs[v].Count == 0 || ins[v].Count == 0)
            {
                return 0;
            }

            uint maxOut = 0;
            foreach (var link in outs[v])
            {
                maxOut = Math.Max(maxOut, link.Weight);
            }

            var incoming = ins[v].ToArray();
            var outgoing = outs[v].ToArray();
            foreach (var (u, w1, id1) in incoming)
            {
                Witness(u, v, (long)w1 + maxOut);
                foreach (var (x, w2, id2) in outgoing)
                {
                    if (x == u)
                    {
                        continue;
                    }

                    var cost = (long)w1 + w2;
                    if (witness.Distance[x] <= cost)
                    {
                        continue;
                    }

                    count++;
                    if (add)
                    {
                        var id = graph.ArcCount + shortcutFirst.Count;
                        if (AddOrImprove(outs, ins, u, x, (uint)Math.Min(cost, uint.MaxValue), id))
                        {
                            shortcutFirst.Add(id1);
                            shortcutSecond.Add(id2);
                        }
                    }
                }
            }

            return count;
        }

        void Witness(int source, int avoid, long maxCost)
        {
            witness.Reset();
            witness.Relax(source, 0, -1, -1, 0);
            var settled = 0;
            while (settled++ < WitnessSettleLimit)
            {
                var v = witness.Pop(out var d);
                if (v < 0 || d > maxCost)
                {
                    break;
                }

                foreach (var (x, w, _) in outs[v])
                {
                    if (x != avoid)
                    {
                        witness.Relax(x, d + w, -1, v, 0);
                    }
                }
            }
        }
    }

    /// <summary>Adds the arc u→x unless an arc u→x at most as short exists (then replaces a longer one); true when added or improved.</summary>
    private static bool AddOrImprove(List<Link>[] outs, List<Link>[] ins, int u, int x, uint weight, int id)
    {
        var list = outs[u];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Node == x)
            {
                if (list[i].Weight <= weight)
                {
                    return false;
                }

                list[i] = new Link(x, weight, id);
                var back = ins[x];
                for (var j = 0; j < back.Count; j++)
                {
                    if (back[j].Node == u)
                    {
                        back[j] = new Link(u, weight, id);
                    }
                }

                return true;
            }
        }

        list.Add(new Link(x, weight, id));
        ins[x].Add(new Link(u, weight, id));
        return true;
    }

    /// <summary>The shortest path from any source to any target, unpacked into the profile graph's arcs, or null when none joins them.</summary>
    public PathResult? Query(ReadOnlySpan<Terminal> sources, ReadOnlySpan<Terminal> targets, SearchSpace forward, SearchSpace backward)
    {
        forward.Reset();
        backward.Reset();
        for (var i = 0; i < sources.Length; i++)
        {
            forward.Relax(sources[i].Node, sources[i].Cost, -1, -1, i);
        }

        for (var i = 0; i < targets.Length; i++)
        {
            backward.Relax(targets[i].Node, targets[i].Cost, -1, -1, i);
        }

        var best = long.MaxValue;
        var meet = -1;
        // A vertex that is both a source and a target.
        foreach (var s in sources)
        {
            if (backward.Distance[s.Node] != long.MaxValue && forward.Distance[s.Node] + backward.Distance[s.Node] < best)
            {
                best = forward.Distance[s.Node] + backward.Distance[s.Node];
                meet = s.Node;
            }
        }

        while (true)
        {
            var fMin = forward.MinKey;
            var bMin = backward.MinKey;
            if (Math.Min(fMin, bMin) >= best)
            {
                break;
            }

            var useForward = fMin <= bMin;
            var space = useForward ? forward : backward;
            var other = useForward ? backward : forward;
            var v = space.Pop(out var d);
            if (v < 0)
            {
                continue;
            }

            if (other.Distance[v] != long.MaxValue && d + other.Distance[v] < best)
            {
                best = d + other.Distance[v];
                meet = v;
            }

            var (first, head, weight, id) = useForward ? (_upFirst, _upHead, _upWeight, _upId) : (_downFirst, _downHead, _downWeight, _downId);
            for (var a = first[v]; a < first[v + 1]; a++)
            {
                var x = head[a];
                var dx = d + weight[a];
                if (space.Relax(x, dx, id[a], v, space.Origin[v]) && other.Distance[x] != long.MaxValue && dx + other.Distance[x] < best)
                {
                    best = dx + other.Distance[x];
                    meet = x;
                }
            }
        }

        if (meet < 0)
        {
            return null;
        }

        var arcs = new List<int>();
        foreach (var id in forward.ArcsTo(meet))
        {
            Unpack(id, arcs);
        }

        var backwardIds = backward.ArcsTo(meet);
        for (var i = backwardIds.Count - 1; i >= 0; i--)
        {
            Unpack(backwardIds[i], arcs);
        }

        return new PathResult(best, forward.Origin[meet], backward.Origin[meet], [.. arcs]);
    }

    private void Unpack(int id, List<int> arcs)
    {
        var stack = new Stack<int>();
        stack.Push(id);
        while (stack.TryPop(out var current))
        {
            if (current < _originalArcs)
            {
                arcs.Add(current);
                continue;
            }

            stack.Push(_shortcutSecond[current - _originalArcs]);
            stack.Push(_shortcutFirst[current - _originalArcs]);
        }
    }
}
