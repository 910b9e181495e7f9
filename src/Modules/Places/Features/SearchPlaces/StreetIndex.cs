namespace Mekong.Modules.Places.Features.SearchPlaces;

/// <summary>Great-circle distance on the WGS 84 mean radius (haversine).</summary>
internal static class GreatCircle
{
    public const double EarthRadiusMetres = 6_371_008.8;

    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

internal sealed record NearestStreet(string Name, string? NameEn, double DistanceMetres);

/// <summary>
/// The named roads' segments in a grid of ~1 km cells, for reverse geocoding: the nearest named street of a point,
/// looked for in the point's cell and its rings of neighbours up to <see cref="MaxRings"/> cells away.
/// </summary>
internal sealed class StreetIndex
{
    private const double CellDegrees = 0.01;
    private const int MaxRings = 3;

    private readonly List<(string Name, string? NameEn)> _names = [];
    private readonly Dictionary<(int, int), List<(int Name, double Lat1, double Lon1, double Lat2, double Lon2)>> _cells = [];

    public StreetIndex(IEnumerable<(string Name, string? NameEn, (double Lat, double Lon)[] Points)> streets)
    {
        foreach (var (name, nameEn, points) in streets)
        {
            var id = _names.Count;
            _names.Add((name, nameEn));
            for (var i = 1; i < points.Length; i++)
            {
                var (lat1, lon1) = points[i - 1];
                var (lat2, lon2) = points[i];
                // A segment goes into every cell its bounding box touches (segments are short: a few cells at most).
                for (var x = Cell(Math.Min(lon1, lon2)); x <= Cell(Math.Max(lon1, lon2)); x++)
                {
                    for (var y = Cell(Math.Min(lat1, lat2)); y <= Cell(Math.Max(lat1, lat2)); y++)
                    {
                        if (!_cells.TryGetValue((x, y), out var list))
                        {
                            _cells[(x, y)] = list = [];
                        }

                        list.Add((id, lat1, lon1, lat2, lon2));
                    }
                }
            }
        }
    }

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    public NearestStreet? Nearest(double lat, double lon)
    {
        var (cx, cy) = (Cell(lon), Cell(lat));
        var best = double.MaxValue;
        var bestName = -1;
        for (var ring = 0; ring <= MaxRings; ring++)
        {
            for (var x = cx - ring; x <= cx + ring; x++)
            {
                for (var y = cy - ring; y <= cy + ring; y++)
                {
                    if ((Math.Abs(x - cx) != ring && Math.Abs(y - cy) != ring) || !_cells.TryGetValue((x, y), out var segments))
                    {
                        continue;
                    }

                    foreach (var (name, lat1, lon1, lat2, lon2) in segments)
                    {
                        var d = SegmentMetres(lat, lon, lat1, lon1, lat2, lon2);
                        if (d < best)
                        {
                            best = d;
                            bestName = name;
                        }
                    }
                }
            }

            // A segment in ring r+1 is at least r cells away; stop once the best is nearer than that.
            if (bestName >= 0 && best < ring * CellDegrees * 110_000 * Math.Cos(double.DegreesToRadians(lat)))
            {
                break;
            }
        }

        return bestName < 0 ? null : new NearestStreet(_names[bestName].Name, _names[bestName].NameEn, Math.Round(best, 1));
    }

    /// <summary>Distance from a point to a segment, on a local equirectangular projection (exact enough within a few km).</summary>
    private static double SegmentMetres(double lat, double lon, double lat1, double lon1, double lat2, double lon2)
    {
        var k = Math.Cos(double.DegreesToRadians(lat));
        double px = lon * k, py = lat, ax = lon1 * k, ay = lat1, bx = lon2 * k, by = lat2;
        double dx = bx - ax, dy = by - ay;
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / lengthSquared, 0, 1);
        var (qx, qy) = (ax + (t * dx), ay + (t * dy));
        var metresPerDegree = Math.PI * GreatCircle.EarthRadiusMetres / 180;
        return Math.Sqrt(((px - qx) * (px - qx)) + ((py - qy) * (py - qy))) * metresPerDegree;
    }
}
