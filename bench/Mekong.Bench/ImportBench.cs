using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Mekong.Bench;

/// <summary>
/// The national commune file after 1 July 2025 (3,321 communes) as a 57 × 59 grid over Vietnam's extent, each cell a
/// polygon of 200 vertices, written as a zipped Shapefile in VN-2000 / TM-3 and as GeoJSON. Measures the import
/// (dry run, then real, on SQLite) beside reading the same Shapefile with the libraries alone (NetTopologySuite's
/// reader + ProjNet), in the same run: the ratio is what the validation and the database cost.
/// </summary>
internal static class ImportBench
{
    private const int Communes = 3321;
    private const int Columns = 57;
    private const int Rows = 59;
    private const int VerticesPerEdge = 50;
    private const double CentralMeridian = 105.75;
    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };
    private const double West = 102.15, East = 109.45, South = 8.6, North = 23.35;

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("mekong-bench-import").FullName;
        try
        {
            var (zip, geoJson) = Generate(directory);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Communes} communes, {4 * VerticesPerEdge} vertices each: Shapefile zip {new FileInfo(zip).Length / 1e6:F1} MB, GeoJSON {new FileInfo(geoJson).Length / 1e6:F1} MB"));

            // Warm-up: JIT and caches for both paths, on a throwaway database.
            ReadWithLibraries(zip);
            await ImportAsync(directory, zip, dryRun: true);

            var reference = Time(() => ReadWithLibraries(zip));
            var (dryRun, dryRunReport) = await ImportAsync(directory, zip, dryRun: true);
            var (real, realReport) = await ImportAsync(directory, zip, dryRun: false);
            var (geoJsonReal, geoJsonReport) = await ImportAsync(directory, geoJson, dryRun: false);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference: NTS Shapefile read + ProjNet to WGS 84      {reference.TotalSeconds,7:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import --dry-run (Shapefile zip, VN-2000 TM-3)          {dryRun.TotalSeconds,7:F2} s  ({dryRun / reference:F1}x reference)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import, written to SQLite (Shapefile zip)               {real.TotalSeconds,7:F2} s  ({real / reference:F1}x reference)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import, written to SQLite (GeoJSON, WGS 84)             {geoJsonReal.TotalSeconds,7:F2} s  ({geoJsonReal / reference:F1}x reference)"));
            foreach (var (name, report) in new[] { ("dry run", dryRunReport), ("Shapefile", realReport), ("GeoJSON", geoJsonReport) })
            {
                Console.WriteLine($"  steps of {name}: " + string.Join(", ", report.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Step} {t.Took.TotalSeconds:0.00} s"))));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int ReadWithLibraries(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var shp = Buffer(zip.GetEntry("communes.shp")!);
        using var dbf = Buffer(zip.GetEntry("communes.dbf")!);
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(
            SourceCrs(), GeographicCoordinateSystem.WGS84).MathTransform;
        var count = 0;
        foreach (var feature in Shapefile.ReadAllFeatures(shp, dbf))
        {
            foreach (var c in feature.Geometry.Coordinates)
            {
                var (lon, lat) = transform.Transform(c.X, c.Y);
                count += lon > 0 && lat > 0 ? 1 : 0;
            }
        }

        return count;
    }

    private static ProjectedCoordinateSystem SourceCrs() => Vn2000.TransverseMercator("VN-2000 / TM-3 105-45", CentralMeridian, 0.9999);

    /// <summary>Imports into a fresh database; only the importer's own work is timed (not creating the database).</summary>
    private static async Task<(TimeSpan Took, ImportReport Report)> ImportAsync(string directory, string file, bool dryRun)
    {
        var path = Path.Combine(directory, $"bench-{Guid.NewGuid():N}.db");
        await using var db = new AdminUnitsSqliteDbContext(new DbContextOptionsBuilder<AdminUnitsSqliteDbContext>()
            .UseSqlite($"Data Source={path};Pooling=False", o => o.MigrationsHistoryTable($"__ef_migrations_{AdminUnitsDbContext.Schema}")).Options);
        await db.Database.MigrateAsync();
        db.Jurisdictions.Add(Jurisdiction.Create("VN", "Việt Nam (bench)", null, isSynthetic: true, TimeProvider.System));
        db.AdminUnits.Add(AdminUnit.Create("VN", "00", AdminLevel.Province, UnitKind.Province, "Tỉnh Bench", null, null,
            Geo.Factory.ToGeometry(new Envelope(West - 0.1, East + 0.1, South - 0.1, North + 0.1)), null, null, new DateOnly(2020, 1, 1)));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var watch = Stopwatch.StartNew();
        var importer = new AdminUnitImporter(db, Microsoft.Extensions.Options.Options.Create(new ImportLimits()), new ImportGate(Path.Combine(directory, "locks"), 1));
        var report = await importer.ImportAsync(
            ImportFile.FromPath(file), new ImportOptions("VN", AdminLevel.Commune, new DateOnly(2025, 7, 1)) { DryRun = dryRun }, null, CancellationToken.None);
        var took = watch.Elapsed;
        if (report.FileError is not null || report.Created != Communes)
        {
            throw new InvalidOperationException($"bench import went wrong: {report.FileError} created {report.Created}, rejected {report.Rejected}");
        }

        return (took, report);
    }

    private static (string Zip, string GeoJson) Generate(string directory)
    {
        var toTm = new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, SourceCrs()).MathTransform;
        var width = (East - West) / Columns;
        var height = (North - South) / Rows;
        var wgs84 = new List<IFeature>();
        for (var i = 0; i < Communes; i++)
        {
            var (row, column) = (i / Columns, i % Columns);
            var polygon = Cell(West + column * width, South + row * height, width, height);
            wgs84.Add(new Feature(polygon, new AttributesTable
            {
                { "code", (10_000 + i).ToString(CultureInfo.InvariantCulture) },
                { "name", (i % 3 == 0 ? "Phường " : "Xã ") + "Số " + (i + 1).ToString(CultureInfo.InvariantCulture) + " Đồng Bằng" },
                { "population", 5_000 + i },
            }));
        }

        var geoJson = Path.Combine(directory, "communes.geojson");
        using (var stream = File.Create(geoJson))
        {
            var collection = new FeatureCollection();
            foreach (var f in wgs84)
            {
                collection.Add(f);
            }

            JsonSerializer.Serialize(stream, collection, GeoJsonOptions);
        }

        var projected = wgs84.Select(f =>
        {
            return (IFeature)new Feature(f.Geometry.Map((x, y) => toTm.Transform(x, y)), f.Attributes);
        }).ToList();
        var stem = Path.Combine(directory, "communes");
        Shapefile.WriteAllFeatures(projected, stem + ".shp", Vn2000.EsriWkt("VN_2000_TM3_105_45", CentralMeridian), new UTF8Encoding(false));
        File.WriteAllText(stem + ".cpg", "UTF-8");
        var zip = stem + ".zip";
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var extension in new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" })
            {
                archive.CreateEntryFromFile(stem + extension, "communes" + extension, CompressionLevel.Fastest);
            }
        }

        return (zip, geoJson);
    }

    /// <summary>A rectangle with <see cref="VerticesPerEdge"/> vertices per side, so neighbours share their vertices exactly.</summary>
    private static Polygon Cell(double x, double y, double w, double h)
    {
        var ring = new List<Coordinate>();
        void Edge(double x0, double y0, double x1, double y1)
        {
            for (var k = 0; k < VerticesPerEdge; k++)
            {
                var t = (double)k / VerticesPerEdge;
                ring.Add(new Coordinate(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t));
            }
        }

        Edge(x, y, x, y + h);
        Edge(x, y + h, x + w, y + h);
        Edge(x + w, y + h, x + w, y);
        Edge(x + w, y, x, y);
        ring.Add(ring[0].Copy());
        return Geo.Factory.CreatePolygon(ring.ToArray());
    }

    private static MemoryStream Buffer(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        m.Position = 0;
        return m;
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static TimeSpan Time(Func<int> action) => Time(() => { _ = action(); });

}
