using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Modules.Telemetry.Simulator;
using Mekong.Modules.Telemetry.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Telemetry;

/// <summary>
/// The device registry, HTTP batch ingest and the read APIs on the real server, on both databases: one server per class
/// (the demo's sensors are there too); each test registers its own devices, so none depends on another's data.
/// </summary>
public abstract class TelemetryApiTests(AppFixture app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddMinutes(-30);

    private async Task<HttpClient> AdminKeyAsync() => app.Factory.WithApiKey((await app.IssueKeyAsync("Administrator")).Key);

    /// <summary>Registers a device of the demo jurisdiction and returns its id and token.</summary>
    internal async Task<(long Id, string Token)> RegisterAsync(string type = "water-level", double lat = 9.6, double lon = 105.95)
    {
        var admin = await AdminKeyAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "IT-" + Guid.NewGuid().ToString("N")[..10],
            name = "Trạm thử",
            type,
            latitude = lat,
            longitude = lon,
            ownerAgency = "Chi cục Thủy lợi",
        }, Cancel);
        var body = await Http.JsonAsync(response, HttpStatusCode.Created);
        return (body.GetProperty("device").GetProperty("id").GetInt64(), body.GetProperty("token").GetString()!);
    }

    private HttpClient DeviceClient(string token)
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static object Item(long? device, string measurement, DateTimeOffset ts, object value) =>
        device is null ? new { measurement, ts, value } : new { device, measurement, ts, value };

    [Fact]
    public async Task A_registered_device_gets_its_commune_and_a_token_shown_only_once()
    {
        var admin = await AdminKeyAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "IT-" + Guid.NewGuid().ToString("N")[..10],
            name = "Trạm đo mặn thử",
            type = "salinity",
            latitude = 9.6,
            longitude = 105.95,
            ownerAgency = "Chi cục Thủy lợi",
        }, Cancel);
        var created = await Http.JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("device").GetProperty("id").GetInt64();
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("mkd_", token, StringComparison.Ordinal);
        Assert.Equal($"mekong/{Demo.Jurisdiction}/devices/{id}/telemetry", created.GetProperty("mqttTopic").GetString());

        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        var detail = await viewer.GetJsonAsync($"/api/v1/devices/{id}");
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("device").GetProperty("commune").GetString()));
        Assert.Equal(["salinity", "water_temperature"], detail.GetProperty("type").GetProperty("measurements").EnumerateArray().Select(m => m.GetProperty("code").GetString()));
        Assert.DoesNotContain(token, detail.GetRawText(), StringComparison.Ordinal);

        // The list form: items, total, next; filtered by type; the token is in no answer but the first.
        var page = await viewer.GetJsonAsync("/api/v1/devices?type=salinity&limit=500");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);
        Assert.All(page.GetProperty("items").EnumerateArray(), d => Assert.Equal("salinity", d.GetProperty("type").GetString()));
        Assert.DoesNotContain(token, page.GetRawText(), StringComparison.Ordinal);
        var small = await viewer.GetJsonAsync("/api/v1/devices?limit=2");
        Assert.Equal(2, small.GetProperty("items").GetArrayLength());
        var next = small.GetProperty("next").GetString()!;
        var second = await viewer.GetJsonAsync(next);
        Assert.True(second.GetProperty("items")[0].GetProperty("id").GetInt64() > small.GetProperty("items")[1].GetProperty("id").GetInt64());

        // Only administrators write the registry; bad input names its fields.
        var denied = await viewer.PostAsJsonAsync("/api/v1/devices", new { code = "X", name = "X", type = "salinity", latitude = 9.6, longitude = 105.9, ownerAgency = "A" }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/v1/devices", new { code = "a b", name = "", type = "teapot", latitude = 91, longitude = 105.9, ownerAgency = "A" }, Cancel);
        var problem = await Http.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["code", "latitude", "name", "type"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_batch_stores_its_good_items_rejects_each_bad_one_by_index_and_a_repeat_changes_nothing()
    {
        var (id, token) = await RegisterAsync();
        var device = DeviceClient(token);
        var batch = new
        {
            readings = new object[]
            {
                Item(null, "water_level", Base.AddMinutes(2), 1.25),
                Item(id, "water_level", Base, 1.0), // earlier than the one before: out of order is fine
                Item(null, "salinity", Base, 3.0), // not a water-level measurement
                Item(null, "water_level", Base.AddMinutes(1), 99.0), // outside the valid range
                Item(null, "water_level", DateTimeOffset.UtcNow.AddHours(2), 1.0), // the future
                new { measurement = "water_level", ts = "yesterday", value = 1.0 },
                Item(id + 100_000, "water_level", Base, 1.0), // another device
                Item(null, "water_level", Base.AddMinutes(1), 1.5),
            },
        };

        var first = await Http.JsonAsync(await device.PostAsJsonAsync("/api/v1/telemetry", batch, Cancel), HttpStatusCode.OK);
        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        Assert.Equal(3, first.GetProperty("stored").GetInt32());
        Assert.Equal(
            [(2, "unknown_measurement"), (3, "out_of_range"), (4, "future_ts"), (5, "invalid_ts"), (6, "not_this_device")],
            first.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("code").GetString())));

        var again = await Http.JsonAsync(await device.PostAsJsonAsync("/api/v1/telemetry", batch, Cancel), HttpStatusCode.OK);
        Assert.Equal(3, again.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(3, again.GetProperty("duplicates").GetInt32());

        // A late reading, after newer ones: stored, and the latest value stays the newest.
        var late = await Http.JsonAsync(await device.PostAsJsonAsync("/api/v1/telemetry", new { readings = new[] { Item(null, "water_level", Base.AddMinutes(-20), 0.5) } }, Cancel), HttpStatusCode.OK);
        Assert.Equal(1, late.GetProperty("stored").GetInt32());

        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        var latest = await viewer.GetJsonAsync($"/api/v1/telemetry/latest?devices={id}");
        var value = Assert.Single(latest.GetProperty("items").EnumerateArray());
        Assert.Equal(1.25, value.GetProperty("value").GetDouble());
        Assert.Equal(Base.AddMinutes(2).ToUnixTimeMilliseconds(), value.GetProperty("ts").GetDateTimeOffset().ToUnixTimeMilliseconds());

        // Raw: each reading once, oldest first, whatever order they came in.
        var raw = await viewer.GetJsonAsync($"/api/v1/telemetry/series?device={id}&from={Uri.EscapeDataString(Base.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(Base.AddMinutes(10).ToString("O"))}&resolution=raw");
        Assert.Equal([0.5, 1.0, 1.5, 1.25], raw.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("avg").GetDouble()));

        // The hour's rollup folded exactly the four stored readings, not the repeats.
        var hourly = await viewer.GetJsonAsync($"/api/v1/telemetry/series?device={id}&from={Uri.EscapeDataString(Base.AddHours(-2).ToString("O"))}&to={Uri.EscapeDataString(Base.AddHours(1).ToString("O"))}&resolution=1h");
        var buckets = hourly.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, buckets.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(0.5, buckets.Min(b => b.GetProperty("min").GetDouble()));
        Assert.Equal(1.5, buckets.Max(b => b.GetProperty("max").GetDouble()));
        Assert.Equal(4.25, buckets.Sum(b => b.GetProperty("avg").GetDouble() * b.GetProperty("count").GetInt32()), 9);

        var csv = await viewer.GetStringAsync($"/api/v1/telemetry/series.csv?device={id}&from={Uri.EscapeDataString(Base.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(Base.AddMinutes(10).ToString("O"))}&resolution=raw", Cancel);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("device,measurement,unit,resolution,ts,avg,min,max,count", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith($"{id},water_level,m,raw,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_with_nothing_to_store_is_a_problem_naming_each_item_and_a_revoked_token_cannot_write()
    {
        var (id, token) = await RegisterAsync();
        var device = DeviceClient(token);
        var none = await device.PostAsJsonAsync("/api/v1/telemetry", new { readings = new object[] { Item(null, "water_level", Base, "high"), 7 } }, Cancel);
        var problem = await Http.ProblemAsync(none, HttpStatusCode.BadRequest);
        Assert.Equal(["readings[0].value", "readings[1]"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));

        var notJson = await device.PostAsync("/api/v1/telemetry", new StringContent("{\"readings\": [", System.Text.Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var admin = await AdminKeyAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/devices/{id}/token", Cancel)).StatusCode);
        var revoked = await device.PostAsJsonAsync("/api/v1/telemetry", new { readings = new[] { Item(null, "water_level", Base, 1.0) } }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);

        var renewed = await Http.JsonAsync(await admin.PostAsync($"/api/v1/devices/{id}/token", null, Cancel), HttpStatusCode.OK);
        var again = DeviceClient(renewed.GetProperty("token").GetString()!);
        await Http.JsonAsync(await again.PostAsJsonAsync("/api/v1/telemetry", new { readings = new[] { Item(null, "water_level", Base, 1.0) } }, Cancel), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_operator_key_writes_for_devices_of_its_jurisdiction_and_a_viewer_key_cannot()
    {
        var (a, _) = await RegisterAsync("rainfall");
        var (b, _) = await RegisterAsync("air-quality");
        var operatorKey = app.Factory.WithApiKey((await app.IssueKeyAsync("Operator")).Key);
        var batch = new { readings = new[] { Item(a, "rainfall", Base, 2.5), Item(b, "pm25", Base, 35.0), Item(b, "pm10", Base, 60.0), Item(null, "pm25", Base, 1.0) } };
        var result = await Http.JsonAsync(await operatorKey.PostAsJsonAsync("/api/v1/telemetry", batch, Cancel), HttpStatusCode.OK);
        Assert.Equal(3, result.GetProperty("stored").GetInt32());
        Assert.Equal("missing_device", Assert.Single(result.GetProperty("rejected").EnumerateArray()).GetProperty("code").GetString());

        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/telemetry", batch, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().PostAsJsonAsync("/api/v1/telemetry", batch, Cancel)).StatusCode);

        var latest = await viewer.GetJsonAsync($"/api/v1/telemetry/latest?devices={a},{b}");
        Assert.Equal([(a, "rainfall"), (b, "pm25"), (b, "pm10")], latest.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("device").GetInt64(), i.GetProperty("measurement").GetString())));

        // The sensor layer shows both as reporting.
        var layer = await viewer.GetJsonAsync($"/api/v1/telemetry/ops/sensors.geojson?ids={a},{b}");
        Assert.All(layer.GetProperty("features").EnumerateArray(), f => Assert.Equal("ok", f.GetProperty("properties").GetProperty("state").GetString()));
        Assert.Equal(2, layer.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task The_sensor_simulator_posts_each_station_with_its_token_and_the_readings_are_stored()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var (devices, error) = await SensorSimulatorCommand.PrepareAsync(scope.ServiceProvider, Demo.Jurisdiction, 3, Cancel);
        Assert.Null(error);
        var simulator = new SensorSimulator(devices, 30, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var run = simulator.RunHttpAsync(app.Factory.CreateClient(), stop.Token);
        var store = scope.ServiceProvider.GetRequiredService<ReadingStore>();
        var ids = devices.Select(d => d.Id).ToList();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        await OutboxHarness.EventuallyAsync(async () =>
            (await store.LatestAsync(ids, Cancel)).Where(l => l.ReceivedAt >= started).Select(l => l.DeviceId).Distinct().Count() == ids.Count,
            "every simulated station has a reading stored through HTTP");
        await stop.CancelAsync();
        await run;
        Assert.True(simulator.Counters.Acknowledged > 0, simulator.Counters.ToString());
        Assert.Equal(0, simulator.Counters.Failed);
    }

    [Fact]
    public async Task The_demo_has_its_sensors_with_history_and_a_chart_picks_the_rollup_by_span()
    {
        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        var page = await viewer.GetJsonAsync("/api/v1/devices?type=water-level&limit=1");
        Assert.True(page.GetProperty("total").GetInt32() >= 100);
        var id = page.GetProperty("items")[0].GetProperty("id").GetInt64();
        var week = await viewer.GetJsonAsync($"/api/v1/telemetry/series?device={id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-7).ToString("O"))}");
        Assert.Equal("1h", week.GetProperty("resolution").GetString());
        Assert.InRange(week.GetProperty("points").GetArrayLength(), 45, 60);
        var month = await viewer.GetJsonAsync($"/api/v1/telemetry/series?device={id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-60).ToString("O"))}&points=100");
        Assert.Equal("1d", month.GetProperty("resolution").GetString());
        Assert.InRange(month.GetProperty("points").GetArrayLength(), 28, 30);
        var all = await viewer.GetJsonAsync("/api/v1/telemetry/latest");
        Assert.True(all.GetProperty("items").GetArrayLength() >= 500);
    }
}

public sealed class TelemetryApiTests_Sqlite(SqliteApp app) : TelemetryApiTests(app), IClassFixture<SqliteApp>;

public sealed class TelemetryApiTests_PostgreSql(PostgreSqlApp app) : TelemetryApiTests(app), IClassFixture<PostgreSqlApp>;
