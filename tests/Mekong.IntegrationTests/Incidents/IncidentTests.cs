using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Modules.Reports.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Incidents;

/// <summary>
/// Incident types and their procedures, incidents with their checklist, timeline and closure, through the API on the
/// real server: who may do what, what bad input gets, the checklist copied from the procedure with its deadlines,
/// overdue steps, opening from a citizen report, and a closure report required to close.
/// </summary>
public abstract class IncidentTests(IncidentsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_callers_viewers_and_officers_are_kept_out_and_only_administrators_write_types()
    {
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/incidents", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/incidents", new { type = "flood" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/incidents/types", Ct)).StatusCode);
        foreach (var email in new[] { Demo.Viewer, IncidentsFixture.Officer })
        {
            var client = await app.AsAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/incidents", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/incidents", new { type = "flood" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/incidents/map.geojson", Ct)).StatusCode);
        }

        var operatorClient = await app.AsAsync(Demo.Operator);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/v1/incidents/types", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/v1/incidents/types", TypeBody("x-" + Tag()), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_type_with_bad_fields_is_a_400_naming_each_and_a_second_type_of_the_same_code_a_409()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var problem = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/incidents/types", new
        {
            code = "Bad Code",
            nameVi = "",
            nameEn = "Flash flood",
            capCategory = "Weather",
            steps = new object?[] { new { titleVi = "Bước", titleEn = "Step", owner = "NOSUCHDEPT", deadlineMinutes = 0 }, null },
        }, Ct), HttpStatusCode.BadRequest);
        var fields = Http.ErrorFields(problem);
        foreach (var field in new[] { "code", "nameVi", "capCategory", "steps[0].owner", "steps[0].deadlineMinutes", "steps[1]" })
        {
            Assert.Contains(field, fields);
        }

        var code = "t-" + Tag();
        await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/incidents/types", TypeBody(code), Ct), HttpStatusCode.Created);
        await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/incidents/types", TypeBody(code), Ct), HttpStatusCode.Conflict);

        // Unreadable JSON is the client's mistake, never a 500.
        using var broken = new StringContent("{\"code\": ", Encoding.UTF8, "application/json");
        await Http.ProblemAsync(await admin.PostAsync("/api/v1/incidents/types", broken, Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_incident_gets_its_types_checklist_with_deadlines_and_records_every_change_in_its_timeline()
    {
        var type = await NewTypeAsync();
        var operatorClient = await app.AsAsync(Demo.Operator);
        var commune = app.Communes[0].Code;
        var incident = await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new
        {
            type,
            severity = "severe",
            title = "Triều cường gây ngập " + Tag(),
            description = "Nước tràn bờ kè.",
            communes = new[] { commune },
            agencies = new[] { "snnmt" },
        }, Ct), HttpStatusCode.Created);
        var id = incident.GetProperty("id").GetString();
        Assert.Equal("Severe", incident.GetProperty("severity").GetString());
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Equal(["SNNMT"], incident.GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
        var opened = incident.GetProperty("openedAt").GetDateTimeOffset();
        var checklist = incident.GetProperty("checklist").EnumerateArray().ToList();
        Assert.Equal(2, checklist.Count);
        Assert.Equal("SNNMT", checklist[0].GetProperty("owner").GetString());
        Assert.Equal("role:Operator", checklist[1].GetProperty("owner").GetString());
        Assert.Equal(opened.AddMinutes(30), checklist[0].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(opened.AddMinutes(1440), checklist[1].GetProperty("dueAt").GetDateTimeOffset());
        Assert.All(checklist, s => Assert.False(s.GetProperty("overdue").GetBoolean()));

        // Tick a step, add a note, change the severity and the communes: each is in the timeline with who did it.
        var ticked = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/steps/1", new { done = true, note = "Đã kiểm tra kè" }, Ct), HttpStatusCode.OK);
        var step = ticked.GetProperty("checklist")[0];
        Assert.Equal("Trực ban IOC", step.GetProperty("doneBy").GetString());
        Assert.True(step.GetProperty("doneAt").GetDateTimeOffset() >= opened);
        await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { text = "Đã liên hệ UBND xã." }, Ct), HttpStatusCode.OK);
        var changed = await Http.JsonAsync(await operatorClient.PatchAsJsonAsync($"/api/v1/incidents/{id}", new { severity = "Extreme", communes = new[] { commune, app.Communes[1].Code }, status = "monitoring" }, Ct), HttpStatusCode.OK);
        Assert.Equal("monitoring", changed.GetProperty("status").GetString());
        var timeline = changed.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["opened", "step-done", "note", "changed", "status"], timeline.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(timeline, e => Assert.Equal("Trực ban IOC", e.GetProperty("by").GetString()));
        Assert.Contains("Severe → Extreme", timeline[3].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("+" + app.Communes[1].Code, timeline[3].GetProperty("text").GetString(), StringComparison.Ordinal);

        // The list form with filters, and a step that does not exist.
        var list = await operatorClient.GetJsonAsync($"/api/v1/incidents?type={type}&commune={app.Communes[1].Code}&status=active");
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/steps/9", new { done = true }, Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_incidents_are_400s_with_field_errors_never_500s()
    {
        var operatorClient = await app.AsAsync(Demo.Operator);
        var problem = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new
        {
            type = "no-such-type",
            severity = "Catastrophic",
            title = "",
            latitude = 123.0,
            longitude = 10.0,
            communes = new[] { "99999999" },
            agencies = new[] { "NOPE" },
        }, Ct), HttpStatusCode.BadRequest);
        var fields = Http.ErrorFields(problem);
        foreach (var field in new[] { "type", "severity", "title", "latitude", "communes[0]", "agencies[0]" })
        {
            Assert.Contains(field, fields);
        }

        var list = await Http.ProblemAsync(await operatorClient.GetAsync("/api/v1/incidents?status=everything&limit=0&cursor=%%%", Ct), HttpStatusCode.BadRequest);
        Assert.Contains("status", Http.ErrorFields(list));
        Assert.Contains("limit", Http.ErrorFields(list));
        using var broken = new StringContent("[1,2", Encoding.UTF8, "application/json");
        await Http.ProblemAsync(await operatorClient.PostAsync("/api/v1/incidents", broken, Ct), HttpStatusCode.BadRequest);
        await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{Guid.NewGuid()}/notes", new { text = "x" }, Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Steps_past_their_deadline_are_flagged_overdue_on_the_incident_and_the_board()
    {
        var type = await NewTypeAsync();
        Guid id;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // An incident opened three hours ago, as a long-running one would be: its 30-minute step is late, its one-day step is not.
            var db = scope.ServiceProvider.GetRequiredService<IncidentsDbContext>();
            var incidentType = await db.Types.SingleAsync(t => t.JurisdictionCode == Demo.Jurisdiction && t.Code == type, Ct);
            var incident = Incident.Open(Demo.Jurisdiction, incidentType, new IncidentContent("Moderate", "Sạt lở " + Tag(), "", null, null, [app.Communes[2].Code], []),
                IncidentSource.Manual, null, "test", DateTimeOffset.UtcNow.AddHours(-3));
            db.Incidents.Add(incident);
            await db.SaveChangesAsync(Ct);
            id = incident.Id;
        }

        var operatorClient = await app.AsAsync(Demo.Operator);
        var incidentJson = await operatorClient.GetJsonAsync($"/api/v1/incidents/{id}");
        var steps = incidentJson.GetProperty("checklist").EnumerateArray().ToList();
        Assert.True(steps[0].GetProperty("overdue").GetBoolean());
        Assert.False(steps[1].GetProperty("overdue").GetBoolean());
        Assert.Equal(1, incidentJson.GetProperty("overdueSteps").GetInt32());
        var listed = (await operatorClient.GetJsonAsync($"/api/v1/incidents?type={type}")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id.ToString());
        Assert.Equal(1, listed.GetProperty("overdueSteps").GetInt32());

        // Done late is no longer overdue; the board page shows the incident with its count before that.
        var board = await (await operatorClient.GetAsync("/ops/incidents", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"data-incident=\"{id}\"", board, StringComparison.Ordinal);
        var page = await (await operatorClient.GetAsync($"/ops/incidents/{id}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("class=\"step-overdue\" data-step=\"1\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"warning-form\"", page, StringComparison.Ordinal);
        var console = await (await operatorClient.GetAsync("/ops", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"ops-incidents\"", console, StringComparison.Ordinal);
        var layers = await (await operatorClient.GetAsync("/api/v1/map/layers", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"incidents.incidents\"", layers, StringComparison.Ordinal);
        var done = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/steps/1", new { done = true }, Ct), HttpStatusCode.OK);
        Assert.Equal(0, done.GetProperty("overdueSteps").GetInt32());
        Assert.Contains("(late)", done.GetProperty("timeline")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_needs_the_closure_report_and_a_closed_incident_takes_no_more_changes()
    {
        var type = await NewTypeAsync();
        var operatorClient = await app.AsAsync(Demo.Operator);
        var id = (await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { type, severity = "Minor", title = "Cháy cỏ " + Tag(), communes = new[] { app.Communes[0].Code } }, Ct), HttpStatusCode.Created))
            .GetProperty("id").GetString();

        foreach (var body in new object[] { new { }, new { report = "   " } })
        {
            var refused = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/close", body, Ct), HttpStatusCode.BadRequest);
            Assert.Contains("report", Http.ErrorFields(refused));
        }

        Assert.Equal("open", (await operatorClient.GetJsonAsync($"/api/v1/incidents/{id}")).GetProperty("status").GetString());
        var closed = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/close", new { report = "Đã dập tắt lúc 14:20, không thiệt hại về người." }, Ct), HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("Đã dập tắt lúc 14:20, không thiệt hại về người.", closed.GetProperty("closureReport").GetString());
        Assert.Equal("closed", closed.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
        await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { text = "muộn" }, Ct), HttpStatusCode.Conflict);
        await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/close", new { report = "again" }, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_incident_opened_from_a_citizen_report_copies_its_place_and_commune_and_links_it()
    {
        ReportView? report = null;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var reports = scope.ServiceProvider.GetRequiredService<IReportDirectory>();
            for (long candidate = 1; candidate < 200 && report is null; candidate++)
            {
                report = await reports.FindAsync(Demo.Jurisdiction, candidate, Ct) is { Latitude: not null, CommuneCode: not null } found ? found : null;
            }
        }

        Assert.NotNull(report);
        var type = await NewTypeAsync();
        var operatorClient = await app.AsAsync(Demo.Operator);
        var incident = await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { type, severity = "Moderate", reportId = report.Id }, Ct), HttpStatusCode.Created);
        Assert.Equal("report", incident.GetProperty("source").GetString());
        Assert.Equal(report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), incident.GetProperty("sourceRef").GetString());
        Assert.Equal([report.CommuneCode], incident.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(report.Latitude, incident.GetProperty("latitude").GetDouble());
        Assert.Contains(report.PublicCode, incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("citizen report #" + report.Id, incident.GetProperty("timeline")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var missing = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { type, severity = "Moderate", reportId = 987654321 }, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("reportId", Http.ErrorFields(missing));
    }

    private async Task<string> NewTypeAsync()
    {
        var code = "t-" + Tag();
        var admin = await app.AsAsync(Demo.Admin);
        await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/incidents/types", TypeBody(code), Ct), HttpStatusCode.Created);
        return code;
    }

    internal static object TypeBody(string code) => new
    {
        code,
        nameVi = "Ngập do triều cường " + code,
        nameEn = "Tidal flooding " + code,
        capCategory = "met",
        steps = new[]
        {
            new { titleVi = "Kiểm tra bờ kè", titleEn = "Inspect the embankment", owner = "SNNMT", deadlineMinutes = 30 },
            new { titleVi = "Báo cáo tổng hợp", titleEn = "Summary report", owner = "role:operator", deadlineMinutes = 1440 },
        },
    };

    internal static string Tag() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task An_incident_page_lists_the_cameras_around_its_place_nearest_first()
    {
        Guid id;
        (Guid Id, string Code, double Latitude, double Longitude) camera;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var found = await scope.ServiceProvider.GetRequiredService<Mekong.Modules.Cameras.Storage.CamerasDbContext>().Cameras
                .Where(c => c.JurisdictionCode == Demo.Jurisdiction && c.Code.StartsWith("GT-"))
                .OrderBy(c => c.Code).Select(c => new { c.Id, c.Code, c.Latitude, c.Longitude }).FirstAsync(Ct);
            camera = (found.Id, found.Code, found.Latitude, found.Longitude);
            var db = scope.ServiceProvider.GetRequiredService<IncidentsDbContext>();
            var incidentType = await db.Types.FirstAsync(t => t.JurisdictionCode == Demo.Jurisdiction, Ct);
            // Ten metres north of the camera.
            var incident = Incident.Open(Demo.Jurisdiction, incidentType, new IncidentContent("Moderate", "Tai nạn giao thông " + Tag(), "", camera.Latitude + 0.00009, camera.Longitude, [app.Communes[0].Code], []),
                IncidentSource.Manual, null, "test", DateTimeOffset.UtcNow);
            db.Incidents.Add(incident);
            await db.SaveChangesAsync(Ct);
            id = incident.Id;
        }

        var operatorClient = await app.AsAsync(Demo.Operator);
        var page = await (await operatorClient.GetAsync($"/ops/incidents/{id}", Ct)).Content.ReadAsStringAsync(Ct);
        var section = page.IndexOf("id=\"incident-cameras\"", StringComparison.Ordinal);
        Assert.True(section > 0, "the page has no nearby-cameras section");
        var first = page.IndexOf("data-camera=\"", section, StringComparison.Ordinal);
        Assert.True(first > 0, "no camera listed near the incident");
        Assert.StartsWith($"data-camera=\"{camera.Code}\"", page[first..], StringComparison.Ordinal);
        Assert.Contains($"href=\"/ops/cameras/{camera.Id}\"", page, StringComparison.Ordinal);

        // The same answer from the API: nearest first, none beyond the radius; bad input is a 400 naming the field.
        var near = await operatorClient.GetJsonAsync(FormattableString.Invariant($"/api/v1/cameras/near?lat={camera.Latitude + 0.00009}&long={camera.Longitude}&radius=1000"));
        var items = near.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(camera.Code, items[0].GetProperty("code").GetString());
        Assert.InRange(items[0].GetProperty("distanceMetres").GetInt32(), 9, 11);
        var distances = items.Select(i => i.GetProperty("distanceMetres").GetInt32()).ToList();
        Assert.Equal(distances.Order().ToList(), distances);
        Assert.All(distances, d => Assert.InRange(d, 0, 1000));
        Assert.False(items[0].TryGetProperty("streamUrl", out _), "a nearby camera never carries its addresses");
        var problem = await Http.ProblemAsync(await operatorClient.GetAsync("/api/v1/cameras/near?lat=91&long=105.9&radius=9000", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["lat", "radius"], Http.ErrorFields(problem).Order(StringComparer.Ordinal).ToList());
    }
}

[Collection(IncidentsSqlite.Name)]
public sealed class IncidentTests_Sqlite(IncidentsSqlite app) : IncidentTests(app);

[Collection(IncidentsPostgreSql.Name)]
public sealed class IncidentTests_PostgreSql(IncidentsPostgreSql app) : IncidentTests(app);
