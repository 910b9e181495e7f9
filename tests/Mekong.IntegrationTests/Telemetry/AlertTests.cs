using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Modules.Telemetry.Contracts;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Telemetry;

/// <summary>
/// Alerts on the real server, on both databases (ADR 0033): readings posted over HTTP open, group, clear and resolve
/// alerts as they arrive; the follow-up job's no-data, reminders and escalation are run with a later instant (no
/// waiting). One server per class; each test registers its own devices in a commune of its own choosing and deletes its
/// rule at the end, and reads only the alerts of its own rule.
/// </summary>
public abstract class AlertTests(AppFixture app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> KeyAsync(string role) => app.Factory.WithApiKey((await app.IssueKeyAsync(role)).Key);

    private static async Task<(long Id, string? Commune)> RegisterAsync(HttpClient admin, string type, double lat, double lon)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/devices", new
        {
            code = "AL-" + Guid.NewGuid().ToString("N")[..10],
            name = "Trạm thử cảnh báo",
            type,
            latitude = lat,
            longitude = lon,
            ownerAgency = "Chi cục Thủy lợi",
        }, Cancel);
        var device = (await Http.JsonAsync(response, HttpStatusCode.Created)).GetProperty("device");
        return (device.GetProperty("id").GetInt64(), device.TryGetProperty("commune", out var c) ? c.GetString() : null);
    }

    private static async Task<Guid> CreateRuleAsync(HttpClient admin, object rule)
    {
        var created = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/telemetry/alert-rules", rule, Cancel), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private static async Task PostAsync(HttpClient writer, params (long Device, string Measurement, DateTimeOffset At, double Value)[] readings)
    {
        var body = new { readings = readings.Select(r => new { device = r.Device, measurement = r.Measurement, ts = r.At, value = r.Value }).ToArray() };
        var result = await Http.JsonAsync(await writer.PostAsJsonAsync("/api/v1/telemetry", body, Cancel), HttpStatusCode.OK);
        Assert.Equal(readings.Length, result.GetProperty("accepted").GetInt32());
    }

    private static async Task<List<JsonElement>> AlertsOfAsync(HttpClient client, Guid rule, string state = "all") =>
        [.. (await client.GetJsonAsync($"/api/v1/telemetry/alerts?rule={rule}&state={state}")).GetProperty("items").EnumerateArray()];

    private static object Rule(string name, string severity, string? commune, object[] conditions, string match = "all", int? escalateAfterMinutes = null, long? deviceId = null) => new
    {
        deviceId,
        name,
        titleVi = $"Mực nước cao ({name})",
        titleEn = $"High water ({name})",
        severity,
        deviceType = "water-level",
        commune,
        match,
        conditions,
        escalateAfterMinutes,
    };

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..40];

    [Fact]
    public async Task A_rising_water_level_opens_one_grouped_alert_for_the_gauges_of_a_commune_and_it_resolves_when_they_fall()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var gauges = new List<long>();
        string? commune = null;
        for (var i = 0; i < 4; i++)
        {
            var (id, c) = await RegisterAsync(admin, "water-level", 9.60 + (i * 0.0004), 105.95);
            gauges.Add(id);
            commune ??= c;
        }

        Assert.NotNull(commune);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-flood"), "critical", commune, [new { kind = "above", measurement = "water_level", threshold = 2.5, clear = 2.2 }]));
        try
        {
            var t = DateTimeOffset.UtcNow.AddMinutes(-20);
            await PostAsync(writer, [.. gauges.Select(g => (g, "water_level", t, 1.8))]);
            Assert.Empty(await AlertsOfAsync(writer, rule));

            // The water rises over every gauge, one batch after another: still one alert, listing all of them.
            for (var step = 1; step <= 3; step++)
            {
                await PostAsync(writer, [.. gauges.Select(g => (g, "water_level", t.AddMinutes(step), 2.0 + (step * 0.3)))]);
            }

            var alert = Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal("open", alert.GetProperty("state").GetString());
            Assert.Equal("critical", alert.GetProperty("severity").GetString());
            Assert.Equal(gauges.Order(), alert.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).Order());
            Assert.Equal([commune], alert.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));

            // Other modules read it through the contract.
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                var directory = scope.ServiceProvider.GetRequiredService<IAlertDirectory>();
                var view = await directory.FindAsync(Demo.Jurisdiction, alert.GetProperty("id").GetGuid(), Cancel);
                Assert.NotNull(view);
                Assert.Equal(gauges.Order().Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)), view.DeviceIds.Order(StringComparer.Ordinal));
                Assert.Contains(await directory.ListActiveAsync(Demo.Jurisdiction, Cancel), a => a.Id == view.Id);
                Assert.Null(await directory.FindAsync("99", view.Id, Cancel));
            }

            // Hysteresis: under the threshold but over the clearing level keeps it open; below clears each gauge.
            await PostAsync(writer, [.. gauges.Select(g => (g, "water_level", t.AddMinutes(4), 2.4))]);
            Assert.Equal("open", Assert.Single(await AlertsOfAsync(writer, rule)).GetProperty("state").GetString());
            await PostAsync(writer, [.. gauges.Take(3).Select(g => (g, "water_level", t.AddMinutes(5), 2.0))]);
            Assert.Equal("open", Assert.Single(await AlertsOfAsync(writer, rule)).GetProperty("state").GetString());
            await PostAsync(writer, (gauges[3], "water_level", t.AddMinutes(5), 2.1));
            var resolved = Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal("resolved", resolved.GetProperty("state").GetString());

            var detail = await writer.GetJsonAsync($"/api/v1/telemetry/alerts/{resolved.GetProperty("id").GetGuid()}");
            var kinds = detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
            Assert.Equal("opened", kinds[0]);
            Assert.Equal(3, kinds.Count(k => k == "device_joined"));
            Assert.Equal(4, kinds.Count(k => k == "device_cleared"));
            Assert.Equal("resolved", kinds[^1]);
            Assert.True(detail.GetProperty("resolvedBy").ValueKind == JsonValueKind.Null);
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task Hysteresis_keeps_a_wavering_level_from_flapping_and_a_minimum_duration_waits()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var (gauge, commune) = await RegisterAsync(admin, "water-level", 9.62, 105.96);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-flap"), "warning", commune,
            [new { kind = "above", measurement = "water_level", threshold = 3.0, clear = 2.5, forSeconds = 300 }]));
        try
        {
            var t = DateTimeOffset.UtcNow.AddMinutes(-40);
            // Over for 4 minutes only, then under: the minimum duration (5 min) was not met.
            await PostAsync(writer, (gauge, "water_level", t, 3.2), (gauge, "water_level", t.AddMinutes(4), 3.3), (gauge, "water_level", t.AddMinutes(5), 2.9));
            Assert.Empty(await AlertsOfAsync(writer, rule));

            // Over for 5 minutes: opens.
            await PostAsync(writer, (gauge, "water_level", t.AddMinutes(6), 3.1), (gauge, "water_level", t.AddMinutes(11), 3.2));
            Assert.Single(await AlertsOfAsync(writer, rule));

            // Wavering around the threshold (between the clearing level and above it): no flapping, one alert, still open.
            for (var i = 0; i < 10; i++)
            {
                await PostAsync(writer, (gauge, "water_level", t.AddMinutes(12 + i), i % 2 == 0 ? 2.8 : 3.1));
            }

            var alert = Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal("open", alert.GetProperty("state").GetString());
            var detail = await writer.GetJsonAsync($"/api/v1/telemetry/alerts/{alert.GetProperty("id").GetGuid()}");
            Assert.Single(detail.GetProperty("history").EnumerateArray());
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task A_rate_of_change_rule_opens_on_a_fast_rise_not_on_a_slow_one()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var (slow, commune) = await RegisterAsync(admin, "water-level", 9.64, 105.97);
        var (fast, _) = await RegisterAsync(admin, "water-level", 9.6401, 105.9701);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-rate"), "warning", commune,
            [new { kind = "rate", measurement = "water_level", threshold = 0.5, windowMinutes = 30 }]));
        try
        {
            var t = DateTimeOffset.UtcNow.AddMinutes(-60);
            for (var i = 0; i <= 6; i++)
            {
                // 0.1 m per hour against 1.2 m per hour, sampled every 5 minutes.
                await PostAsync(writer, (slow, "water_level", t.AddMinutes(5 * i), 1.0 + (i * 0.1 / 12)), (fast, "water_level", t.AddMinutes(5 * i), 1.0 + (i * 0.1)));
            }

            var alert = Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal([fast], alert.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task A_silent_gauge_raises_no_data_on_time_through_the_job_and_the_next_reading_resolves_it()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var (gauge, commune) = await RegisterAsync(admin, "water-level", 9.66, 105.98);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-nodata"), "warning", commune, [new { kind = "no_data", measurement = "water_level", minutes = 15 }], deviceId: gauge));
        try
        {
            var now = DateTimeOffset.UtcNow;
            await PostAsync(writer, (gauge, "water_level", now.AddMinutes(-1), 1.0));
            var engine = app.Factory.Services.GetRequiredService<AlertEngine>();
            await engine.NoDataAsync(now.AddMinutes(10), Cancel);
            Assert.Empty(await AlertsOfAsync(writer, rule));

            // Fifteen minutes after the last reading, the job's run opens it (the job's own clock, here a later instant).
            await engine.NoDataAsync(now.AddMinutes(15), Cancel);
            var alert = Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal("open", alert.GetProperty("state").GetString());

            await PostAsync(writer, (gauge, "water_level", now, 1.1));
            Assert.Equal("resolved", Assert.Single(await AlertsOfAsync(writer, rule)).GetProperty("state").GetString());
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }
}

public sealed class AlertTests_Sqlite(SqliteApp app) : AlertTests(app), IClassFixture<SqliteApp>;

public sealed class AlertTests_PostgreSql(PostgreSqlApp app) : AlertTests(app), IClassFixture<PostgreSqlApp>;
