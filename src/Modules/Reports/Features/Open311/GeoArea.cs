using System.Globalization;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>
/// Where the GET requests filter looks (Mekong's extension to GeoReport v2, docs/open311.md): a box
/// <c>bbox=minLon,minLat,maxLon,maxLat</c>, or a circle <c>lat</c> + <c>long</c> + <c>radius</c> (metres, at most
/// <see cref="MaxRadiusMetres"/>). The box is what the spatial index answers (the PostGIS GiST index, the SQLite
/// R*Tree); a circle is its bounding box there, then the exact distance in SQL. WGS 84 degrees.
/// </summary>
internal sealed record GeoArea(double MinLon, double MinLat, double MaxLon, double MaxLat, (double Lat, double Lon, double Metres)? Circle = null)
{
    public const double MaxRadiusMetres = 50_000;

    /// <summary>Metres per degree of latitude (and of longitude at the equator), the equirectangular approximation.</summary>
    public const double MetresPerDegree = 111_320;

    /// <summary>Squared metres per squared degree of longitude at the circle's latitude.</summary>
    public double LonScale2 => Circle is { } c ? Math.Pow(MetresPerDegree * Math.Cos(c.Lat * Math.PI / 180), 2) : 0;

    public static GeoArea? Parse(IQueryCollection query, List<string> problems)
    {
        var bbox = query["bbox"].ToString();
        var lat = query["lat"].ToString();
        var lon = query["long"].ToString();
        var radius = query["radius"].ToString();
        var hasCircle = lat.Length > 0 || lon.Length > 0 || radius.Length > 0;
        if (bbox.Length > 0 && hasCircle)
        {
            problems.Add("bbox and lat/long/radius are two ways to give an area: send one of them.");
            return null;
        }

        if (bbox.Length > 0)
        {
            var parts = bbox.Split(',', StringSplitOptions.TrimEntries);
            var numbers = parts.Select(Number).ToList();
            if (parts.Length != 4 || numbers.Any(n => n is null))
            {
                problems.Add($"bbox is four numbers minLon,minLat,maxLon,maxLat in WGS 84 degrees ('{Open311Context.Shorten(bbox)}' is not).");
                return null;
            }

            var (minLon, minLat, maxLon, maxLat) = (numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
            if (minLon is < -180 or > 180 || maxLon is < -180 or > 180 || minLat is < -90 or > 90 || maxLat is < -90 or > 90)
            {
                problems.Add("bbox longitudes are between -180 and 180 and its latitudes between -90 and 90.");
                return null;
            }

            if (minLon > maxLon || minLat > maxLat)
            {
                problems.Add("bbox is minLon,minLat,maxLon,maxLat: its minimum longitude and latitude come first.");
                return null;
            }

            return new GeoArea(minLon, minLat, maxLon, maxLat);
        }

        if (!hasCircle)
        {
            return null;
        }

        var (la, lo, r) = (Number(lat), Number(lon), Number(radius));
        var before = problems.Count;
        if (la is null || lo is null || la is < -90 or > 90 || lo is < -180 or > 180)
        {
            problems.Add("lat and long go together, in WGS 84 degrees (lat between -90 and 90, long between -180 and 180), with radius.");
        }

        if (r is null || r <= 0 || r > MaxRadiusMetres)
        {
            problems.Add($"radius is a distance in metres greater than 0 and at most {MaxRadiusMetres:0}, sent with lat and long.");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var dLat = r!.Value / MetresPerDegree;
        var dLon = r.Value / (MetresPerDegree * Math.Max(Math.Cos(la!.Value * Math.PI / 180), 0.01));
        return new GeoArea(
            Math.Max(lo!.Value - dLon, -180), Math.Max(la.Value - dLat, -90), Math.Min(lo.Value + dLon, 180), Math.Min(la.Value + dLat, 90),
            (la.Value, lo.Value, r.Value));
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
