using System.IO.Compression;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace Mekong.E2E;

/// <summary>A commune as the test draws it: a square in WGS 84, south-west corner and size in degrees.</summary>
public sealed record TestCommune(string Code, string Name, double Lon, double Lat, double Size, int Population)
{
    public Polygon Square() => (Polygon)Factory.ToGeometry(new Envelope(Lon, Lon + Size, Lat, Lat + Size));

    internal static readonly GeometryFactory Factory = new();
}

/// <summary>
/// Writes a zipped Shapefile the way provincial GIS offices deliver them: VN-2000 / TM-3 105°45′ coordinates, an
/// ESRI <c>.prj</c>, UTF-8 attributes with a <c>.cpg</c>, and Vietnamese column names (MA_XA, TEN_XA, DAN_SO).
/// Written independently of the server's code: the datum shift is EPSG:6960's, given to ProjNet as TOWGS84.
/// </summary>
public static class ProvinceShapefile
{
    private const string EsriPrj = """PROJCS["VN_2000_TM3_105_45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    private const string Vn2000Tm3 = """PROJCS["VN-2000 / TM-3 105-45",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]""";

    /// <summary>Writes <paramref name="stem"/>.shp/.shx/.dbf/.prj/.cpg into a new folder and zips them; returns the .zip path.</summary>
    public static string Write(string folder, string stem, IEnumerable<TestCommune> communes)
    {
        Directory.CreateDirectory(folder);
        var toTm = new CoordinateTransformationFactory().CreateFromCoordinateSystems(
            GeographicCoordinateSystem.WGS84, (CoordinateSystem)CoordinateSystemWktReader.Parse(Vn2000Tm3)).MathTransform;
        var features = communes.Select(c => (IFeature)new Feature(Project(c.Square(), toTm), new AttributesTable
        {
            { "MA_XA", c.Code },
            { "TEN_XA", c.Name },
            { "DAN_SO", c.Population },
        })).ToList();
        var shp = Path.Combine(folder, stem + ".shp");
        NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures(features, shp, EsriPrj, Encoding.UTF8);
        File.WriteAllText(Path.ChangeExtension(shp, ".cpg"), "UTF-8");
        var zip = Path.Combine(folder, stem + ".zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var part in Directory.EnumerateFiles(folder, stem + ".*").Where(p => !p.EndsWith(".zip", StringComparison.Ordinal)))
            {
                archive.CreateEntryFromFile(part, Path.GetFileName(part));
            }
        }

        return zip;
    }

    private static Geometry Project(Geometry geometry, MathTransform transform)
    {
        var copy = geometry.Copy();
        copy.Apply(new ProjectFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class ProjectFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
