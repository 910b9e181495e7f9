using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Incidents;

/// <summary>
/// The chain alert → incident: readings posted over HTTP cross a rule's threshold and open a grouped alert (Telemetry,
/// read through its IAlertDirectory contract); an operator opens an incident from it, which copies its title, communes
/// and place and links it.
/// </summary>
public abstract class AlertIncidentTests(IncidentsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readings_over_a_threshold_open_an_alert_and_the_incident_opened_from_it_copies_and_links_it()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var operatorClient = await app.AsAsync(Demo.Operator);
        var tag = IncidentTests.Tag();
        var gauges = new List<long>();
        string? commune = null;
        for (var i = 0; i < 2; i++)
        {
            var device = (await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/devices", new
            {
                code = $"INC-{tag}-{i}",
                name = "Trạm đo mực nước thử",
                type = "water-level",
                latitude = 9.70 + (i * 0.0005),
                longitude = 105.90,
                ownerAgency = "Chi cục Thủy lợi",
            }, Ct), HttpStatusCode.Created)).GetProperty("device");
            gauges.Add(device.GetProperty("id").GetInt64());
            commune ??= device.GetProperty("commune").GetString();
        }

        Assert.NotNull(commune);
        var rule = (await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/telemetry/alert-rules", new
        {
            name = "inc-" + tag,
            titleVi = $"Mực nước vượt báo động ({tag})",
            titleEn = $"Water above alarm level ({tag})",
            severity = "critical",
            deviceType = "water-level",
            commune,
            match = "all",
            conditions = new[] { new { kind = "above", measurement = "water_level", threshold = 2.5, clear = 2.2 } },
        }, Ct), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        try
        {
            var t = DateTimeOffset.UtcNow.AddMinutes(-10);
            foreach (var (minute, level) in new[] { (0, 1.9), (1, 2.7), (2, 2.9) })
            {
                var body = new { readings = gauges.Select(g => new { device = g, measurement = "water_level", ts = t.AddMinutes(minute), value = level }).ToArray() };
                Assert.Equal(gauges.Count, (await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/telemetry", body, Ct), HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
            }

            var alert = Assert.Single((await operatorClient.GetJsonAsync($"/api/v1/telemetry/alerts?rule={rule}&state=all")).GetProperty("items").EnumerateArray());
            var alertId = alert.GetProperty("id").GetString();

            var incident = await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { type = "flood", severity = "Severe", alertId }, Ct), HttpStatusCode.Created);
            Assert.Equal("alert", incident.GetProperty("source").GetString());
            Assert.Equal(alertId, incident.GetProperty("sourceRef").GetString());
            Assert.Equal($"Mực nước vượt báo động ({tag})", incident.GetProperty("title").GetString());
            Assert.Equal([commune], incident.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(8, incident.GetProperty("checklist").GetArrayLength());
            Assert.Contains("from alert " + alertId, incident.GetProperty("timeline")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            if (alert.TryGetProperty("latitude", out var lat) && lat.ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                Assert.Equal(lat.GetDouble(), incident.GetProperty("latitude").GetDouble(), 6);
            }

            var missing = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { type = "flood", severity = "Severe", alertId = Guid.NewGuid() }, Ct), HttpStatusCode.BadRequest);
            Assert.Contains("alertId", Http.ErrorFields(missing));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/telemetry/alert-rules/{rule}", Ct);
        }
    }
}

[Collection(IncidentsSqlite.Name)]
public sealed class AlertIncidentTests_Sqlite(IncidentsSqlite app) : AlertIncidentTests(app);

[Collection(IncidentsPostgreSql.Name)]
public sealed class AlertIncidentTests_PostgreSql(IncidentsPostgreSql app) : AlertIncidentTests(app);
