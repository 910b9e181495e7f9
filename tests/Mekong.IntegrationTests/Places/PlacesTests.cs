using System.Net;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Places.Demo;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Features.ImportPlacesCsv;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Places;

/// <summary>
/// The places module on the demo server: the demo's OSM import, search, reverse geocoding, and an import that
/// replaces the network (then the demo's is imported again, so the other tests of the class see it either way;
/// tests of one class run one at a time).
/// </summary>
public abstract partial class PlacesTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Anonymous => app.Factory.CreateClient();

    private static List<JsonElement> Items(JsonElement body) => [.. body.GetProperty("items").EnumerateArray()];

    private static List<string> Names(JsonElement body) => [.. Items(body).Select(i => i.GetProperty("nameVi").GetString()!)];

    [Fact]
    public async Task The_demo_imported_its_osm_file_roads_rivers_restrictions_and_places()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();

        var network = await db.Networks.SingleAsync(n => n.JurisdictionCode == Demo.Jurisdiction, Ct);
        var roads = await db.Roads.Where(r => r.JurisdictionCode == Demo.Jurisdiction).ToListAsync(Ct);

        Assert.Equal("demo-province.osm", network.Source);
        Assert.True(roads.Count > 300, $"{roads.Count} roads");
        Assert.Contains(roads, r => r.Highway == "primary" && r.Name == "Quốc lộ 1A" && r.MaxSpeedKmh == 80);
        Assert.Contains(roads, r => r.IsBridge);
        var ferry = Assert.Single(roads, r => r.IsFerry);
        Assert.Equal(15 * 60, ferry.DurationSeconds);
        Assert.Contains(roads, r => r.Oneway == 1 && r.Name == "Đường Vòng Xoay");
        Assert.Equal(PackedCoordinates.UnpackIds(roads[0].NodeIds).Length, PackedCoordinates.Unpack(roads[0].Coordinates).Length);
        Assert.Equal(1, await db.TurnRestrictions.CountAsync(t => t.JurisdictionCode == Demo.Jurisdiction, Ct));
        Assert.True(await db.MapFeatures.AnyAsync(f => f.Layer == MapLayerKind.Waterway && f.Name == "Sông Phù Sa", Ct));
        Assert.True(await db.MapFeatures.CountAsync(f => f.Layer == MapLayerKind.Place, Ct) > 50);
        var townhalls = await db.Places.Where(p => p.JurisdictionCode == Demo.Jurisdiction && p.Category == "government").ToListAsync(Ct);
        Assert.True(townhalls.Count > 50, $"{townhalls.Count} government offices");
        Assert.All(townhalls, p => Assert.NotNull(p.CommuneCode));
    }

    [Fact]
    public async Task Search_ignores_tones_and_case_and_ranks_the_right_tones_first()
    {
        var folded = await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vien");
        var toned = await Anonymous.GetJsonAsync("/api/v1/places?q=" + Uri.EscapeDataString("BỆNH VIỆN"));

        Assert.Contains("Bệnh viện Đa khoa tỉnh Phù Sa", Names(folded));
        Assert.All(Names(folded), n => Assert.StartsWith("Bệnh viện", n));
        Assert.Equal(Names(folded).Order(), Names(toned).Order());

        // "Dơi" (bat) and "Đồi"/"Dội" fold alike; the tones as typed rank "Chùa Dơi" first.
        var pagoda = await Anonymous.GetJsonAsync("/api/v1/places?q=" + Uri.EscapeDataString("chùa dơi"));
        Assert.Equal("Chùa Dơi", Names(pagoda)[0]);
        Assert.True(Items(pagoda)[0].GetProperty("score").GetDouble() > (await Anonymous.GetJsonAsync("/api/v1/places?q=chua%20doi")).GetProperty("items")[0].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Search_completes_prefixes_and_tolerates_typos()
    {
        var prefix = await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vi");
        var typo = await Anonymous.GetJsonAsync("/api/v1/places?q=bnh%20vien%20da%20khao");

        Assert.Contains("Bệnh viện Đa khoa tỉnh Phù Sa", Names(prefix));
        Assert.Equal("Bệnh viện Đa khoa tỉnh Phù Sa", Names(typo)[0]);
    }

    [Fact]
    public async Task Search_filters_by_category_and_ranks_by_distance_within_a_radius()
    {
        var all = await Anonymous.GetJsonAsync("/api/v1/places?category=hotel&limit=500");
        var hotel = Items(all).First(i => i.GetProperty("nameVi").GetString() == "Khách sạn Phù Sa");
        var (lat, lon) = (hotel.GetProperty("latitude").GetDouble(), hotel.GetProperty("longitude").GetDouble());

        var near = await Anonymous.GetJsonAsync($"/api/v1/places?category=pharmacy&near={lat},{lon}&radius=20000&limit=5");

        Assert.All(Items(all), i => Assert.Equal("hotel", i.GetProperty("category").GetString()));
        var distances = Items(near).Select(i => i.GetProperty("distanceMetres").GetDouble()).ToList();
        Assert.NotEmpty(distances);
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.True(d <= 20000));
        Assert.True(near.GetProperty("total").GetInt32() >= distances.Count);
    }

    [Fact]
    public async Task An_old_commune_name_finds_the_places_of_the_commune_that_replaced_it()
    {
        var former = await Anonymous.GetJsonAsync("/api/v1/admin-units?level=commune&at=2025-06-30&limit=500");
        var current = await Anonymous.GetJsonAsync("/api/v1/admin-units?level=commune&limit=500");
        var currentNames = current.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("nameVi").GetString()).ToHashSet();
        var old = former.GetProperty("items").EnumerateArray().First(u => !currentNames.Contains(u.GetProperty("nameVi").GetString()));
        var oldName = old.GetProperty("nameVi").GetString()!;

        var byOldName = await Anonymous.GetJsonAsync("/api/v1/places?category=government&commune=" + Uri.EscapeDataString(oldName));

        var office = Assert.Single(Items(byOldName));
        var communeCode = office.GetProperty("communeCode").GetString()!;
        var byCode = await Anonymous.GetJsonAsync("/api/v1/places?category=government&commune=" + communeCode);
        Assert.Equal(office.GetProperty("id").GetGuid(), Assert.Single(Items(byCode)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Reverse_geocoding_gives_the_commune_and_the_nearest_named_street()
    {
        var hospital = Items(await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vien%20da%20khoa"))[0];
        var (lat, lon) = (hospital.GetProperty("latitude").GetDouble(), hospital.GetProperty("longitude").GetDouble());

        var reverse = await Anonymous.GetJsonAsync($"/api/v1/places/reverse?lat={lat}&lon={lon}");

        Assert.Equal(hospital.GetProperty("communeCode").GetString(), reverse.GetProperty("commune").GetProperty("code").GetString());
        var street = reverse.GetProperty("street");
        Assert.StartsWith("Đường", street.GetProperty("name").GetString()!.Replace("Quốc lộ", "Đường", StringComparison.Ordinal));
        Assert.True(street.GetProperty("distanceMetres").GetDouble() < 2000);
    }

    [Fact]
    public async Task A_place_shows_its_contact_hours_and_procedures_and_pages_follow()
    {
        var office = Items(await Anonymous.GetJsonAsync("/api/v1/places?q=" + Uri.EscapeDataString("trung tâm phục vụ hành chính công")))[0];

        var place = await Anonymous.GetJsonAsync($"/api/v1/places/{office.GetProperty("id").GetGuid()}?lang=en");
        var page1 = await Anonymous.GetJsonAsync("/api/v1/places?category=school&limit=3");
        var page2 = await Anonymous.GetJsonAsync(page1.GetProperty("next").GetString()!);

        Assert.Equal("Government offices", place.GetProperty("categoryName").GetString());
        Assert.Contains("Đăng ký kinh doanh", place.GetProperty("procedures").EnumerateArray().Select(p => p.GetString()));
        Assert.StartsWith("Mo-Fr", place.GetProperty("openingHours").GetString());
        Assert.Empty(Names(page1).Intersect(Names(page2)));
        Assert.Equal(3, Items(page2).Count);
    }

    [Theory]
    [InlineData("/api/v1/places?category=zoo", "category")]
    [InlineData("/api/v1/places?near=91,0", "near")]
    [InlineData("/api/v1/places?radius=100", "radius")]
    [InlineData("/api/v1/places?commune=Nowhere%20At%20All", "commune")]
    [InlineData("/api/v1/places?jurisdiction=77", "jurisdiction")]
    [InlineData("/api/v1/places/reverse?lat=x&lon=1", "lat")]
    public async Task Bad_parameters_are_a_problem_naming_them(string url, string field)
    {
        var problem = await Http.ProblemAsync(await Anonymous.GetAsync(url, Ct), HttpStatusCode.BadRequest);

        Assert.Contains(field, Http.ErrorFields(problem));
    }

    [Fact]
    public async Task An_import_replaces_the_network_and_a_bad_file_changes_nothing()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<OsmImporter>();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
        var before = await db.Roads.CountAsync(r => r.JurisdictionCode == Demo.Jurisdiction, Ct);
        try
        {
            var truncated = Encoding.UTF8.GetBytes(SmallOsm)[..^40];
            var refused = await importer.ImportAsync(new MemoryStream(truncated), "broken.osm", Demo.Jurisdiction, null, Ct);
            Assert.False(refused.Succeeded);
            Assert.StartsWith("OSM XML line ", refused.Error);
            Assert.Equal(before, await db.Roads.CountAsync(r => r.JurisdictionCode == Demo.Jurisdiction, Ct));

            // The CLI verb, as an operator runs it, on the same database.
            var file = Path.Combine(Path.GetTempPath(), $"mekong-places-{Guid.NewGuid():N}.osm");
            await File.WriteAllTextAsync(file, SmallOsm, Ct);
            try
            {
                var result = await ServerCli.RunAsync(app.Factory.Storage, null, "import", "osm", file, "--jurisdiction", Demo.Jurisdiction);
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains("roads     2 (1 ferries, 1 bridges), 1 turn restrictions", result.Output);
            }
            finally
            {
                File.Delete(file);
            }

            var roads = await db.Roads.AsNoTracking().Where(r => r.JurisdictionCode == Demo.Jurisdiction).ToListAsync(Ct);
            Assert.Equal(2, roads.Count);
            var found = await Anonymous.GetJsonAsync("/api/v1/places?q=nha%20thuoc%20song%20hau");
            Assert.Equal("Nhà thuốc Sông Hậu", Assert.Single(Names(found)));
        }
        finally
        {
            var demo = await DemoOsmWriter.WriteAsync(new DemoContext(DemoContext.DefaultSeed, Demo.Jurisdiction, TimeProvider.System), scope.ServiceProvider.GetRequiredService<Mekong.Modules.AdminUnits.Contracts.IAdminUnitDirectory>(), Ct);
            var restored = await importer.ImportAsync(new MemoryStream(demo.Xml), "demo-province.osm", Demo.Jurisdiction, null, Ct);
            Assert.True(restored.Succeeded, restored.Error);
        }

        Assert.Equal(before, await db.Roads.CountAsync(r => r.JurisdictionCode == Demo.Jurisdiction, Ct));
    }

    [Fact]
    public async Task A_csv_adds_places_all_or_nothing_and_a_dry_run_writes_nothing()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<PlacesCsvImporter>();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var good = $"category,name_vi,name_en,lat,lon,phone,opening_hours,procedures\ngovernment,\"Bộ phận Một cửa {unique}\",One-stop desk,9.601,105.951,0299 111,Mo-Fr 07:00-17:00,\"Cấp hộ chiếu;Đăng ký thường trú\"\n";
        var bad = good + "zoo,,x,91,abc\n";

        var refused = await importer.ImportAsync(new StringReader(bad), Demo.Jurisdiction, dryRun: false, Ct);
        var dry = await importer.ImportAsync(new StringReader(good), Demo.Jurisdiction, dryRun: true, Ct);
        var none = await Anonymous.GetJsonAsync($"/api/v1/places?q=mot%20cua%20{unique}");
        var imported = await importer.ImportAsync(new StringReader(good), Demo.Jurisdiction, dryRun: false, Ct);
        var found = await Anonymous.GetJsonAsync($"/api/v1/places?q=mot%20cua%20{unique}");

        Assert.Contains("row 3: category: category must be one of", string.Join("\n", refused.Problems));
        Assert.Contains(refused.Problems, p => p.StartsWith("row 3: nameVi:", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("row 3: location:", StringComparison.Ordinal));
        Assert.True(dry.Succeeded && dry.DryRun);
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.Equal(1, imported.Added);
        var place = Assert.Single(Items(found));
        Assert.NotNull(place.GetProperty("communeCode").GetString());
        var details = await Anonymous.GetJsonAsync($"/api/v1/places/{place.GetProperty("id").GetGuid()}");
        Assert.Equal(["Cấp hộ chiếu", "Đăng ký thường trú"], details.GetProperty("procedures").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("csv", details.GetProperty("source").GetString());
    }

    private const string SmallOsm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6">
          <node id="1" lat="9.60" lon="105.95"/>
          <node id="2" lat="9.61" lon="105.95"/>
          <node id="3" lat="9.62" lon="105.96"/>
          <node id="4" lat="9.605" lon="105.951"><tag k="amenity" v="pharmacy"/><tag k="name" v="Nhà thuốc Sông Hậu"/></node>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="tertiary"/><tag k="name" v="Đường Hậu Giang"/><tag k="bridge" v="yes"/></way>
          <way id="11"><nd ref="2"/><nd ref="3"/><tag k="route" v="ferry"/><tag k="duration" v="PT20M"/></way>
          <relation id="5"><member type="way" ref="10" role="from"/><member type="node" ref="2" role="via"/><member type="way" ref="11" role="to"/>
            <tag k="type" v="restriction"/><tag k="restriction" v="no_u_turn"/></relation>
        </osm>
        """;
}

public sealed class PlacesTests_Sqlite(SqliteApp app) : PlacesTests(app), IClassFixture<SqliteApp>;

public sealed class PlacesTests_PostgreSql(PostgreSqlApp app) : PlacesTests(app), IClassFixture<PostgreSqlApp>;
