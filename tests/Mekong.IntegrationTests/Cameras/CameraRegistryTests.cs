using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Cameras;

/// <summary>The camera registry on the demo server: the demo fleet, writes, credentials that never come back, import and export.</summary>
public abstract class CameraRegistryTests(AppFixture app)
{
    private const string Password = "Pw-never-shown-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_has_39_traffic_and_1027_security_cameras()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.WithApiKey(key);

        var traffic = await client.GetJsonAsync("/api/v1/cameras?type=traffic&limit=5");
        var security = await client.GetJsonAsync("/api/v1/cameras?type=security&limit=5");
        var offline = await client.GetJsonAsync("/api/v1/cameras?status=offline&limit=500");

        // The class's other tests register cameras of their own on this shared server (codes not of the demo's GT-/AN- series).
        int added;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            added = await scope.ServiceProvider.GetRequiredService<CamerasDbContext>().Cameras
                .CountAsync(c => c.JurisdictionCode == Demo.Jurisdiction && c.Type == "security" && !c.Code.StartsWith("AN-"), TestContext.Current.CancellationToken);
        }

        Assert.Equal(39, traffic.GetProperty("total").GetInt32());
        Assert.Equal(1_027, security.GetProperty("total").GetInt32() - added);
        Assert.Equal(5, security.GetProperty("items").GetArrayLength());
        Assert.NotNull(security.GetProperty("next").GetString());
        Assert.All(offline.GetProperty("items").EnumerateArray(), c => Assert.Equal("offline", c.GetProperty("state").GetString()));
        Assert.InRange(offline.GetProperty("total").GetInt32(), 10, 100);
        var first = traffic.GetProperty("items")[0];
        Assert.False(string.IsNullOrEmpty(first.GetProperty("commune").GetString()));
        Assert.True(first.GetProperty("hasCredentials").GetBoolean());
    }

    [Fact]
    public async Task Filters_by_commune_contractor_words_and_box_and_pages_with_next()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.WithApiKey(key);
        var one = (await client.GetJsonAsync("/api/v1/cameras?type=traffic&q=GT-&limit=1")).GetProperty("items")[0];
        var commune = one.GetProperty("commune").GetString();
        var contractor = one.GetProperty("contractor").GetString();
        var (lat, lon) = (one.GetProperty("latitude").GetDouble(), one.GetProperty("longitude").GetDouble());

        var inCommune = await client.GetJsonAsync($"/api/v1/cameras?commune={commune}&limit=500");
        var byContractor = await client.GetJsonAsync($"/api/v1/cameras?contractor={Uri.EscapeDataString(contractor!)}&type=traffic&limit=500");
        var byWord = await client.GetJsonAsync($"/api/v1/cameras?q={one.GetProperty("code").GetString()}");
        var inBox = await client.GetJsonAsync(FormattableString.Invariant($"/api/v1/cameras?bbox={lon - 0.0001},{lat - 0.0001},{lon + 0.0001},{lat + 0.0001}"));
        var page1 = await client.GetJsonAsync("/api/v1/cameras?type=traffic&q=GT-&limit=20");
        var page2 = await client.GetJsonAsync(page1.GetProperty("next").GetString()!);

        Assert.All(inCommune.GetProperty("items").EnumerateArray(), c => Assert.Equal(commune, c.GetProperty("commune").GetString()));
        Assert.All(byContractor.GetProperty("items").EnumerateArray(), c => Assert.Equal(contractor, c.GetProperty("contractor").GetString()));
        Assert.Equal(1, byWord.GetProperty("total").GetInt32());
        Assert.Contains(inBox.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == one.GetProperty("id").GetString());
        Assert.Equal(19, page2.GetProperty("items").GetArrayLength());
        Assert.Empty(page1.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString())
            .Intersect(page2.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString())));
    }

    [Fact]
    public async Task Bad_filters_are_a_problem_that_names_each()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");

        var response = await app.Factory.WithApiKey(key).GetAsync("/api/v1/cameras?status=broken&bbox=1,2,3&limit=0", Ct);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["bbox", "limit", "status"], Http.ErrorFields(problem).Order());
    }

    [Fact]
    public async Task An_administrator_registers_a_camera_whose_credentials_never_come_back()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var client = app.Factory.WithApiKey(key);
        var code = "IT-" + Guid.NewGuid().ToString("N")[..8];

        var created = await Http.JsonAsync(await client.PostAsJsonAsync("/api/v1/cameras", new
        {
            code,
            name = "Cổng chợ Phù Sa",
            type = "security",
            latitude = 9.61,
            longitude = 105.96,
            contractor = "Công ty An ninh Số",
            rtspMainUrl = "rtsp://10.1.2.3/main",
            snapshotUrl = "http://10.1.2.3/snap.jpg",
            username = "admin",
            password = Password,
            tags = new[] { "cho" },
        }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var updated = await Http.JsonAsync(await client.PutAsJsonAsync($"/api/v1/cameras/{id}", new
        {
            code,
            name = "Cổng chợ Phù Sa (cổng 2)",
            type = "security",
            latitude = 9.61,
            longitude = 105.96,
        }, Ct), HttpStatusCode.OK);
        var detail = await client.GetAsync($"/api/v1/cameras/{id}", Ct);
        var csv = await client.GetStringAsync("/api/v1/cameras/export.csv", Ct);
        var geojson = await client.GetStringAsync("/api/v1/cameras/export.geojson", Ct);
        var list = await client.GetStringAsync($"/api/v1/cameras?q={code}", Ct);

        Assert.True(created.GetProperty("hasCredentials").GetBoolean());
        Assert.True(updated.GetProperty("hasCredentials").GetBoolean());
        Assert.Equal("Cổng chợ Phù Sa (cổng 2)", updated.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        foreach (var text in new[] { created.GetRawText(), updated.GetRawText(), await detail.Content.ReadAsStringAsync(Ct), csv, geojson, list })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"password\"", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(code, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("password", csv.Split('\n')[0], StringComparison.Ordinal);

        // At rest: ciphertext, which the camera's purpose alone opens.
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CamerasDbContext>();
        var table = db.Model.FindEntityType(typeof(Camera))!;
        var column = table.FindProperty(nameof(Camera.Credentials))!.GetColumnName();
        var name = table.GetSchema() is { } schema ? $"\"{schema}\".\"{table.GetTableName()}\"" : $"\"{table.GetTableName()}\"";
        // The names come from the model, not from input.
        var sql = $"SELECT \"{column}\" AS \"Value\" FROM {name} WHERE \"Code\" = {{0}}";
#pragma warning disable EF1002
        var stored = await db.Database.SqlQueryRaw<string>(sql, code).SingleAsync(Ct);
#pragma warning restore EF1002
        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), stored, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/cameras/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Writes_are_for_administrators_and_bad_input_names_its_fields()
    {
        var (viewer, _) = await app.IssueKeyAsync("Viewer");
        var (admin, _) = await app.IssueKeyAsync("Administrator");

        var forbidden = await app.Factory.WithApiKey(viewer).PostAsJsonAsync("/api/v1/cameras", new { code = "X1", name = "x", type = "traffic", latitude = 9.6, longitude = 105.9 }, Ct);
        var bad = await app.Factory.WithApiKey(admin).PostAsJsonAsync("/api/v1/cameras", new
        {
            code = "",
            name = "x",
            type = "Traffic Camera",
            latitude = 95.0,
            longitude = 105.9,
            rtspMainUrl = "rtsp://u:p@10.0.0.1/x",
            username = "admin",
        }, Ct);
        var duplicate = await app.Factory.WithApiKey(admin).PostAsJsonAsync("/api/v1/cameras", new { code = "GT-0001", name = "x", type = "traffic", latitude = 9.6, longitude = 105.9 }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var problem = await Http.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["code", "latitude", "password", "rtspMainUrl", "type"], Http.ErrorFields(problem).Order());
        Assert.Equal(["code"], Http.ErrorFields(await Http.ProblemAsync(duplicate, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_reported_line_by_line_and_nothing_is_imported()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var client = app.Factory.WithApiKey(key);
        var prefix = "IMP-" + Guid.NewGuid().ToString("N")[..6];
        var csv = "code,name,type,latitude,longitude,contractor,username,password,tags\r\n"
            + $"{prefix}-1,Cổng trường,security,9.60,105.95,\"Công ty, số 1\",admin,{Password},truong;cong\r\n"
            + $"{prefix}-2,,security,9.61,105.95,,,,\r\n"
            + $"{prefix}-3,Ngã tư,traffic,abc,105.95,,admin,,\r\n"
            + $"{prefix}-1,Trùng mã,security,9.62,105.95,,,,\r\n";

        var dry = await client.PostAsync("/api/v1/cameras/import?dryRun=true", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var real = await client.PostAsync("/api/v1/cameras/import", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var after = await client.GetJsonAsync($"/api/v1/cameras?q={prefix}");

        var report = await Http.JsonAsync(real, HttpStatusCode.UnprocessableEntity);
        await Http.JsonAsync(dry, HttpStatusCode.UnprocessableEntity);
        Assert.Equal([3, 4, 5], report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("line").GetInt32()));
        var line4 = string.Join(" ", report.GetProperty("problems")[1].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("latitude 'abc' is not a number", line4, StringComparison.Ordinal);
        Assert.Contains("username and password are given together", line4, StringComparison.Ordinal);
        Assert.Contains("also on line 2", report.GetProperty("problems")[2].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, report.GetProperty("created").GetInt32());
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        Assert.DoesNotContain(Password, report.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_file_imports_in_one_go_a_dry_run_first_changes_nothing_and_geojson_round_trips()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var client = app.Factory.WithApiKey(key);
        var prefix = "GEO-" + Guid.NewGuid().ToString("N")[..6];
        var geojson = $$$"""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.95, 9.60]},
               "properties": {"code": "{{{prefix}}}-1", "name": "Bến xe", "type": "security", "power_feeder": "feeder-x", "username": "admin", "password": "{{{Password}}}"}},
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.96, 9.61]},
               "properties": {"code": "{{{prefix}}}-2", "name": "Quốc lộ 1A", "type": "lpr", "tags": ["ql1a"]}}
            ]}
            """;

        var dry = await Http.JsonAsync(await client.PostAsync("/api/v1/cameras/import?dryRun=true", new StringContent(geojson, Encoding.UTF8, "application/geo+json"), Ct), HttpStatusCode.OK);
        var before = await client.GetJsonAsync($"/api/v1/cameras?q={prefix}");
        var done = await Http.JsonAsync(await client.PostAsync("/api/v1/cameras/import", new StringContent(geojson, Encoding.UTF8, "application/geo+json"), Ct), HttpStatusCode.OK);
        var after = await client.GetJsonAsync($"/api/v1/cameras?q={prefix}");
        var again = await Http.JsonAsync(await client.PostAsync("/api/v1/cameras/import", new StringContent(geojson, Encoding.UTF8, "application/geo+json"), Ct), HttpStatusCode.OK);

        Assert.Equal((true, 2), (dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("created").GetInt32()));
        Assert.Equal(0, before.GetProperty("total").GetInt32());
        Assert.Equal(2, done.GetProperty("created").GetInt32());
        Assert.Equal(2, after.GetProperty("total").GetInt32());
        Assert.Equal((0, 2), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32()));
        var first = after.GetProperty("items")[0];
        Assert.Equal(("feeder-x", true), (first.GetProperty("powerFeeder").GetString(), first.GetProperty("hasCredentials").GetBoolean()));
    }

    [Fact]
    public async Task A_bad_geojson_feature_is_reported_by_its_line()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var geojson = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.9,9.6]},\"properties\":{\"code\":\"G1\",\"name\":\"a\",\"type\":\"security\"}},\n"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]},\"properties\":{\"code\":\"G2\",\"name\":\"b\",\"type\":\"security\"}}\n]}";

        var response = await app.Factory.WithApiKey(key).PostAsync("/api/v1/cameras/import?dryRun=true", new StringContent(geojson, Encoding.UTF8, "application/geo+json"), Ct);

        var report = await Http.JsonAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(3, report.GetProperty("problems").EnumerateArray().Single().GetProperty("line").GetInt32());
    }
}

public sealed class CameraRegistryTests_Sqlite(SqliteApp app) : CameraRegistryTests(app), IClassFixture<SqliteApp>;

public sealed class CameraRegistryTests_PostgreSql(PostgreSqlApp app) : CameraRegistryTests(app), IClassFixture<PostgreSqlApp>;
