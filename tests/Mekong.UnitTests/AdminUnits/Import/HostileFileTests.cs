using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Mekong.UnitTests.AdminUnits.Import;

/// <summary>
/// Crafted files (built here, never committed) against every reader: each is refused with an error that names the
/// <c>Mekong:Import:*</c> limit it broke, before the reader allocates what the file claims.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mekong-hostile-");

    [Fact]
    public void A_shapefile_record_claiming_two_billion_parts_is_refused_before_it_is_read()
    {
        // The report's file: one record whose part count says 2,147,483,632; the whole zip is about a kilobyte.
        var shp = Shapefile(out var dbf, out var prj);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(100 + 8 + 36), 2_147_483_632);
        var zip = Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj));
        Assert.True(zip.Length < 2048);

        var error = ReadError(zip, "xa.zip");

        Assert.Contains("2,147,483,632 parts", error, StringComparison.Ordinal);
        Assert.Contains("Mekong:Import:MaxPartsPerFeature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shapefile_record_claiming_a_billion_points_is_refused_by_the_point_budget()
    {
        var shp = Shapefile(out var dbf, out var prj);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(100 + 8 + 40), 1_000_000_000);

        var error = ReadError(Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj)), "xa.zip");

        Assert.Contains("Mekong:Import:MaxPoints", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shapefile_record_longer_than_its_file_is_refused_as_damaged()
    {
        var shp = Shapefile(out var dbf, out var prj);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(100 + 4), int.MaxValue);

        var error = ReadError(Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj)), "xa.zip");

        Assert.Contains("record 1 of the .shp claims more than the file holds", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_entry_is_refused_by_its_compression_ratio_and_when_it_packs_less_well_by_its_unpacked_size()
    {
        var (shp, dbf, prj) = Parts();
        var bomb = Zip(("xa.shp", new byte[64 * 1024 * 1024]), ("xa.dbf", dbf), ("xa.prj", prj));
        Assert.True(bomb.Length < 200_000, $"{bomb.Length} bytes");
        Assert.Contains("Mekong:Import:MaxCompressionRatio", ReadError(bomb, "xa.zip"), StringComparison.Ordinal);

        // Random bytes do not pack: refused by the entry limit instead, and by the total of all entries.
        var random = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(random);
        var big = Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj), ("extra.bin", random));
        Assert.Contains("Mekong:Import:MaxFileBytes", ReadError(big, "xa.zip", new ImportLimits { MaxFileBytes = 2 * 1024 * 1024 }), StringComparison.Ordinal);
        Assert.Contains("Mekong:Import:MaxUnpackedBytes", ReadError(big, "xa.zip", new ImportLimits { MaxUnpackedBytes = 2 * 1024 * 1024 }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_of_many_entries_is_refused_before_its_directory_is_listed()
    {
        var (shp, dbf, prj) = Parts();
        var entries = new List<(string, byte[])> { ("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj) };
        entries.AddRange(Enumerable.Range(0, 5_000).Select(i => ($"e/{i}.txt", Array.Empty<byte>())));

        var error = ReadError(Zip([.. entries]), "xa.zip");

        Assert.Contains("5,003 entries", error, StringComparison.Ordinal);
        Assert.Contains("Mekong:Import:MaxZipEntries", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_prj_is_not_read_to_its_end()
    {
        var (shp, dbf, _) = Parts();
        var noise = new byte[8 * 1024 * 1024];
        new Random(3).NextBytes(noise);
        var prj = Encoding.ASCII.GetBytes("GEOGCS[\"" + Convert.ToBase64String(noise) + "\"]");

        var error = ReadError(Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj)), "xa.zip");

        Assert.Contains("xa.prj", error, StringComparison.Ordinal);
        Assert.Contains("Mekong:Import:MaxSidecarBytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_shapefile_zip_is_still_read()
    {
        var (shp, dbf, prj) = Parts();

        var set = FeatureReaders.Read(ImportFile.FromStream(new MemoryStream(Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", prj))), "xa.zip"), new ImportLimits(), CancellationToken.None);

        var feature = Assert.Single(set.Features);
        Assert.Equal("94101", feature.Attributes["code"]);
        Assert.Equal(5, feature.Geometry!.NumPoints);
        Assert.StartsWith("GEOGCS", set.DeclaredCrs, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_geojson_is_refused_at_the_depth_limit()
    {
        var json = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
            + new string('[', 100_000) + new string(']', 100_000) + "}}]}";

        var error = ReadError(Encoding.UTF8.GetBytes(json), "xa.geojson");

        Assert.Contains("Mekong:Import:MaxJsonDepth", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_geojson_feature_larger_than_the_limit_is_refused_and_its_points_are_counted_before_they_become_objects()
    {
        var limits = new ImportLimits { MaxFeatureBytes = 1024 * 1024, MaxPoints = 10_000 };
        var huge = GeoJson(Feature("1", Ring(100_000)));
        Assert.True(huge.Length > limits.MaxFeatureBytes);
        Assert.Contains("Mekong:Import:MaxFeatureBytes", ReadError(huge, "xa.geojson", limits), StringComparison.Ordinal);

        var many = GeoJson(Enumerable.Range(1, 30).Select(i => Feature(i.ToString(CultureInfo.InvariantCulture), Ring(500))).ToArray());
        var error = ReadError(many, "xa.geojson", limits);
        Assert.Contains("By feature 20 the file has more than 10,000 vertices", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_geojson_of_more_features_than_the_limit_is_refused()
    {
        var file = GeoJson(Enumerable.Range(1, 11).Select(i => Feature(i.ToString(CultureInfo.InvariantCulture), Ring(4))).ToArray());

        Assert.Contains("more than 10 features", ReadError(file, "xa.geojson", new ImportLimits { MaxFeatures = 10 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Streamed_geojson_reads_features_larger_than_the_first_buffer_and_a_crs_that_follows_them()
    {
        // 40 features of about 30 KB: several refills of the 64 KB buffer, and one feature of 400 KB that makes it grow.
        var features = Enumerable.Range(1, 40).Select(i => Feature(i.ToString(CultureInfo.InvariantCulture), Ring(i == 20 ? 12_000 : 900))).ToArray();
        var json = "{\"type\":\"FeatureCollection\",\"name\":{\"nested\":[1,2,3]},\"features\":[" + string.Join(",\n", features)
            + "],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::9210\"}}}";

        var set = FeatureReaders.Read(ImportFile.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(json)), "xa.geojson"), new ImportLimits(), CancellationToken.None);

        Assert.Equal(40, set.Features.Count);
        Assert.Equal("urn:ogc:def:crs:EPSG::9210", set.DeclaredCrs);
        Assert.Equal(12_001, set.Features[19].Geometry!.NumPoints);
        Assert.All(set.Features, f => Assert.Equal(f.Number.ToString(CultureInfo.InvariantCulture), f.Attributes["code"]));
        var single = FeatureReaders.Read(ImportFile.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(features[0])), "one.geojson"), new ImportLimits(), CancellationToken.None);
        Assert.Equal("1", Assert.Single(single.Features).Attributes["code"]);
    }

    [Fact]
    public void A_csv_with_a_gigantic_line_is_refused_at_the_row_limit()
    {
        var csv = "code,name,wkt\n1,\"" + new string('x', 2 * 1024 * 1024) + "\",\n";

        var error = ReadError(Encoding.UTF8.GetBytes(csv), "xa.csv", new ImportLimits { MaxFeatureBytes = 1024 * 1024 });

        Assert.Contains("Row 2 is longer than 1,048,576 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_wkt_with_more_points_than_the_budget_is_refused_before_it_is_parsed()
    {
        var ring = string.Join(", ", Enumerable.Range(0, 50_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{105 + (i * 1e-6)} 9"))) + ", 105 9";
        var csv = $"code,name,wkt\n1,Xã A,\"POLYGON (({ring}))\"\n";

        var error = ReadError(Encoding.UTF8.GetBytes(csv), "xa.csv", new ImportLimits { MaxPoints = 10_000 });

        Assert.Contains("By feature 1 the file has more than 10,000 vertices", error, StringComparison.Ordinal);
        Assert.Equal((2, 9), CsvFeatureReader.CountPositions("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))"));
    }

    [Fact]
    public void A_second_import_waits_for_no_one_it_is_told_the_installation_is_busy()
    {
        var gate = new ImportGate(Path.Combine(_directory.FullName, "locks"), slots: 1);
        var other = new ImportGate(Path.Combine(_directory.FullName, "locks"), slots: 1);

        using (gate.Enter())
        {
            var busy = Assert.Throws<ImportFileException>(() => other.Enter());
            Assert.True(busy.Busy);
            Assert.Contains("Mekong:Import:MaxConcurrentImports", busy.Message, StringComparison.Ordinal);
        }

        other.Enter().Dispose();
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static string ReadError(byte[] content, string name, ImportLimits? limits = null)
    {
        var error = Assert.Throws<ImportFileException>(() => FeatureReaders.Read(ImportFile.FromStream(new MemoryStream(content), name), limits ?? new ImportLimits(), CancellationToken.None));
        Assert.False(error.Busy);
        return error.Message;
    }

    private static string Ring(int vertices)
    {
        var points = Enumerable.Range(0, vertices).Select(i =>
        {
            var angle = 2 * Math.PI * i / vertices;
            return string.Create(CultureInfo.InvariantCulture, $"[{105.9 + (0.01 * Math.Cos(angle)):F7},{9.55 + (0.01 * Math.Sin(angle)):F7}]");
        }).ToList();
        points.Add(points[0]);
        return "[[" + string.Join(',', points) + "]]";
    }

    private static string Feature(string code, string coordinates) =>
        $$$"""{"type":"Feature","properties":{"code":"{{{code}}}","name":"Xã {{{code}}}"},"geometry":{"type":"Polygon","coordinates":{{{coordinates}}}}}""";

    private static byte[] GeoJson(params string[] features) =>
        Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', features) + "]}");

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private (byte[] Shp, byte[] Dbf, byte[] Prj) Parts()
    {
        var shp = Shapefile(out var dbf, out var prj);
        return (shp, dbf, prj);
    }

    /// <summary>A real one-polygon Shapefile written by NetTopologySuite, as bytes to tamper with.</summary>
    private byte[] Shapefile(out byte[] dbf, out byte[] prj)
    {
        var folder = _directory.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName;
        var path = Path.Combine(folder, "xa.shp");
        var square = Factory.CreatePolygon([new(105.9, 9.55), new(105.95, 9.55), new(105.95, 9.6), new(105.9, 9.6), new(105.9, 9.55)]);
        var wkt = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
        NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures([new Feature(square, new AttributesTable { { "code", "94101" }, { "name", "Phường Tân An" } })], path, wkt, Encoding.UTF8);
        dbf = File.ReadAllBytes(Path.ChangeExtension(path, ".dbf"));
        prj = File.ReadAllBytes(Path.ChangeExtension(path, ".prj"));
        return File.ReadAllBytes(path);
    }
}
