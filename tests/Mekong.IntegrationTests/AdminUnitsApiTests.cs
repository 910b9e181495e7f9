using System.Net;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Mekong.IntegrationTests;

/// <summary>Jurisdictions and administrative units through the public API, on the seeded demo province.</summary>
public abstract class AdminUnitsApiTests(AppFixture app)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    private HttpClient Client => app.Factory.CreateClient();

    [Fact]
    public async Task Jurisdictions_list_the_demo_province()
    {
        var body = await Client.GetJsonAsync("/api/v1/jurisdictions");

        var codes = body.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("code").GetString()).ToList();
        Assert.Contains(Demo.Jurisdiction, codes);
        Assert.Equal(codes.Count, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Communes_come_in_pages_of_50_with_a_next_link()
    {
        var body = await Client.GetJsonAsync("/api/v1/admin-units?level=commune");

        Assert.Equal(50, body.GetProperty("items").GetArrayLength());
        Assert.InRange(body.GetProperty("total").GetInt32(), 95, 110);
        Assert.Equal(JsonValueKind.String, body.GetProperty("next").ValueKind);
        Assert.All(body.GetProperty("items").EnumerateArray(), u => Assert.Equal("commune", u.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Following_next_visits_every_commune_exactly_once()
    {
        var client = Client;
        var seen = new List<string>();
        string? url = "/api/v1/admin-units?level=commune&limit=17";
        var total = -1;
        var pages = 0;
        while (url is not null)
        {
            var body = await client.GetJsonAsync(url);
            total = body.GetProperty("total").GetInt32();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()!));
            url = body.GetProperty("next").GetString();
            Assert.True(++pages < 50, "paging does not end");
        }

        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal((total + 16) / 17, pages);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    [InlineData("limit=501")]
    public async Task A_bad_limit_is_a_validation_problem(string query)
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync($"/api/v1/admin-units?{query}", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Equal("/problems/validation", problem.GetProperty("type").GetString());
        Assert.Contains("limit", Http.ErrorFields(problem));
    }

    [Fact]
    public async Task Several_bad_parameters_are_all_listed()
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync("/api/v1/admin-units?level=xyz&at=yesterday&bbox=1,2", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Equal(["at", "bbox", "level"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/admin-units?bbox=0,0,0,0")]
    [InlineData("/api/v1/admin-units.geojson?bbox=0,0,0,0")]
    [InlineData("/api/v1/admin-units.csv?bbox=0,0,0,0")]
    [InlineData("/api/v1/admin-units?bbox=105.9,9.6,105.9,9.7")]
    [InlineData("/api/v1/admin-units.geojson?bbox=105.9,9.6,106.0,9.6")]
    public async Task A_box_without_width_or_height_is_a_validation_problem_that_says_so(string url)
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync(url, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Equal("/problems/validation", problem.GetProperty("type").GetString());
        Assert.Equal(["bbox"], Http.ErrorFields(problem));
        Assert.Contains("no area", problem.GetProperty("errors").GetProperty("bbox")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_of_a_thousand_words_is_a_validation_problem_naming_q()
    {
        var q = string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"w{i}"));

        var response = await Client.GetAsync($"/api/v1/admin-units?q={Uri.EscapeDataString(q)}", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["q"], Http.ErrorFields(problem));
        Assert.Contains("10 words", problem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_of_ten_words_still_runs()
    {
        var body = await Client.GetJsonAsync($"/api/v1/admin-units?q={Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("phu", 10)))}");

        Assert.True(body.GetProperty("total").GetInt32() >= 0);
    }

    [Fact]
    public async Task OpenAPI_describes_limit_at_bbox_and_the_coordinates_by_their_types()
    {
        var document = await Client.GetJsonAsync("/openapi/v1.json");

        var list = Parameters(document, "/api/v1/admin-units");
        Assert.Equal("integer", Type(list["limit"]));
        Assert.Equal("1", list["limit"].GetProperty("minimum").ToString());
        Assert.Equal("500", list["limit"].GetProperty("maximum").ToString());
        Assert.Equal("string", Type(list["at"]));
        Assert.Equal("date", list["at"].GetProperty("format").GetString());
        Assert.Equal("string", Type(list["bbox"]));
        Assert.True(list["bbox"].TryGetProperty("pattern", out _), "bbox has a pattern");
        Assert.False(list["bbox"].TryGetProperty("properties", out _), "bbox is not described as an object");
        foreach (var export in new[] { "/api/v1/admin-units.geojson", "/api/v1/admin-units.csv" })
        {
            Assert.Equal("date", Parameters(document, export)["at"].GetProperty("format").GetString());
        }

        var locate = Parameters(document, "/api/v1/admin-units/locate");
        Assert.Equal("number", Type(locate["lat"]));
        Assert.Equal("number", Type(locate["tolerance"]));
        Assert.Equal("date", Parameters(document, "/api/v1/admin-units/{code}")["at"].GetProperty("format").GetString());

        static Dictionary<string, JsonElement> Parameters(JsonElement document, string path) =>
            document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));

        // OpenAPI 3.1 writes a nullable type as ["integer", "null"].
        static string? Type(JsonElement schema) => schema.GetProperty("type") is { ValueKind: JsonValueKind.Array } types
            ? types.EnumerateArray().Select(t => t.GetString()).Single(t => t != "null")
            : schema.GetProperty("type").GetString();
    }

    [Fact]
    public async Task A_forged_cursor_is_a_validation_problem_not_a_500()
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync("/api/v1/admin-units?cursor=%%%", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Contains("cursor", Http.ErrorFields(problem));
    }

    [Theory]
    [InlineData("phu sa")]
    [InlineData("PHÙ SA")]
    [InlineData("  Phù   Sa ")]
    public async Task Search_ignores_case_and_diacritics(string q)
    {
        var client = Client;
        var exact = await SearchAsync(client, "Phù Sa");

        var found = await SearchAsync(client, q);

        // Every word must occur in the folded name ("phu sa" also finds "Phường Thiện Sách"): same hits as the exact spelling.
        Assert.Equal(exact, found);
        Assert.Contains(found, n => n.Contains(Demo.ProvinceName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_for_a_name_that_does_not_exist_finds_nothing()
    {
        var body = await Client.GetJsonAsync("/api/v1/admin-units?q=atlantis");

        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task A_unit_comes_with_its_GeoJSON_geometry()
    {
        var code = await FirstCommuneCodeAsync();

        var unit = await Client.GetJsonAsync($"/api/v1/admin-units/{code}");

        Assert.Equal(code, unit.GetProperty("code").GetString());
        Assert.Equal("MultiPolygon", unit.GetProperty("geometry").GetProperty("type").GetString());
        var geometry = ReadGeometry(unit.GetProperty("geometry"));
        Assert.True(geometry.IsValid);
        Assert.True(geometry.Area > 0);
    }

    [Fact]
    public async Task An_unknown_unit_is_a_404_problem()
    {
        var response = await Client.GetAsync("/api/v1/admin-units/00000", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("/problems/not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Locate_finds_the_commune_around_its_interior_point_today_and_the_historic_one_in_2024()
    {
        var client = Client;
        var code = await FirstCommuneCodeAsync();
        var geometry = ReadGeometry((await client.GetJsonAsync($"/api/v1/admin-units/{code}")).GetProperty("geometry"));
        var point = geometry.InteriorPoint;
        var at = FormattableString.Invariant($"lat={point.Y}&lon={point.X}");

        var today = await client.GetJsonAsync($"/api/v1/admin-units/locate?{at}");
        Assert.Equal(code, today.GetProperty("unit").GetProperty("code").GetString());

        var before = await client.GetJsonAsync($"/api/v1/admin-units/locate?{at}&at=2024-06-01");
        var historic = before.GetProperty("unit");
        Assert.Equal("commune", historic.GetProperty("level").GetString());
        Assert.Equal("2025-07-01", historic.GetProperty("validTo").GetString());
        var ancestors = before.GetProperty("ancestors").EnumerateArray().ToList();
        Assert.Contains(ancestors, a => a.GetProperty("level").GetString() == "district");
        var district = ancestors.First(a => a.GetProperty("level").GetString() == "district");
        Assert.Equal(district.GetProperty("code").GetString(), historic.GetProperty("parentCode").GetString());
    }

    [Fact]
    public async Task Locate_at_sea_is_a_404_problem()
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync("/api/v1/admin-units/locate?lat=9.2&lon=106.6", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);

        Assert.Equal("/problems/not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Locate_with_bad_coordinates_lists_both_fields()
    {
        var problem = await Http.ProblemAsync(await Client.GetAsync("/api/v1/admin-units/locate?lat=abc", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Equal(["lat", "lon"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_GeoJSON_export_has_every_current_commune()
    {
        var client = Client;
        var total = (await client.GetJsonAsync("/api/v1/admin-units?level=commune&limit=1")).GetProperty("total").GetInt32();

        var response = await client.GetAsync("/api/v1/admin-units.geojson?level=commune", TestContext.Current.CancellationToken);
        var collection = await Http.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(total, features.Count);
        Assert.InRange(features.Count, 95, 110);
        Assert.All(features, f => Assert.Equal("commune", f.GetProperty("properties").GetProperty("level").GetString()));
    }

    [Fact]
    public async Task The_GeoJSON_export_before_the_reform_has_the_10_districts()
    {
        var collection = await Client.GetJsonAsync("/api/v1/admin-units.geojson?at=2025-06-30&level=district");

        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(10, features.Count);
        Assert.All(features, f => Assert.Equal("2025-07-01", f.GetProperty("properties").GetProperty("valid_to").GetString()));
    }

    [Theory]
    [InlineData("level=commune")]
    [InlineData("level=district&at=2025-06-30")]
    public async Task A_bbox_keeps_only_the_units_that_meet_the_box(string filter)
    {
        var client = Client;
        var all = Features(await client.GetJsonAsync($"/api/v1/admin-units.geojson?{filter}"));
        var centre = all[0].Geometry.InteriorPoint;
        var box = new Envelope(centre.X - 0.02, centre.X + 0.02, centre.Y - 0.02, centre.Y + 0.02);
        var bbox = FormattableString.Invariant($"{box.MinX},{box.MinY},{box.MaxX},{box.MaxY}");

        var inBox = Features(await client.GetJsonAsync($"/api/v1/admin-units.geojson?{filter}&bbox={bbox}"));

        Assert.NotEmpty(inBox);
        Assert.True(inBox.Count < all.Count, $"{inBox.Count} of {all.Count} units meet a small box");
        var boxPolygon = new GeometryFactory(new PrecisionModel(), 4326).ToGeometry(box);
        Assert.All(inBox, f => Assert.True(f.Geometry.Intersects(boxPolygon), $"{f.Code} does not meet the box"));
        var expected = all.Where(f => f.Geometry.Intersects(boxPolygon)).Select(f => f.Code).ToList();
        Assert.Equal(expected, inBox.Select(f => f.Code).ToList());

        var listed = await client.GetJsonAsync($"/api/v1/admin-units?{filter}&bbox={bbox}&limit=500");
        Assert.Equal(expected, listed.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()!).ToList());
    }

    private async Task<string> FirstCommuneCodeAsync()
    {
        var body = await Client.GetJsonAsync("/api/v1/admin-units?level=commune&limit=1");
        return body.GetProperty("items")[0].GetProperty("code").GetString()!;
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string q)
    {
        var body = await client.GetJsonAsync($"/api/v1/admin-units?q={Uri.EscapeDataString(q)}&limit=500");
        return body.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("nameVi").GetString()!).ToList();
    }

    private static Geometry ReadGeometry(JsonElement geometry) => geometry.Deserialize<Geometry>(GeoJson)!;

    private static List<(string Code, Geometry Geometry)> Features(JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("properties").GetProperty("code").GetString()!, ReadGeometry(f.GetProperty("geometry"))))
            .ToList();
}

public sealed class AdminUnitsApiTests_Sqlite(SqliteApp app) : AdminUnitsApiTests(app), IClassFixture<SqliteApp>;

public sealed class AdminUnitsApiTests_PostgreSql(PostgreSqlApp app) : AdminUnitsApiTests(app), IClassFixture<PostgreSqlApp>;
