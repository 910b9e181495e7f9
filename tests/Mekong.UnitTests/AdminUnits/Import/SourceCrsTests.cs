using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Spatial;

namespace Mekong.UnitTests.AdminUnits.Import;

public sealed class SourceCrsTests
{
    // Reference pairs computed once with PROJ 9.1.1 (Debian proj-bin) using the explicit EPSG:6960 parameters, e.g.
    //   T="+ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m"
    //   echo "590000 1060000" | cs2cs -f %.9f +proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 $T +to +proj=longlat +datum=WGS84
    // (Plain "cs2cs EPSG:9210 EPSG:4326" differs by ~0.8 m in the Mekong delta: PROJ then prefers EPSG:5194, a local
    // transformation for two delta survey blocks; Mekong applies the national EPSG:6960 everywhere, see ADR 0007.)
    public static TheoryData<string, double, double, double, double> Pairs => new()
    {
        { "EPSG:9210", 590000, 1060000, 106.571690385, 9.584393828 },
        { "EPSG:5899", 550000, 1775000, 108.219118329, 16.048478812 },
        { "EPSG:5897", 585000, 2325000, 105.819579341, 21.016519175 },
        { "EPSG:3405", 585000, 2330000, 105.820106519, 21.067993913 },
        { "urn:ogc:def:crs:EPSG::3406", 200000, 1200000, 108.258052848, 10.842225376 },
        { "EPSG:4756", 105.85, 21.0, 105.851882293, 20.999013907 },
        { Vn2000EsriWkt("VN_2000_TM3_106_45", 106.75), 520000, 1180000, 106.934606856, 10.670323024 },
        { Vn2000EsriWkt("VN_2000_TM3_105_45", 105.75), 590000, 1060000, 106.571690385, 9.584393828 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    // 0.1 m, tighter than the 0.5 m asked for: flipping the rotation signs (the classic convention mistake) moves
    // Hà Nội by 0.7 m, which a 0.5 m tolerance would only just catch.
    public void Vn2000_coordinates_reach_wgs84_within_a_decimetre(string crs, double x, double y, double lon, double lat)
    {
        var source = SourceCrs.Resolve(crs, out var error);
        Assert.Null(error);
        Assert.NotNull(source);

        var (gotLon, gotLat) = source.ToWgs84(x, y);

        var (perLon, perLat) = Geo.MetresPerDegree(lat);
        var metres = Math.Sqrt(Math.Pow((gotLon - lon) * perLon, 2) + Math.Pow((gotLat - lat) * perLat, 2));
        Assert.True(metres < 0.1, $"{crs}: {gotLon:F9}, {gotLat:F9} is {metres:F3} m from PROJ's {lon:F9}, {lat:F9}");
    }

    [Fact]
    public void Without_the_datum_shift_the_error_would_be_far_larger_than_the_tolerance()
    {
        // A .prj that names only the WGS 84 ellipsoid (no VN-2000 datum) is read as WGS 84 / TM: ~200 m off.
        const string plainTm = """PROJCS["TM",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
        var (lon, lat) = SourceCrs.Resolve(plainTm, out _)!.ToWgs84(590000, 1060000);
        var (perLon, perLat) = Geo.MetresPerDegree(lat);
        var metres = Math.Sqrt(Math.Pow((lon - 106.571690385) * perLon, 2) + Math.Pow((lat - 9.584393828) * perLat, 2));
        Assert.InRange(metres, 100, 400);
    }

    [Theory]
    [InlineData("EPSG:2000")]
    [InlineData("not a crs")]
    [InlineData("PROJCS[broken")]
    public void Unknown_systems_are_refused_with_a_reason(string crs)
    {
        Assert.Null(SourceCrs.Resolve(crs, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("EPSG:4326")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84")]
    [InlineData("urn:ogc:def:crs:EPSG::4326")]
    public void Wgs84_needs_no_transformation(string crs) => Assert.True(SourceCrs.Resolve(crs, out _)!.IsWgs84);

    private static string Vn2000EsriWkt(string name, double centralMeridian) => Vn2000.EsriWkt(name, centralMeridian);
}
