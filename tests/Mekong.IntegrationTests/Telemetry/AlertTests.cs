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

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

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

    [Fact]
    public async Task Operators_acknowledge_resolve_and_silence_through_the_api_and_others_may_not()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var viewer = await KeyAsync("Viewer");
        var anonymous = app.Factory.CreateClient();
        var (gauge, commune) = await RegisterAsync(admin, "water-level", 9.68, 105.99);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-ack"), "warning", commune, [new { kind = "above", measurement = "water_level", threshold = 4.0 }], deviceId: gauge));
        try
        {
            var t = DateTimeOffset.UtcNow.AddMinutes(-10);
            await PostAsync(writer, (gauge, "water_level", t, 4.5));
            var id = Assert.Single(await AlertsOfAsync(writer, rule)).GetProperty("id").GetGuid();

            // Reading: any role of the console; acting: operators; nobody without a sign-in.
            Assert.Single(await AlertsOfAsync(viewer, rule));
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/telemetry/alerts/{id}", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/acknowledge", new { }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/acknowledge", new { }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/resolve", new { }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/telemetry/alert-rules", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/v1/telemetry/alert-rules", new { }, Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{Guid.NewGuid()}/acknowledge", new { }, Cancel)).StatusCode);

            var acked = await Http.JsonAsync(await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/acknowledge", new { note = "Đã cử người kiểm tra" }, Cancel), HttpStatusCode.OK);
            Assert.Equal("acknowledged", acked.GetProperty("state").GetString());
            Assert.False(string.IsNullOrEmpty(acked.GetProperty("acknowledgedBy").GetString()));
            await Http.ProblemAsync(await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/acknowledge", new { }, Cancel), HttpStatusCode.Conflict);

            // Still over: no second alert while this one is active (deduplicated).
            await PostAsync(writer, (gauge, "water_level", t.AddMinutes(1), 4.8));
            Assert.Single(await AlertsOfAsync(writer, rule));

            var silenced = await Http.JsonAsync(await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/silence", new { until = DateTimeOffset.UtcNow.AddHours(2), reason = "Đang sửa" }, Cancel), HttpStatusCode.OK);
            Assert.True(silenced.GetProperty("silencedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);
            var badSilence = await Http.ProblemAsync(await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/silence", new { until = DateTimeOffset.UtcNow.AddHours(-1) }, Cancel), HttpStatusCode.BadRequest);
            Assert.Equal(["until"], Http.ErrorFields(badSilence));
            Assert.Contains((await writer.GetJsonAsync("/api/v1/telemetry/alert-silences")).GetProperty("items").EnumerateArray(), s => s.GetProperty("ruleId").GetGuid() == rule);

            var resolved = await Http.JsonAsync(await writer.PostAsJsonAsync($"/api/v1/telemetry/alerts/{id}/resolve", new { note = "Cảm biến đã sửa" }, Cancel), HttpStatusCode.OK);
            Assert.Equal("resolved", resolved.GetProperty("state").GetString());
            var history = (await writer.GetJsonAsync($"/api/v1/telemetry/alerts/{id}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString());
            Assert.Equal(["opened", "acknowledged", "silenced", "resolved"], history);

            // The list's filters are checked.
            var bad = await Http.ProblemAsync(await writer.GetAsync("/api/v1/telemetry/alerts?state=burning&severity=loud&limit=0", Cancel), HttpStatusCode.BadRequest);
            Assert.Equal(["limit", "severity", "state"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task A_maintenance_window_suppresses_the_alerts_of_its_device()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var (gauge, commune) = await RegisterAsync(admin, "water-level", 9.70, 106.0);
        var rule = await CreateRuleAsync(admin, Rule(UniqueName("it-maint"), "critical", commune, [new { kind = "above", measurement = "water_level", threshold = 4.0 }], deviceId: gauge));
        try
        {
            var now = DateTimeOffset.UtcNow;
            var window = await Http.JsonAsync(await writer.PostAsJsonAsync("/api/v1/telemetry/maintenance-windows",
                new { deviceId = gauge, from = now.AddMinutes(-30), until = now.AddMinutes(-5), reason = "Nạo vét kênh" }, Cancel), HttpStatusCode.Created);
            await PostAsync(writer, (gauge, "water_level", now.AddMinutes(-20), 4.5));
            Assert.Empty(await AlertsOfAsync(writer, rule));

            // After the window: the same level opens it.
            await PostAsync(writer, (gauge, "water_level", now.AddMinutes(-4), 4.5));
            Assert.Single(await AlertsOfAsync(writer, rule));
            Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/api/v1/telemetry/maintenance-windows/{window.GetProperty("id").GetGuid()}", Cancel)).StatusCode);

            var bad = await Http.ProblemAsync(await writer.PostAsJsonAsync("/api/v1/telemetry/maintenance-windows", new { from = now, until = now.AddMinutes(-1) }, Cancel), HttpStatusCode.BadRequest);
            Assert.Equal(["deviceId", "until"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task A_critical_alert_reaches_the_bell_and_the_mail_and_escalates_when_nobody_acknowledges()
    {
        var admin = await KeyAsync("Administrator");
        var writer = await KeyAsync("Operator");
        var bell = await app.AdminAsync();
        var (gauge, commune) = await RegisterAsync(admin, "water-level", 9.72, 106.01);
        var name = UniqueName("it-bell");
        var rule = await CreateRuleAsync(admin, Rule(name, "critical", commune, [new { kind = "above", measurement = "water_level", threshold = 4.0 }], escalateAfterMinutes: 10, deviceId: gauge));
        try
        {
            // The administrator asks for e-mail from warnings on, the bell from critical only.
            var preference = await Http.JsonAsync(await bell.PutAsJsonAsync("/api/v1/telemetry/alerts/preferences", new { inApp = "critical", email = "warning" }, Cancel), HttpStatusCode.OK);
            Assert.Equal("warning", preference.GetProperty("email").GetString());
            var badPreference = await Http.ProblemAsync(await bell.PutAsJsonAsync("/api/v1/telemetry/alerts/preferences", new { inApp = "loud", email = "warning" }, Cancel), HttpStatusCode.BadRequest);
            Assert.Equal(["inApp"], Http.ErrorFields(badPreference));
            Assert.Equal(HttpStatusCode.NotFound, (await writer.GetAsync("/api/v1/telemetry/alerts/preferences", Cancel)).StatusCode);

            await PostAsync(writer, (gauge, "water_level", DateTimeOffset.UtcNow.AddMinutes(-1), 4.4));
            var alert = Assert.Single(await AlertsOfAsync(writer, rule));
            var id = alert.GetProperty("id").GetGuid();

            await OutboxHarness.EventuallyAsync(async () =>
                (await bell.GetJsonAsync("/api/v1/notifications")).GetProperty("items").EnumerateArray().Any(n => n.GetProperty("title").GetString()!.Contains(name, StringComparison.Ordinal)),
                "the alert is in the administrator's bell");
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
                var mails = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType == AlertNoticeTypes.Email).ToListAsync(Cancel);
                Assert.Contains(mails, m => m.IdempotencyKey.Contains($"{id:N}:o:", StringComparison.Ordinal));
            }

            // Nobody acknowledged it: the follow-up run ten minutes later escalates it to the administrators, once.
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                var followUp = scope.ServiceProvider.GetRequiredService<AlertFollowUp>();
                await followUp.RunAsync(DateTimeOffset.UtcNow.AddMinutes(5), Cancel);
            }

            Assert.Equal(JsonValueKind.Null, (await writer.GetJsonAsync($"/api/v1/telemetry/alerts/{id}")).GetProperty("escalatedAt").ValueKind);
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AlertFollowUp>().RunAsync(DateTimeOffset.UtcNow.AddMinutes(11), Cancel);
            }

            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AlertFollowUp>().RunAsync(DateTimeOffset.UtcNow.AddMinutes(12), Cancel);
            }

            var escalated = await writer.GetJsonAsync($"/api/v1/telemetry/alerts/{id}");
            Assert.NotEqual(JsonValueKind.Null, escalated.GetProperty("escalatedAt").ValueKind);
            Assert.Single(escalated.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "escalated");
            await OutboxHarness.EventuallyAsync(async () =>
                (await bell.GetJsonAsync("/api/v1/notifications")).GetProperty("items").EnumerateArray().Any(n =>
                    n.GetProperty("title").GetString()!.Contains(name, StringComparison.Ordinal) && n.GetProperty("eventType").GetString() == AlertNoticeTypes.Escalated),
                "the escalation is in the administrator's bell");
        }
        finally
        {
            await bell.PutAsJsonAsync("/api/v1/telemetry/alerts/preferences", new { inApp = "warning", email = "critical" }, Cancel);
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Cancel);
        }
    }

    [Fact]
    public async Task Bad_rule_input_is_a_400_naming_each_field()
    {
        var admin = await KeyAsync("Administrator");
        var bad = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/telemetry/alert-rules", new
        {
            name = "Not A Name",
            titleVi = "",
            titleEn = "x",
            severity = "apocalyptic",
            deviceType = "teapot",
            match = "some",
            conditions = new object[]
            {
                new { kind = "above", measurement = "water_level" },
                new { kind = "sideways", measurement = "water_level", threshold = 1 },
                new { kind = "rate", measurement = "foam", threshold = 1, windowMinutes = 0 },
                new { kind = "above", measurement = "water_level", threshold = 2, clear = 3 },
            },
        }, Cancel), HttpStatusCode.BadRequest);
        Assert.Equal(
            ["conditions[0].threshold", "conditions[1].kind", "conditions[2].measurement", "conditions[2].windowMinutes", "conditions[3].clear", "deviceType", "match", "name", "severity", "titleVi"],
            Http.ErrorFields(bad).Order(StringComparer.Ordinal));

        var none = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/telemetry/alert-rules", new { name = "ok-name", titleVi = "a", titleEn = "b", severity = "info" }, Cancel), HttpStatusCode.BadRequest);
        Assert.Equal(["conditions"], Http.ErrorFields(none));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/telemetry/alert-rules/{Guid.NewGuid()}", Cancel)).StatusCode);
    }
}

public sealed class AlertTests_Sqlite(SqliteApp app) : AlertTests(app), IClassFixture<SqliteApp>;

public sealed class AlertTests_PostgreSql(PostgreSqlApp app) : AlertTests(app), IClassFixture<PostgreSqlApp>;
