using System.Globalization;
using System.Text;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ExportAdminUnits;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Mekong.ImportTests;

public sealed class SqliteAdminUnitImportTests(SqliteTestDatabase database) : AdminUnitImportTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresAdminUnitImportTests(PostgresTestDatabase database) : AdminUnitImportTests(database), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// Boundary files the tests write themselves, imported through the engine into a real database and read back the way
/// the API reads them. Each test uses its own jurisdiction and codes, so the cases share one database per class.
/// </summary>
public abstract class AdminUnitImportTests(TestDatabase database) : IDisposable
{
    private static readonly DateOnly Before = new(2020, 1, 1);
    private static readonly DateOnly Reorganisation = new(2025, 7, 1);
    private readonly BoundaryFiles _files = new();

    // Three communes side by side in the Mekong delta (Sóc Trăng), inside their province's square.
    private static TestUnit[] Communes(string j) =>
    [
        new($"{j}01", "Phường Tân An", BoundaryFiles.Square(105.90, 9.55, 0.05), Population: 12_345, Households: 3_100),
        new($"{j}02", "Xã Hòa Tú", BoundaryFiles.Square(105.95, 9.55, 0.05), Population: 8_200),
        new($"{j}03", "Xã Mỹ Xuyên Đông", BoundaryFiles.Square(106.00, 9.55, 0.05)),
    ];

    [Fact]
    public async Task GeoJson_in_wgs84_is_imported_and_importing_it_again_changes_nothing()
    {
        const string j = "GJ";
        await CreateJurisdictionAsync(j);
        var path = _files.GeoJson("communes.geojson", Communes(j));

        var first = await ImportAsync(path, j);
        var again = await ImportAsync(path, j);

        Assert.True(first.Succeeded, Describe(first));
        Assert.Equal((3, 0, 0, 0), (first.Created, first.Updated, first.Ended, first.Unchanged));
        Assert.Equal((0, 0, 0, 3), (again.Created, again.Updated, again.Ended, again.Unchanged));
        await using var db = database.CreateContext();
        var units = await db.AdminUnits.AsNoTracking().Where(u => u.JurisdictionCode == j && u.Level == AdminLevel.Commune).OrderBy(u => u.Code).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["Phường Tân An", "Xã Hòa Tú", "Xã Mỹ Xuyên Đông"], units.Select(u => u.NameVi));
        Assert.Equal([UnitKind.Ward, UnitKind.Commune, UnitKind.Commune], units.Select(u => u.Kind));
        Assert.All(units, u => Assert.Equal($"P{j}", u.ParentCode));
        Assert.Equal(12_345, units[0].Population);
        Assert.Equal(3_100, units[0].Households);
    }

    [Theory]
    [InlineData("windows-1258", "1258")]
    [InlineData("windows-1258", "CP1258")]
    [InlineData("utf-8", "UTF-8")]
    public async Task A_zipped_shapefile_in_a_vn2000_tm3_zone_lands_where_the_wgs84_polygons_are(string encodingName, string cpg)
    {
        var j = "SZ" + cpg.Length + encodingName.Length;
        await CreateJurisdictionAsync(j);
        var encoding = encodingName == "utf-8" ? new UTF8Encoding(false) : Encoding.GetEncoding(1258);
        var zip = _files.Zip(_files.Shapefile("xa-phuong-" + j, Communes(j), centralMeridian: 105.75, encoding, cpg));

        var report = await ImportAsync(zip, j);

        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal(3, report.Created);
        Assert.Contains("central meridian 105.75", report.Crs, StringComparison.Ordinal);
        await AssertStoredLikeAsync(j, Communes(j));
    }

    [Fact]
    public async Task A_shapefile_on_disk_is_read_with_its_companion_files()
    {
        const string j = "SD";
        await CreateJurisdictionAsync(j);
        var shp = _files.Shapefile("communes", Communes(j), centralMeridian: 105.75, new UTF8Encoding(false), "UTF-8");

        var report = await ImportAsync(shp, j);

        Assert.True(report.Succeeded, Describe(report));
        await AssertStoredLikeAsync(j, Communes(j));
    }

    [Fact]
    public async Task GeoJson_with_an_old_style_crs_member_is_transformed_from_vn2000()
    {
        const string j = "GC";
        await CreateJurisdictionAsync(j);
        var toTm = BoundaryFiles.Vn2000Tm(105.75);
        var path = _files.GeoJson("tm3.geojson", Communes(j), "urn:ogc:def:crs:EPSG::9210", g => BoundaryFiles.Project(g, toTm));

        var report = await ImportAsync(path, j);

        Assert.True(report.Succeeded, Describe(report));
        Assert.Contains("EPSG:9210", report.Crs, StringComparison.Ordinal);
        await AssertStoredLikeAsync(j, Communes(j));
    }

    [Fact]
    public async Task Csv_with_wkt_is_imported_and_the_csv_export_imports_again_unchanged()
    {
        const string j = "CV";
        await CreateJurisdictionAsync(j);
        var report = await ImportAsync(_files.Csv("communes.csv", Communes(j)), j);
        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal(3, report.Created);

        var csv = await ExportCsvAsync(j, "2025-08-01");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Take(3));
        var text = Encoding.UTF8.GetString(csv.AsSpan(3));
        Assert.StartsWith("code,name,name_en,parent,population,households,", text, StringComparison.Ordinal);
        Assert.Contains("Phường Tân An", text, StringComparison.Ordinal);
        Assert.Contains("\"MULTIPOLYGON (((", text, StringComparison.Ordinal);

        var again = await ImportAsync(_files.Write("export.csv", csv), j);
        Assert.True(again.Succeeded, Describe(again));
        Assert.Equal((0, 0, 0, 3), (again.Created, again.Updated, again.Ended, again.Unchanged));
    }

    [Fact]
    public async Task Merging_three_communes_on_1_July_2025_keeps_the_old_ones_for_earlier_dates()
    {
        const string j = "MG";
        await CreateJurisdictionAsync(j);
        await ImportAsync(_files.GeoJson("before.geojson", Communes(j)), j, Before);
        var merged = new TestUnit($"{j}10", "Phường Sóc Trăng", BoundaryFiles.Square(105.90, 9.55, 0.05).Union(BoundaryFiles.Square(105.95, 9.55, 0.05)).Union(BoundaryFiles.Square(106.00, 9.55, 0.05)));

        var report = await ImportAsync(_files.GeoJson("after.geojson", [merged]), j, Reorganisation);

        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal((1, 0, 3, 0), (report.Created, report.Updated, report.Ended, report.Unchanged));
        var point = Geo.Point(105.97, 9.57);
        Assert.Equal($"{j}02", await CommuneAtAsync(j, point, new DateOnly(2024, 5, 1)));
        Assert.Equal($"{j}02", await CommuneAtAsync(j, point, new DateOnly(2025, 6, 30)));
        Assert.Equal($"{j}10", await CommuneAtAsync(j, point, Reorganisation));
        Assert.Equal($"{j}10", await CommuneAtAsync(j, point, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public async Task Units_the_import_writes_in_bulk_are_in_the_spatial_index_and_found_by_locate()
    {
        const string j = "BX";
        await CreateJurisdictionAsync(j);

        var report = await ImportAsync(_files.GeoJson("communes.geojson", Communes(j)), j, Before);

        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal($"{j}01", await CommuneAtAsync(j, Geo.Point(105.92, 9.57), Before));
        Assert.Equal($"{j}02", await CommuneAtAsync(j, Geo.Point(105.97, 9.57), Before));
        Assert.Equal($"{j}03", await CommuneAtAsync(j, Geo.Point(106.02, 9.57), Before));
        await using var db = database.CreateContext();
        if (db.IsSqlite)
        {
            // Every row has its R*Tree entry, with a box (stored as 32-bit floats, rounded outwards) around the unit's.
            var index = AdminUnitsDbContext.UnitsIndex;
            var units = await db.AdminUnits.CountAsync(TestContext.Current.CancellationToken);
            var countIndexed = $"SELECT count(*) AS \"Value\" FROM \"{index.IndexTable}\"";
            var countUnindexed = $"""
                SELECT count(*) AS "Value" FROM "{index.Table}" AS u WHERE NOT EXISTS (SELECT 1 FROM "{index.IndexTable}" AS r
                WHERE r.id = u."Id" AND r.min_x <= u."MinLon" AND r.max_x >= u."MaxLon" AND r.min_y <= u."MinLat" AND r.max_y >= u."MaxLat")
                """;
            var indexed = await db.Database.SqlQueryRaw<int>(countIndexed).SingleAsync(TestContext.Current.CancellationToken);
            var unindexed = await db.Database.SqlQueryRaw<int>(countUnindexed).SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal((units, 0), (indexed, unindexed));
        }
    }

    [Fact]
    public async Task A_changed_boundary_gets_a_new_version_and_a_correction_on_the_same_day_replaces_it_in_place()
    {
        const string j = "RV";
        await CreateJurisdictionAsync(j);
        await ImportAsync(_files.GeoJson("v1.geojson", Communes(j)), j, Before);
        var moved = Communes(j).Select(u => u.Code == $"{j}01" ? u with { Population = 13_000 } : u).ToArray();
        var corrected = moved.Select(u => u.Code == $"{j}01" ? u with { Name = "Phường Tân An Mới" } : u).ToArray();

        var update = await ImportAsync(_files.GeoJson("v2.geojson", moved), j, Reorganisation);
        var correction = await ImportAsync(_files.GeoJson("v3.geojson", corrected), j, Reorganisation);

        Assert.Equal((0, 1, 0, 2), (update.Created, update.Updated, update.Ended, update.Unchanged));
        Assert.Equal((0, 1, 0, 2), (correction.Created, correction.Updated, correction.Ended, correction.Unchanged));
        await using var db = database.CreateContext();
        var versions = await db.AdminUnits.AsNoTracking().Where(u => u.Code == $"{j}01").OrderBy(u => u.ValidFrom).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, versions.Count);
        Assert.Equal((Before, (DateOnly?)Reorganisation, 12_345), (versions[0].ValidFrom, versions[0].ValidTo, versions[0].Population!.Value));
        Assert.Equal((Reorganisation, (DateOnly?)null, "Phường Tân An Mới"), (versions[1].ValidFrom, versions[1].ValidTo, versions[1].NameVi));
    }

    [Fact]
    public async Task A_corrupt_file_is_refused_and_nothing_is_written()
    {
        const string j = "CR";
        await CreateJurisdictionAsync(j);
        var path = _files.Write("broken.zip", Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip"));

        var report = await ImportAsync(path, j);

        Assert.False(report.Succeeded);
        Assert.Contains("broken.zip", report.FileError, StringComparison.Ordinal);
        await AssertNoCommunesAsync(j);
    }

    [Fact]
    public async Task A_shapefile_without_prj_needs_source_crs()
    {
        const string j = "NP";
        await CreateJurisdictionAsync(j);
        var zip = _files.Zip(_files.Shapefile("no-prj", Communes(j), 105.75, new UTF8Encoding(false), "UTF-8", withPrj: false));

        var refused = await ImportAsync(zip, j);
        Assert.Contains("no .prj", refused.FileError, StringComparison.Ordinal);
        Assert.Contains("--source-crs", refused.FileError, StringComparison.Ordinal);
        await AssertNoCommunesAsync(j);

        var accepted = await ImportAsync(zip, j, configure: o => o with { SourceCrs = "EPSG:9210" });
        Assert.True(accepted.Succeeded, Describe(accepted));
        await AssertStoredLikeAsync(j, Communes(j));
    }

    [Fact]
    public async Task A_duplicate_code_rejects_both_features_and_nothing_is_written()
    {
        const string j = "DU";
        await CreateJurisdictionAsync(j);
        var units = Communes(j);
        units[2] = units[2] with { Code = units[1].Code };

        var report = await ImportAsync(_files.GeoJson("dup.geojson", units), j);

        Assert.False(report.Applied);
        Assert.Equal(2, report.Rejected);
        Assert.Contains(report.Rejections, r => r.Message.Contains($"code {j}02 appears 2 times in the file (features 2, 3)", StringComparison.Ordinal));
        await AssertNoCommunesAsync(j);
    }

    [Fact]
    public async Task The_report_speaks_the_language_of_the_screen_that_asked_for_it()
    {
        const string j = "VI";
        await CreateJurisdictionAsync(j);
        var units = Communes(j);
        units[2] = units[2] with { Code = units[1].Code };
        var path = _files.GeoJson("dup.geojson", units);

        var before = CultureInfo.CurrentUICulture;
        ImportReport vi;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
            vi = await ImportAsync(path, j);
            Assert.Contains(vi.Rejections, r => r.Message.Contains($"mã {j}02 xuất hiện 2 lần trong tệp (đối tượng 2, 3)", StringComparison.Ordinal));
            Assert.Contains(vi.Rejections, r => r.ToString().StartsWith($"đối tượng 3 ({j}02): mã", StringComparison.Ordinal));
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            vi.WriteTo(text);
            Assert.Contains("Không có gì được ghi: hãy sửa các đối tượng bị từ chối", text.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        var en = await ImportAsync(path, j);
        Assert.Contains(en.Rejections, r => r.ToString().StartsWith($"feature 3 ({j}02): code {j}02 appears 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_overlap_is_reported_with_its_area_and_place_and_nothing_is_written()
    {
        const string j = "OV";
        await CreateJurisdictionAsync(j);
        var units = Communes(j);
        units[1] = units[1] with { Geometry = BoundaryFiles.Square(105.94, 9.55, 0.05) }; // 0.01° into the first

        var report = await ImportAsync(_files.GeoJson("overlap.geojson", units), j);

        Assert.False(report.Applied);
        var overlap = Assert.Single(report.Rejections, r => r.Code == $"{j}01");
        // 0.01° × 0.05° at 9.6° N ≈ 1 097 m × 5 566 m ≈ 610 ha.
        Assert.Matches(@$"overlaps {j}02 by 6\d\d(\.\d)? ha around 9\.5\d+, 105\.9\d+ \(lat, lon\)", overlap.Message);
        await AssertNoCommunesAsync(j);

        var dryRun = await ImportAsync(_files.GeoJson("overlap.geojson", units), j, configure: o => o with { DryRun = true, SkipInvalid = true });
        Assert.False(dryRun.Applied);
        Assert.Equal(1, dryRun.Created);
        await AssertNoCommunesAsync(j);
    }

    [Fact]
    public async Task Gaps_and_repaired_geometries_are_warnings_and_skip_invalid_imports_the_rest()
    {
        const string j = "GP";
        await CreateJurisdictionAsync(j);
        var bowtie = new Polygon(new LinearRing([new(106.00, 9.55), new(106.05, 9.60), new(106.05, 9.55), new(106.00, 9.60), new(106.00, 9.55)]), Geo.Factory);
        TestUnit[] units =
        [
            Communes(j)[0],
            Communes(j)[2] with { Geometry = bowtie },
            new($"{j}04", "Xã Ngoài Tỉnh", BoundaryFiles.Square(106.5, 9.55, 0.05)),
            new($"{j}05", "", BoundaryFiles.Square(105.90, 9.62, 0.02)),
        ];

        var report = await ImportAsync(_files.GeoJson("gaps.geojson", units), j, configure: o => o with { SkipInvalid = true });

        Assert.True(report.Applied, Describe(report));
        Assert.Equal(2, report.Created);
        Assert.Equal(2, report.Rejected);
        Assert.Contains(report.Rejections, r => r.Code == $"{j}04" && r.Message.Contains($"outside its parent P{j}", StringComparison.Ordinal));
        Assert.Contains(report.Rejections, r => r.Code == $"{j}05" && r.Message.Contains("has no name", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Code == $"{j}03" && w.Message.StartsWith("geometry repaired (Self-intersection", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Message.StartsWith($"gap of P{j}: ", StringComparison.Ordinal) && w.Message.Contains("ha covered by no unit, around", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task CreateJurisdictionAsync(string code)
    {
        await using var db = database.CreateContext();
        db.Jurisdictions.Add(Jurisdiction.Create(code, $"Tỉnh Thử {code}", null, isSynthetic: false, TimeProvider.System));
        db.AdminUnits.Add(AdminUnit.Create(code, $"P{code}", AdminLevel.Province, UnitKind.Province, $"Tỉnh Thử {code}", null, null,
            BoundaryFiles.Square(105.85, 9.50, 0.25), null, null, Before));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private async Task<ImportReport> ImportAsync(string path, string jurisdiction, DateOnly? validFrom = null, Func<ImportOptions, ImportOptions>? configure = null)
    {
        var options = new ImportOptions(jurisdiction, AdminLevel.Commune, validFrom ?? Reorganisation);
        options = configure?.Invoke(options) ?? options;
        await using var db = database.CreateContext();
        var importer = new AdminUnitImporter(db, Options.Create(new ImportLimits()), new ImportGate(Path.Combine(_files.Directory, "locks"), 1));
        return await importer.ImportAsync(ImportFile.FromPath(path), options, null, TestContext.Current.CancellationToken);
    }

    private async Task<byte[]> ExportCsvAsync(string jurisdiction, string at)
    {
        await using var db = database.CreateContext();
        var result = await ExportAdminUnitsCsv.Handle("commune", QueryDate.TryParse(at, null, out var date) ? date : null, jurisdiction, bbox: null, db, TimeProvider.System, TestContext.Current.CancellationToken);
        return Assert.IsType<FileContentHttpResult>(result.Result).FileContents.ToArray();
    }

    private async Task<string?> CommuneAtAsync(string jurisdiction, Point point, DateOnly date)
    {
        await using var db = database.CreateContext();
        var units = await db.CoveringAsync(point, date, TestContext.Current.CancellationToken);
        return units.FirstOrDefault(u => u.JurisdictionCode == jurisdiction && u.Level == AdminLevel.Commune)?.Code;
    }

    private async Task AssertNoCommunesAsync(string jurisdiction)
    {
        await using var db = database.CreateContext();
        Assert.False(await db.AdminUnits.AnyAsync(u => u.JurisdictionCode == jurisdiction && u.Level == AdminLevel.Commune, TestContext.Current.CancellationToken));
    }

    /// <summary>Names with their diacritics (NFC) and corners within 0.5 m of the WGS 84 originals.</summary>
    private async Task AssertStoredLikeAsync(string jurisdiction, IEnumerable<TestUnit> expected)
    {
        await using var db = database.CreateContext();
        var stored = await db.AdminUnits.AsNoTracking().Where(u => u.JurisdictionCode == jurisdiction && u.Level == AdminLevel.Commune)
            .ToDictionaryAsync(u => u.Code, TestContext.Current.CancellationToken);
        foreach (var unit in expected)
        {
            var actual = stored[unit.Code];
            Assert.Equal(unit.Name, actual.NameVi);
            Assert.True(actual.NameVi.IsNormalized(NormalizationForm.FormC));
            var (perLon, perLat) = Geo.MetresPerDegree(9.6);
            foreach (var corner in unit.Geometry.Coordinates)
            {
                var nearest = actual.Geometry.Coordinates.Min(c => Math.Sqrt(Math.Pow((c.X - corner.X) * perLon, 2) + Math.Pow((c.Y - corner.Y) * perLat, 2)));
                Assert.True(nearest < 0.5, string.Create(CultureInfo.InvariantCulture, $"{unit.Code}: corner {corner} is {nearest:F3} m from the stored boundary"));
            }
        }
    }

    private static string Describe(ImportReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        report.WriteTo(writer);
        return writer.ToString();
    }
}
