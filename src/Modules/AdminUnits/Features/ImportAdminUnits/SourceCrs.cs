using System.Globalization;
using System.Text.RegularExpressions;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// The coordinate system a boundary file is drawn in, and the way from it to WGS 84 (what Mekong stores).
/// VN-2000 and its projections always go through the official seven-parameter transformation (EPSG:6960), whatever
/// TOWGS84 a <c>.prj</c> carries or omits: see docs/adr/0007-coordinate-systems.md.
/// </summary>
internal sealed partial class SourceCrs
{
    private static readonly CoordinateSystemFactory Factory = new();
    private static readonly CoordinateTransformationFactory Transformations = new();

    private readonly MathTransform? _toWgs84;

    private SourceCrs(string description, MathTransform? toWgs84)
    {
        Description = description;
        _toWgs84 = toWgs84;
    }

    public static SourceCrs Wgs84 { get; } = new("WGS 84 (EPSG:4326)", null);

    /// <summary>What the import report shows, e.g. "VN-2000 / TM-3 105-45 (EPSG:9210)".</summary>
    public string Description { get; }

    public bool IsWgs84 => _toWgs84 is null;

    /// <summary>
    /// Resolves <c>EPSG:N</c>, <c>urn:ogc:def:crs:EPSG::N</c>, <c>OGC:CRS84</c> or a WKT (a <c>.prj</c>). Returns null with
    /// <paramref name="error"/> set when the system is unknown or not supported.
    /// </summary>
    public static SourceCrs? Resolve(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = ImportMessages.Get("CrsEmpty");
            return null;
        }

        if (trimmed.Contains('[', StringComparison.Ordinal))
        {
            return FromWkt(trimmed, out error);
        }

        if (Regex.IsMatch(trimmed, @"CRS:?84$", RegexOptions.IgnoreCase))
        {
            return Wgs84;
        }

        var match = EpsgCode().Match(trimmed);
        if (!match.Success)
        {
            error = ImportMessages.Format("CrsUnreadable", trimmed);
            return null;
        }

        return FromEpsg(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out error);
    }

    public static SourceCrs? FromEpsg(int code, out string? error)
    {
        error = null;
        if (code == 4326)
        {
            return Wgs84;
        }

        if (code == Vn2000.GeographicCode)
        {
            return new SourceCrs("VN-2000 (EPSG:4756)", Transformations.CreateFromCoordinateSystems(Vn2000.Geographic, GeographicCoordinateSystem.WGS84).MathTransform);
        }

        if (Vn2000.Zones.TryGetValue(code, out var zone))
        {
            var projected = Vn2000.TransverseMercator(zone.Name, zone.CentralMeridian, zone.ScaleFactor);
            return new SourceCrs($"{zone.Name} (EPSG:{code})", ToWgs84(projected));
        }

        if (code is >= 32601 and <= 32660)
        {
            var utm = ProjectedCoordinateSystem.WGS84_UTM(code - 32600, zoneIsNorth: true);
            return new SourceCrs($"WGS 84 / UTM zone {code - 32600}N (EPSG:{code})", ToWgs84(utm));
        }

        error = ImportMessages.Format("EpsgUnknown", code);
        return null;
    }

    private static SourceCrs? FromWkt(string wkt, out string? error)
    {
        error = null;
        CoordinateSystem parsed;
        try
        {
            parsed = Factory.CreateFromWkt(wkt);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or InvalidOperationException or NullReferenceException)
        {
            error = ImportMessages.Format("WktUnreadable", ex.Message);
            return null;
        }

        switch (parsed)
        {
            case GeographicCoordinateSystem geographic when Vn2000.IsVn2000(geographic.HorizontalDatum, geographic.Name):
                return new SourceCrs($"{geographic.Name} (VN-2000, WKT)", Transformations.CreateFromCoordinateSystems(Vn2000.Geographic, GeographicCoordinateSystem.WGS84).MathTransform);
            case GeographicCoordinateSystem geographic when geographic.HorizontalDatum.Ellipsoid.EqualParams(Ellipsoid.WGS84) && IsWgs84Datum(geographic.HorizontalDatum):
                return Wgs84;
            case ProjectedCoordinateSystem projected when Vn2000.IsVn2000(projected.GeographicCoordinateSystem.HorizontalDatum, projected.GeographicCoordinateSystem.Name):
                if (!projected.Projection.ClassName.Replace('_', ' ').Contains("Transverse Mercator", StringComparison.OrdinalIgnoreCase)
                    || Parameter(projected.Projection, "latitude_of_origin") is not (null or 0.0))
                {
                    error = ImportMessages.Format("Vn2000NotTm", projected.Name);
                    return null;
                }

                var centralMeridian = Parameter(projected.Projection, "central_meridian");
                if (centralMeridian is null)
                {
                    error = ImportMessages.Format("NoCentralMeridian", projected.Name);
                    return null;
                }

                var scale = Parameter(projected.Projection, "scale_factor") ?? 0.9999;
                var falseEasting = Parameter(projected.Projection, "false_easting") ?? 500_000;
                var falseNorthing = Parameter(projected.Projection, "false_northing") ?? 0;
                var metres = projected.LinearUnit.MetersPerUnit;
                var rebuilt = Vn2000.TransverseMercator(projected.Name, centralMeridian.Value, scale, falseEasting * metres, falseNorthing * metres, projected.LinearUnit);
                return new SourceCrs(
                    string.Create(CultureInfo.InvariantCulture, $"{projected.Name} (VN-2000 TM, central meridian {centralMeridian.Value}°, k={scale}, WKT)"),
                    ToWgs84(rebuilt));
            case ProjectedCoordinateSystem or GeographicCoordinateSystem:
                try
                {
                    return new SourceCrs($"{parsed.Name} (WKT)", Transformations.CreateFromCoordinateSystems(parsed, GeographicCoordinateSystem.WGS84).MathTransform);
                }
                catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
                {
                    error = ImportMessages.Format("NoTransformation", parsed.Name, ex.Message);
                    return null;
                }

            default:
                error = ImportMessages.Format("NotGeographicOrProjected", parsed.Name);
                return null;
        }
    }

    /// <summary>Transforms a geometry to WGS 84 longitude/latitude, in place when it is not WGS 84 already.</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        if (_toWgs84 is null)
        {
            return geometry;
        }

        var transform = _toWgs84;
        return geometry.Map((x, y) => transform.Transform(x, y));
    }

    public (double Lon, double Lat) ToWgs84(double x, double y)
    {
        if (_toWgs84 is null)
        {
            return (x, y);
        }

        var (lon, lat) = _toWgs84.Transform(x, y);
        return (lon, lat);
    }

    private static MathTransform ToWgs84(ProjectedCoordinateSystem projected) =>
        Transformations.CreateFromCoordinateSystems(projected, GeographicCoordinateSystem.WGS84).MathTransform;

    private static bool IsWgs84Datum(HorizontalDatum datum)
    {
        var name = datum.Name.Replace('_', ' ');
        return name.Contains("WGS 1984", StringComparison.OrdinalIgnoreCase) || name.Contains("WGS 84", StringComparison.OrdinalIgnoreCase)
            || name.Contains("WGS84", StringComparison.OrdinalIgnoreCase) || name.Contains("World Geodetic System 1984", StringComparison.OrdinalIgnoreCase);
    }

    private static double? Parameter(IProjection projection, string name)
    {
        for (var i = 0; i < projection.NumParameters; i++)
        {
            var parameter = projection.GetParameter(i);
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"EPSG:{1,2}(?:[0-9.]*:)?(\d{4,5})$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgCode();
}

/// <summary>
/// VN-2000 (<i>Hệ quy chiếu và hệ tọa độ quốc gia VN-2000</i>): the WGS 84 ellipsoid on a local datum, and the
/// official shift to WGS 84 from Decision 05/2007/QĐ-BTNMT as EPSG:6960 records it.
/// </summary>
internal static class Vn2000
{
    public const int GeographicCode = 4756;

    /// <summary>
    /// EPSG:6960 "VN-2000 to WGS 84 (2)": dX, dY, dZ in metres, rotations in arc-seconds, scale in ppm. EPSG publishes it
    /// with the coordinate-frame convention (rx=-0.00928836″, ry=+0.01975479″, rz=-0.00427372″); ProjNet, like the WKT
    /// TOWGS84 clause and PROJ's +towgs84, expects position-vector rotations, which are the same rotations with the
    /// opposite sign. Tests check this against PROJ to 0.5 m.
    /// </summary>
    public static readonly Wgs84ConversionInfo ToWgs84 = new(
        -191.90441429, -39.30318279, -111.45032835, 0.00928836, -0.01975479, 0.00427372, 0.252906278, "Vietnam - onshore (EPSG:6960)");

    /// <summary>The projected systems of VN-2000 with an EPSG code: UTM zones (k=0.9996) and provincial TM-3 zones (k=0.9999).</summary>
    public static readonly IReadOnlyDictionary<int, (string Name, double CentralMeridian, double ScaleFactor)> Zones =
        new Dictionary<int, (string, double, double)>
        {
            [3405] = ("VN-2000 / UTM zone 48N", 105, 0.9996),
            [3406] = ("VN-2000 / UTM zone 49N", 111, 0.9996),
            [5896] = ("VN-2000 / TM-3 zone 481", 102, 0.9999),
            [5897] = ("VN-2000 / TM-3 zone 482", 105, 0.9999),
            [5898] = ("VN-2000 / TM-3 zone 491", 108, 0.9999),
            [5899] = ("VN-2000 / TM-3 107-45", 107.75, 0.9999),
            [9205] = ("VN-2000 / TM-3 103-00", 103, 0.9999),
            [9206] = ("VN-2000 / TM-3 104-00", 104, 0.9999),
            [9207] = ("VN-2000 / TM-3 104-30", 104.5, 0.9999),
            [9208] = ("VN-2000 / TM-3 104-45", 104.75, 0.9999),
            [9209] = ("VN-2000 / TM-3 105-30", 105.5, 0.9999),
            [9210] = ("VN-2000 / TM-3 105-45", 105.75, 0.9999),
            [9211] = ("VN-2000 / TM-3 106-00", 106, 0.9999),
            [9212] = ("VN-2000 / TM-3 106-15", 106.25, 0.9999),
            [9213] = ("VN-2000 / TM-3 106-30", 106.5, 0.9999),
            [9214] = ("VN-2000 / TM-3 107-00", 107, 0.9999),
            [9215] = ("VN-2000 / TM-3 107-15", 107.25, 0.9999),
            [9216] = ("VN-2000 / TM-3 107-30", 107.5, 0.9999),
            [9217] = ("VN-2000 / TM-3 108-15", 108.25, 0.9999),
            [9218] = ("VN-2000 / TM-3 108-30", 108.5, 0.9999),
        };

    private static readonly CoordinateSystemFactory Factory = new();

    public static GeographicCoordinateSystem Geographic { get; } = Factory.CreateGeographicCoordinateSystem(
        "VN-2000", AngularUnit.Degrees,
        Factory.CreateHorizontalDatum("Vietnam 2000", DatumType.HD_Geocentric, Ellipsoid.WGS84, ToWgs84),
        PrimeMeridian.Greenwich, new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));

    /// <summary>A VN-2000 Transverse Mercator system: a TM-3 zone (k=0.9999) or UTM (k=0.9996), false easting 500 km.</summary>
    public static ProjectedCoordinateSystem TransverseMercator(
        string name, double centralMeridian, double scaleFactor, double falseEastingMetres = 500_000, double falseNorthingMetres = 0, LinearUnit? unit = null)
    {
        unit ??= LinearUnit.Metre;
        var parameters = new List<ProjectionParameter>
        {
            new("latitude_of_origin", 0),
            new("central_meridian", centralMeridian),
            new("scale_factor", scaleFactor),
            new("false_easting", falseEastingMetres / unit.MetersPerUnit),
            new("false_northing", falseNorthingMetres / unit.MetersPerUnit),
        };
        var projection = Factory.CreateProjection("Transverse Mercator", "Transverse_Mercator", parameters);
        return Factory.CreateProjectedCoordinateSystem(
            name, Geographic, projection, unit, new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
    }

    /// <summary>The WKT a <c>.prj</c> carries for a VN-2000 TM zone (ESRI style, as provincial GIS offices write it).</summary>
    public static string EsriWkt(string name, double centralMeridian, double scaleFactor = 0.9999) => string.Create(CultureInfo.InvariantCulture, $"""
        PROJCS["{name}",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{centralMeridian}],PARAMETER["Scale_Factor",{scaleFactor}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
        """);

    /// <summary>VN-2000 by datum or system name: "Vietnam_2000", "VN-2000", "VN_2000", "D_Vietnam_2000".</summary>
    public static bool IsVn2000(HorizontalDatum datum, string systemName)
    {
        static bool Named(string? text) => text is not null
            && (Regex.IsMatch(text, @"VN[\s_-]?2000", RegexOptions.IgnoreCase) || Regex.IsMatch(text, @"Vietnam[\s_-]?2000", RegexOptions.IgnoreCase));
        return Named(datum.Name) || Named(systemName);
    }
}
