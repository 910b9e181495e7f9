using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Spatial;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Mekong.ImportTests;

/// <summary>One unit as a test writes it into a boundary file; geometry in WGS 84.</summary>
internal sealed record TestUnit(string Code, string Name, Geometry Geometry, string? Parent = null, int? Population = null, int? Households = null);

/// <summary>Writes boundary files the way provincial GIS offices do, in a temporary directory the test owns.</summary>
internal sealed class BoundaryFiles : IDisposable
{
    static BoundaryFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    public BoundaryFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"mekong-files-{Guid.NewGuid():N}");

    /// <summary>A square of <paramref name="size"/> degrees with its south-west corner at (lon, lat).</summary>
    public static Polygon Square(double lon, double lat, double size) =>
        (Polygon)Geo.Factory.ToGeometry(new Envelope(lon, lon + size, lat, lat + size));

    public string GeoJson(string name, IEnumerable<TestUnit> units, string? crsName = null, Func<Geometry, Geometry>? project = null)
    {
        var features = units.Select(u => new
        {
            type = "Feature",
            properties = new Dictionary<string, object?> { ["code"] = u.Code, ["name"] = u.Name, ["parent"] = u.Parent, ["population"] = u.Population, ["households"] = u.Households },
            geometry = project is null ? u.Geometry : project(u.Geometry),
        });
        object document = crsName is null
            ? new { type = "FeatureCollection", features }
            : new { type = "FeatureCollection", crs = new { type = "name", properties = new { name = crsName } }, features };
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, JsonSerializer.Serialize(document, JsonOptions), new UTF8Encoding(false));
        return path;
    }

    /// <summary>A Shapefile in VN-2000 / TM-3 with the given central meridian, with a .prj (ESRI WKT) and a .cpg.</summary>
    public string Shapefile(string stem, IEnumerable<TestUnit> units, double centralMeridian, Encoding encoding, string? cpg, bool withPrj = true)
    {
        var toTm = Vn2000Tm(centralMeridian);
        var features = units.Select(u =>
        {
            var attributes = new AttributesTable
            {
                { "code", u.Code },
                { "name", encoding.CodePage == 1258 ? WindowsVietnamese(u.Name) : u.Name },
                { "parent", u.Parent ?? string.Empty },
                { "population", u.Population ?? 0 },
            };
            return (IFeature)new Feature(Project(u.Geometry, toTm), attributes);
        }).ToList();
        var shp = Path.Combine(Directory, stem + ".shp");
        var wkt = withPrj ? Vn2000.EsriWkt($"VN_2000_TM3_{centralMeridian.ToString(CultureInfo.InvariantCulture)}", centralMeridian) : null;
        NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures(features, shp, wkt, encoding);
        if (!withPrj)
        {
            File.Delete(Path.ChangeExtension(shp, ".prj"));
        }

        var cpgPath = Path.ChangeExtension(shp, ".cpg");
        if (cpg is null)
        {
            File.Delete(cpgPath);
        }
        else
        {
            File.WriteAllText(cpgPath, cpg);
        }

        return shp;
    }

    public string Zip(string shp)
    {
        var zip = Path.ChangeExtension(shp, ".zip");
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var part in System.IO.Directory.EnumerateFiles(Directory, Path.GetFileNameWithoutExtension(shp) + ".*").Where(p => !p.EndsWith(".zip", StringComparison.Ordinal)))
        {
            archive.CreateEntryFromFile(part, "ranh-gioi/" + Path.GetFileName(part));
        }

        return zip;
    }

    public string Csv(string name, IEnumerable<TestUnit> units)
    {
        var text = new StringBuilder("code,name,parent,population,wkt\r\n");
        var writer = new WKTWriter();
        foreach (var u in units)
        {
            text.Append(CultureInfo.InvariantCulture, $"{u.Code},\"{u.Name}\",{u.Parent},{u.Population},\"{writer.Write(u.Geometry)}\"\r\n");
        }

        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static MathTransform Vn2000Tm(double centralMeridian) => new CoordinateTransformationFactory()
        .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, Vn2000.TransverseMercator("test", centralMeridian, 0.9999)).MathTransform;

    public static Geometry Project(Geometry geometry, MathTransform transform)
    {
        return geometry.Map((x, y) => transform.Transform(x, y));
    }

    /// <summary>
    /// Vietnamese as Windows-1258 holds it: letters with circumflex, breve and horn are precomposed, tone marks are
    /// separate combining characters ("ờ" = "ơ" + U+0300). Encoding the NFC string directly would lose the tones.
    /// </summary>
    public static string WindowsVietnamese(string text)
    {
        var tones = new HashSet<char> { '\u0300', '\u0301', '\u0303', '\u0309', '\u0323' };
        var result = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormC))
        {
            var decomposed = ch.ToString().Normalize(NormalizationForm.FormD);
            var tone = decomposed.FirstOrDefault(tones.Contains);
            if (tone == default)
            {
                result.Append(ch);
                continue;
            }

            result.Append(decomposed.Replace(tone.ToString(), string.Empty, StringComparison.Ordinal).Normalize(NormalizationForm.FormC)).Append(tone);
        }

        return result.ToString();
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
