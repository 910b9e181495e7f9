using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Platform.Text;

namespace Mekong.Modules.Places.Routing;

internal sealed record RouteStep(
    string Maneuver, string? Modifier, string? Road, string InstructionVi, string InstructionEn, double DistanceMetres, double DurationSeconds, double[] Location);

internal sealed record DescribedRoute(double DistanceMetres, double DurationSeconds, IReadOnlyList<double[]> Coordinates, IReadOnlyList<RouteStep> Steps);

/// <summary>
/// Puts a route into words, in Vietnamese and English: one step per stretch along the same named road (or the same
/// unnamed way), its maneuver from the angle between the stretch before and after ("Rẽ phải vào đường Trần Hưng Đạo"),
/// a ferry as its own step, and the arrival.
/// </summary>
internal static class RouteDescription
{
    private static readonly string[] RoadWords = ["duong", "quoc lo", "tinh lo", "huong lo", "hem", "cau", "pho", "dai lo", "ngo", "kiet", "ql", "dt"];

    public static DescribedRoute Describe(RoutingNetwork network, RoutePath path)
    {
        var roads = network.Roads;
        var coordinates = new List<double[]>();
        var steps = new List<RouteStep>();
        var stretches = new List<(int Road, double Metres, List<(double Lat, double Lon)> Points)>();
        foreach (var leg in path.Legs)
        {
            var e = leg.DirectedEdge / 2;
            var metres = Math.Abs(leg.ToFraction - leg.FromFraction) * roads.EdgeMetres[e];
            if (metres >= 0.5 || (leg == path.Legs[^1] && stretches.Count == 0))
            {
                // A start or an end at a junction leaves a leg of no length on the road it snapped to: not a step.
                stretches.Add((roads.EdgeRoad[e], metres, network.LegPoints(leg)));
            }
        }

        var totalMetres = stretches.Sum(l => l.Metres);
        var totalSeconds = path.Weight / 10.0;
        foreach (var (_, _, points) in stretches)
        {
            foreach (var (lat, lon) in points)
            {
                var c = new[] { Math.Round(lon, 6), Math.Round(lat, 6) };
                if (coordinates.Count == 0 || coordinates[^1][0] != c[0] || coordinates[^1][1] != c[1])
                {
                    coordinates.Add(c);
                }
            }
        }

        if (coordinates.Count == 1)
        {
            coordinates.Add(coordinates[0]);
        }

        // Group legs into stretches along one road name (or one unnamed way).
        var groups = new List<(int FirstLeg, int LastLeg)>();
        for (var i = 0; i < stretches.Count; i++)
        {
            if (groups.Count > 0 && SameStretch(roads, stretches[groups[^1].LastLeg].Road, stretches[i].Road))
            {
                groups[^1] = (groups[^1].FirstLeg, i);
            }
            else
            {
                groups.Add((i, i));
            }
        }

        double? previousBearing = null;
        foreach (var (firstLeg, lastLeg) in groups)
        {
            var road = roads.Roads[stretches[firstLeg].Road];
            var metres = 0.0;
            for (var i = firstLeg; i <= lastLeg; i++)
            {
                metres += stretches[i].Metres;
            }

            var points = stretches[firstLeg].Points;
            var start = points[0];
            var outBearing = Bearing(stretches, firstLeg, fromStart: true);
            var seconds = totalMetres > 0 ? totalSeconds * metres / totalMetres : 0;
            var (nameVi, nameEn) = Names(road.Name ?? road.Ref, road.NameEn);
            string maneuver;
            string? modifier;
            string vi;
            string en;
            if (road.IsFerry)
            {
                (maneuver, modifier) = ("ferry", null);
                vi = road.Name is null ? "Đi phà" : "Đi phà " + road.Name;
                en = road.Name is null ? "Take the ferry" : "Take the ferry " + (road.NameEn ?? road.Name);
            }
            else if (previousBearing is null)
            {
                (maneuver, modifier) = ("depart", Compass(outBearing).En);
                var (dirVi, dirEn) = Compass(outBearing);
                vi = nameVi is null ? $"Đi về hướng {dirVi}" : $"Đi về hướng {dirVi} trên {nameVi}";
                en = nameEn is null ? $"Head {dirEn}" : $"Head {dirEn} on {nameEn}";
            }
            else
            {
                var angle = ((outBearing - previousBearing.Value + 540) % 360) - 180;
                var (key, turnVi, turnEn) = Turn(angle);
                (maneuver, modifier) = ("turn", key);
                vi = nameVi is null ? turnVi : $"{turnVi} vào {nameVi}";
                en = nameEn is null ? turnEn : $"{turnEn} onto {nameEn}";
            }

            steps.Add(new RouteStep(maneuver, modifier, road.Name ?? road.Ref, vi, en, Math.Round(metres, 1), Math.Round(seconds, 1), [Math.Round(start.Lon, 6), Math.Round(start.Lat, 6)]));
            previousBearing = Bearing(stretches, lastLeg, fromStart: false);
        }

        var end = coordinates[^1];
        steps.Add(new RouteStep("arrive", null, null, "Đến nơi", "You have arrived", 0, 0, end));
        return new DescribedRoute(Math.Round(totalMetres, 1), Math.Round(totalSeconds, 1), coordinates, steps);
    }

    private static bool SameStretch(RoadGraph roads, int a, int b)
    {
        if (a == b)
        {
            return true;
        }

        var (ra, rb) = (roads.Roads[a], roads.Roads[b]);
        return ra.Name is not null && ra.Name == rb.Name && ra.IsFerry == rb.IsFerry;
    }

    /// <summary>"đường Lê Lợi" for a bare street name; a name that already says what it is ("Quốc lộ 1A", "Hẻm 5") stays as it is.</summary>
    private static (string? Vi, string? En) Names(string? name, string? nameEn)
    {
        if (name is null)
        {
            return (null, null);
        }

        var folded = TextFolding.Fold(name);
        var vi = RoadWords.Any(w => folded.StartsWith(w + " ", StringComparison.Ordinal)) ? name : "đường " + name;
        return (vi, nameEn ?? name);
    }

    private static (string Key, string Vi, string En) Turn(double angle) => Math.Abs(angle) switch
    {
        < 20 => ("straight", "Đi thẳng", "Continue straight"),
        < 60 => angle > 0 ? ("slight right", "Chếch sang phải", "Bear right") : ("slight left", "Chếch sang trái", "Bear left"),
        < 140 => angle > 0 ? ("right", "Rẽ phải", "Turn right") : ("left", "Rẽ trái", "Turn left"),
        < 170 => angle > 0 ? ("sharp right", "Rẽ gấp sang phải", "Turn sharp right") : ("sharp left", "Rẽ gấp sang trái", "Turn sharp left"),
        _ => ("uturn", "Quay đầu", "Make a U-turn"),
    };

    private static (string Vi, string En) Compass(double bearing) => ((int)Math.Round(bearing / 45) % 8) switch
    {
        0 => ("bắc", "north"),
        1 => ("đông bắc", "northeast"),
        2 => ("đông", "east"),
        3 => ("đông nam", "southeast"),
        4 => ("nam", "south"),
        5 => ("tây nam", "southwest"),
        6 => ("tây", "west"),
        _ => ("tây bắc", "northwest"),
    };

    /// <summary>The bearing (degrees clockwise from north) at the start or the end of a leg, over its first or last metres.</summary>
    private static double Bearing(List<(int Road, double Metres, List<(double Lat, double Lon)> Points)> legs, int leg, bool fromStart)
    {
        var points = legs[leg].Points;
        var (a, b) = fromStart ? (points[0], points[^1]) : (points[0], points[^1]);
        if (fromStart)
        {
            for (var i = 1; i < points.Count; i++)
            {
                if (GreatCircle.Metres(points[0].Lat, points[0].Lon, points[i].Lat, points[i].Lon) > 1)
                {
                    b = points[i];
                    break;
                }
            }
        }
        else
        {
            for (var i = points.Count - 2; i >= 0; i--)
            {
                if (GreatCircle.Metres(points[i].Lat, points[i].Lon, points[^1].Lat, points[^1].Lon) > 1)
                {
                    a = points[i];
                    break;
                }
            }
        }

        var lat1 = double.DegreesToRadians(a.Lat);
        var lat2 = double.DegreesToRadians(b.Lat);
        var dLon = double.DegreesToRadians(b.Lon - a.Lon);
        var y = Math.Sin(dLon) * Math.Cos(lat2);
        var x = (Math.Cos(lat1) * Math.Sin(lat2)) - (Math.Sin(lat1) * Math.Cos(lat2) * Math.Cos(dLon));
        return (double.RadiansToDegrees(Math.Atan2(y, x)) + 360) % 360;
    }
}
