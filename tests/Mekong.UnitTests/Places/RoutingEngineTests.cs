using System.Text;
using Mekong.Modules.Places;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Routing;
using Microsoft.Extensions.Options;

namespace Mekong.UnitTests.Places;

/// <summary>
/// The routing engine (ADR 0035): the contraction hierarchy answers exactly what plain Dijkstra answers on random
/// pairs of generated road-like grids, for every profile; one-ways, turn restrictions, ferries and the motorbike
/// rules on small handmade OSM files; an unreachable pair; a closure that changes exactly the routes that used it.
/// </summary>
public sealed class RoutingEngineTests
{
    private static readonly PlaceCategories Categories = new(Options.Create(new PlacesOptions()));

    internal static (List<Road> Roads, List<TurnRestriction> Restrictions) Read(string xml) =>
        OsmImporter.ReadNetwork(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "TEST", Categories);

    /// <summary>
    /// A road-like grid: rows × columns junctions ~100 m apart (jittered), each segment its own way, classes mixed
    /// (a motorway row, primaries, residentials, footways, service alleys), some one-ways and missing segments, a
    /// ferry and a few no-left-turn restrictions.
    /// </summary>
    internal static string GridOsm(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var xml = new StringBuilder("<osm version=\"0.6\">\n");
        long Id(int r, int c) => (r * columns) + c + 1;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var lat = 10 + (r * 0.0009) + ((random.NextDouble() - 0.5) * 0.0003);
                var lon = 106 + (c * 0.0009) + ((random.NextDouble() - 0.5) * 0.0003);
                xml.Append(FormattableString.Invariant($"<node id=\"{Id(r, c)}\" lat=\"{lat:F7}\" lon=\"{lon:F7}\"/>\n"));
            }
        }

        long way = 1;
        var restrictions = new StringBuilder();
        string[] classes = ["residential", "residential", "tertiary", "service", "footway", "unclassified"];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                foreach (var (r2, c2) in new[] { (r, c + 1), (r + 1, c) })
                {
                    if (r2 >= rows || c2 >= columns || random.NextDouble() < 0.08)
                    {
                        continue;
                    }

                    var highway = r2 == r && r == rows / 2 ? "motorway" : c2 == c && c % 5 == 0 ? "primary" : classes[random.Next(classes.Length)];
                    var tags = $"<tag k=\"highway\" v=\"{highway}\"/><tag k=\"name\" v=\"Đường {(r2 == r ? "R" + r : "C" + c)}\"/>";
                    if (highway != "motorway" && random.NextDouble() < 0.15)
                    {
                        tags += $"<tag k=\"oneway\" v=\"{(random.NextDouble() < 0.5 ? "yes" : "-1")}\"/>";
                    }

                    if (random.NextDouble() < 0.2)
                    {
                        tags += $"<tag k=\"maxspeed\" v=\"{random.Next(2, 9) * 10}\"/>";
                    }

                    var from = Id(r, c);
                    var to = Id(r2, c2);
                    xml.Append(FormattableString.Invariant($"<way id=\"{way}\"><nd ref=\"{from}\"/><nd ref=\"{to}\"/>{tags}</way>\n"));
                    if (c2 == c + 1 && r > 0 && random.NextDouble() < 0.05)
                    {
                        // No left turn from this west-east way onto the way going north at its east end, when it exists.
                        restrictions.Append(FormattableString.Invariant(
                            $"<relation id=\"{way}\"><member type=\"way\" ref=\"{way}\" role=\"from\"/><member type=\"node\" ref=\"{to}\" role=\"via\"/><member type=\"way\" ref=\"{way + 1}\" role=\"to\"/><tag k=\"type\" v=\"restriction\"/><tag k=\"restriction\" v=\"no_left_turn\"/></relation>\n"));
                    }

                    way++;
                }
            }
        }

        xml.Append(FormattableString.Invariant($"<way id=\"{way}\"><nd ref=\"{Id(0, 0)}\"/><nd ref=\"{Id(rows - 1, columns - 1)}\"/><tag k=\"route\" v=\"ferry\"/><tag k=\"duration\" v=\"00:20\"/><tag k=\"name\" v=\"Phà Chéo\"/></way>\n"));
        xml.Append(restrictions);
        xml.Append("</osm>\n");
        return xml.ToString();
    }

    public static TheoryData<string> Profiles => [.. RoutingProfiles.All.Select(p => p.Key())];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_hierarchy_equals_plain_dijkstra_on_random_pairs_of_a_generated_grid(string profileKey)
    {
        var profile = RoutingProfiles.Parse(profileKey)!.Value;
        var (roads, restrictions) = Read(GridOsm(40, 45, seed: 17));
        var graph = RoadGraph.Build(roads, restrictions);
        var network = RoutingNetwork.Build(graph, [profile], TestContext.Current.CancellationToken);
        var profileGraph = network.Graph(profile);
        Assert.True(graph.NodeCount > 1700, $"{graph.NodeCount} vertices");
        if (profile != RoutingProfile.Foot)
        {
            Assert.True(profileGraph.NodeCount > graph.NodeCount, "the no-left-turn vias were split");
        }

        var hierarchy = network.Hierarchy(profile);
        var random = new Random(4);
        var (f, b, d) = (new SearchSpace(profileGraph.NodeCount), new SearchSpace(profileGraph.NodeCount), new SearchSpace(profileGraph.NodeCount));
        var reachable = 0;
        for (var i = 0; i < 1000; i++)
        {
            Terminal[] s = [new(random.Next(profileGraph.NodeCount), 0)];
            Terminal[] t = [new(random.Next(profileGraph.NodeCount), random.Next(0, 50))];
            var expected = Dijkstra.Search(profileGraph, s, t, d);
            var actual = hierarchy.Query(s, t, f, b);
            Assert.Equal(expected?.Weight, actual?.Weight);
            if (actual is not null)
            {
                reachable++;
                // The unpacked path is a real path of the graph with that weight.
                var node = s[0].Node;
                long sum = 0;
                foreach (var arc in actual.Arcs)
                {
                    Assert.Equal(node, profileGraph.ArcTail[arc]);
                    sum += profileGraph.ArcWeight[arc];
                    node = profileGraph.ArcHead[arc];
                }

                Assert.Equal(t[0].Node, node);
                Assert.Equal(actual.Weight, sum + t[0].Cost);
            }
        }

        Assert.True(reachable > 500, $"{reachable} of 1000 pairs reachable");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Routes_between_random_points_take_the_hierarchy_and_match_dijkstra(string profileKey)
    {
        var profile = RoutingProfiles.Parse(profileKey)!.Value;
        var (roads, restrictions) = Read(GridOsm(20, 20, seed: 3));
        var network = RoutingNetwork.Build(roads, restrictions, TestContext.Current.CancellationToken);
        var graph = network.Graph(profile);
        var random = new Random(9);
        for (var i = 0; i < 200; i++)
        {
            var from = (10 + (random.NextDouble() * 0.017), 106 + (random.NextDouble() * 0.017));
            var to = (10 + (random.NextDouble() * 0.017), 106 + (random.NextDouble() * 0.017));
            var (path, failure) = network.Route(profile, from, to);
            var start = network.Snap(profile, from.Item1, from.Item2)!;
            var end = network.Snap(profile, to.Item1, to.Item2)!;
            Assert.True(path is not null || failure == RouteFailure.Unreachable);
            if (path is not null && start.Edge != end.Edge)
            {
                // The same terminals through plain Dijkstra give the same weight.
                var reference = network.Route(profile, start, end, plainSearch: true);
                Assert.Equal(reference!.Weight, path.Weight);
                var described = RouteDescription.Describe(network, path);
                Assert.True(described.DistanceMetres > 0);
                Assert.Equal("arrive", described.Steps[^1].Maneuver);
            }
        }
    }

    private const string Junction = """
        <osm version="0.6">
          <node id="1" lat="10.000" lon="106.000"/>
          <node id="2" lat="10.000" lon="106.010"/>
          <node id="3" lat="10.000" lon="106.020"/>
          <node id="4" lat="10.010" lon="106.010"/>
          <node id="5" lat="10.010" lon="106.020"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="Lê Lợi"/></way>
          <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v="Lê Lợi"/></way>
          <way id="12"><nd ref="2"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="name" v="Trần Hưng Đạo"/></way>
          <way id="13"><nd ref="4"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="name" v="Nguyễn Huệ"/></way>
          <way id="14"><nd ref="3"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="name" v="Hai Bà Trưng"/>EXTRA</way>
          RELATIONS
        </osm>
        """;

    private static RoutingNetwork Network(string extra = "", string relations = "")
    {
        var (roads, restrictions) = Read(Junction.Replace("EXTRA", extra).Replace("RELATIONS", relations));
        return RoutingNetwork.Build(roads, restrictions, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_left_turn_onto_a_street_is_described_in_vietnamese_and_english()
    {
        var network = Network();
        var (path, _) = network.Route(RoutingProfile.Car, (10.0, 106.001), (10.009, 106.010));
        var route = RouteDescription.Describe(network, path!);

        Assert.Equal(["depart", "turn", "arrive"], route.Steps.Select(s => s.Maneuver));
        Assert.Equal("Đi về hướng đông trên đường Lê Lợi", route.Steps[0].InstructionVi);
        Assert.Equal("Rẽ trái vào đường Trần Hưng Đạo", route.Steps[1].InstructionVi);
        Assert.Equal("Turn left onto Trần Hưng Đạo", route.Steps[1].InstructionEn);
        Assert.InRange(route.DistanceMetres, 1950, 2100);
        Assert.Equal([106.001, 10.0], route.Coordinates[0].AsEnumerable());
    }

    [Fact]
    public void A_one_way_street_is_driven_only_its_way_but_walked_both()
    {
        // Hai Bà Trưng (3→5) becomes one-way northwards: from 5 to 3 a car must go round by 4 and 2.
        var network = Network(extra: "<tag k=\"oneway\" v=\"yes\"/>");
        var from = (10.0095, 106.020);
        var to = (10.0005, 106.020);
        var car = RouteDescription.Describe(network, network.Route(RoutingProfile.Car, from, to).Path!);
        var foot = RouteDescription.Describe(network, network.Route(RoutingProfile.Foot, from, to).Path!);
        var plain = RouteDescription.Describe(Network(), Network().Route(RoutingProfile.Car, from, to).Path!);

        Assert.InRange(foot.DistanceMetres, 950, 1010);
        Assert.InRange(plain.DistanceMetres, 950, 1010);
        Assert.True(car.DistanceMetres > 3000, $"{car.DistanceMetres} m");
        Assert.Contains(car.Steps, s => s.Road == "Nguyễn Huệ");
    }

    [Fact]
    public void A_no_left_turn_restriction_sends_cars_round_and_leaves_pedestrians_alone()
    {
        const string noLeft = """
            <relation id="90"><member type="way" ref="10" role="from"/><member type="node" ref="2" role="via"/><member type="way" ref="12" role="to"/>
              <tag k="type" v="restriction"/><tag k="restriction" v="no_left_turn"/></relation>
            """;
        var network = Network(relations: noLeft);
        var from = (10.0, 106.001);
        var to = (10.009, 106.010);
        var car = RouteDescription.Describe(network, network.Route(RoutingProfile.Car, from, to).Path!);
        var foot = RouteDescription.Describe(network, network.Route(RoutingProfile.Foot, from, to).Path!);

        Assert.DoesNotContain(car.Steps, s => s.Road == "Trần Hưng Đạo" && s.Maneuver == "turn" && s.Modifier == "left");
        Assert.True(car.DistanceMetres > 3000, $"{car.DistanceMetres} m: round by Lê Lợi, Hai Bà Trưng and Nguyễn Huệ");
        Assert.InRange(foot.DistanceMetres, 1950, 2100);

        // only_straight_on has the same effect on the left turn, and also forbids going on to Hai Bà Trưng by the right.
        var only = Network(relations: noLeft.Replace("no_left_turn", "only_straight_on").Replace("ref=\"12\"", "ref=\"11\""));
        var straight = RouteDescription.Describe(only, only.Route(RoutingProfile.Car, from, to).Path!);
        Assert.True(straight.DistanceMetres > 3000);
    }

    [Fact]
    public void Motorbikes_keep_off_motorways_and_take_alleys_and_a_ferry_takes_its_duration()
    {
        const string xml = """
            <osm version="0.6">
              <node id="1" lat="10.000" lon="106.000"/>
              <node id="2" lat="10.000" lon="106.050"/>
              <node id="3" lat="10.005" lon="106.025"/>
              <node id="4" lat="10.100" lon="106.000"/>
              <node id="5" lat="10.100" lon="106.050"/>
              <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="motorway"/><tag k="oneway" v="no"/><tag k="name" v="Cao tốc Cần Thơ"/></way>
              <way id="2"><nd ref="1"/><nd ref="3"/><nd ref="2"/><tag k="highway" v="service"/><tag k="service" v="alley"/><tag k="name" v="Hẻm 5"/></way>
              <way id="3"><nd ref="1"/><nd ref="4"/><tag k="route" v="ferry"/><tag k="duration" v="00:30"/><tag k="name" v="Phà Cần Thơ"/></way>
              <way id="4"><nd ref="4"/><nd ref="5"/><tag k="highway" v="tertiary"/></way>
              <way id="5"><nd ref="5"/><nd ref="2"/><tag k="highway" v="tertiary"/></way>
            </osm>
            """;
        var (roads, restrictions) = Read(xml);
        var network = RoutingNetwork.Build(roads, restrictions, TestContext.Current.CancellationToken);
        var car = RouteDescription.Describe(network, network.Route(RoutingProfile.Car, (10.0, 106.0005), (10.0, 106.0495)).Path!);
        var motorbike = RouteDescription.Describe(network, network.Route(RoutingProfile.Motorbike, (10.0, 106.0005), (10.0, 106.0495)).Path!);

        Assert.Contains(car.Steps, s => s.Road == "Cao tốc Cần Thơ");
        Assert.DoesNotContain(motorbike.Steps, s => s.Road == "Cao tốc Cần Thơ");
        Assert.Contains(motorbike.Steps, s => s.InstructionVi == "Đi về hướng đông trên Hẻm 5");

        // The ferry's crossing counts 30 minutes, not its length at a speed.
        var ferry = network.Route(RoutingProfile.Foot, (10.0, 106.0), (10.0995, 106.0)).Path!;
        var described = RouteDescription.Describe(network, ferry);
        Assert.InRange(described.DurationSeconds, (30 * 60) - 60, 30 * 60);
        Assert.Equal("Đi phà Phà Cần Thơ", described.Steps[0].InstructionVi);
    }

    [Fact]
    public void An_unreachable_pair_and_a_point_far_from_any_road_are_told_apart()
    {
        const string xml = """
            <osm version="0.6">
              <node id="1" lat="10.000" lon="106.000"/><node id="2" lat="10.000" lon="106.010"/>
              <node id="3" lat="10.020" lon="106.000"/><node id="4" lat="10.020" lon="106.010"/>
              <way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
              <way id="2"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
            </osm>
            """;
        var (roads, restrictions) = Read(xml);
        var network = RoutingNetwork.Build(roads, restrictions, TestContext.Current.CancellationToken);

        Assert.Equal(RouteFailure.Unreachable, network.Route(RoutingProfile.Car, (10.0, 106.001), (10.02, 106.001)).Failure);
        Assert.Equal(RouteFailure.FromTooFar, network.Route(RoutingProfile.Car, (11.0, 106.0), (10.02, 106.001)).Failure);
        Assert.Equal(RouteFailure.ToTooFar, network.Route(RoutingProfile.Car, (10.0, 106.001), (10.0, 107.0)).Failure);
        Assert.NotNull(network.Route(RoutingProfile.Car, (10.0, 106.001), (10.0, 106.009)).Path);
    }

    [Fact]
    public void A_closure_changes_exactly_the_routes_that_used_the_closed_road()
    {
        var (roads, restrictions) = Read(GridOsm(15, 15, seed: 5));
        var network = RoutingNetwork.Build(roads, restrictions, TestContext.Current.CancellationToken);
        var random = new Random(2);
        var pairs = Enumerable.Range(0, 300).Select(_ => ((10 + (random.NextDouble() * 0.012), 106 + (random.NextDouble() * 0.012)), (10 + (random.NextDouble() * 0.012), 106 + (random.NextDouble() * 0.012)))).ToList();
        var before = pairs.Select(p => network.Route(RoutingProfile.Car, p.Item1, p.Item2).Path).ToList();
        long Way(RouteLeg leg) => network.Roads.Roads[network.Roads.EdgeRoad[leg.DirectedEdge / 2]].OsmId;

        // Close the way the most routes use, where it is not where a route starts or ends.
        var closed = before.Where(p => p is not null).SelectMany(p => p!.Legs.Skip(1).SkipLast(1).Select(Way)).GroupBy(w => w).MaxBy(g => g.Count())!.Key;
        var closures = new HashSet<long> { closed };
        var changed = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var after = network.Route(RoutingProfile.Car, pairs[i].Item1, pairs[i].Item2, closures).Path;
            var used = before[i] is { } b && b.Legs.Any(l => Way(l) == closed);
            if (!used)
            {
                Assert.Equal(before[i]?.Weight, after?.Weight);
                Assert.Equal(before[i]?.Legs, after?.Legs);
            }
            else
            {
                changed++;
                Assert.True(after is null || after.Legs.All(l => Way(l) != closed));
                if (Way(before[i]!.Legs[0]) != closed && Way(before[i]!.Legs[^1]) != closed)
                {
                    // Same ends (a start or end on the closed way snaps elsewhere now): no shorter, and searched round it.
                    Assert.True(after is null || after.Weight >= before[i]!.Weight);
                    Assert.True(after is null || after.AvoidedClosure);
                }
            }
        }

        Assert.True(changed > 5, $"{changed} routes used the closed way");
    }
}
