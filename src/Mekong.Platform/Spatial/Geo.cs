using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Mekong.Platform.Spatial;

/// <summary>WGS 84 (EPSG:4326) geometry factory: everything Mekong stores is in WGS 84, x = longitude, y = latitude.</summary>
public static class Geo
{
    public const int Wgs84 = 4326;

    public static GeometryFactory Factory { get; } =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(PrecisionModels.Floating), Wgs84);

    public static Point Point(double longitude, double latitude) => Factory.CreatePoint(new Coordinate(longitude, latitude));

    /// <summary>Whether a latitude/longitude pair is a place on Earth.</summary>
    public static bool IsValidLatLon(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180 && !double.IsNaN(latitude) && !double.IsNaN(longitude);

    /// <summary>Great-circle distance in metres: haversine on the mean Earth sphere (IUGG, 6,371,008.8 m).</summary>
    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double earth = 6_371_008.8;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * earth * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Approximate metres per degree of longitude and latitude at a latitude (spherical Earth; good to 0.5 % at Vietnam's latitudes).</summary>
    public static (double PerDegreeLon, double PerDegreeLat) MetresPerDegree(double latitude)
    {
        const double metresPerDegree = 111_319.49;
        return (metresPerDegree * Math.Cos(latitude * Math.PI / 180), metresPerDegree);
    }
}

/// <summary>An axis-aligned box in WGS 84 degrees.</summary>
public readonly record struct BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public static BoundingBox Of(Geometry geometry)
    {
        var e = geometry.EnvelopeInternal;
        return new BoundingBox(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }

    public static BoundingBox Around(double longitude, double latitude, double radiusMetres)
    {
        var (perLon, perLat) = Geo.MetresPerDegree(latitude);
        var dLon = radiusMetres / Math.Max(perLon, 1);
        var dLat = radiusMetres / perLat;
        return new BoundingBox(longitude - dLon, latitude - dLat, longitude + dLon, latitude + dLat);
    }

    /// <summary>Parses <c>minLon,minLat,maxLon,maxLat</c> (the OGC/GeoJSON bbox order).</summary>
    public static bool TryParse(string? text, out BoundingBox box)
    {
        box = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split(',');
        if (parts.Length != 4)
        {
            return false;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        box = new BoundingBox(values[0], values[1], values[2], values[3]);
        return Geo.IsValidLatLon(box.MinLat, box.MinLon) && Geo.IsValidLatLon(box.MaxLat, box.MaxLon)
            && box.MinLon <= box.MaxLon && box.MinLat <= box.MaxLat;
    }

    public Polygon ToPolygon() => (Polygon)Geo.Factory.ToGeometry(new Envelope(MinLon, MaxLon, MinLat, MaxLat));
}
