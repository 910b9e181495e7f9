using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// The reports on the operator console, on both databases: the layer (policy, viewport, filters, no personal data),
/// the live announcements after commit (submission through Open311, a state change through the domain, nothing for a
/// rollback), the emergency alerts with their acknowledgement, and the counts by status.
/// </summary>
public abstract class OpsReportsTests(AppFixture app)
{
    private const string Layer = "/api/v1/reports/ops/reports.geojson";
    private const string Topic = "layers.reports";
    private const string Phone = "0987654321";
    private const string Email = "ops.reporter@example.vn";
    private const string Name = "Lê Văn Báo";

    // A small box around the demo province's centre (9.6, 105.95), and one well away from it inside the province.
    private const string Around = "105.94,9.59,105.96,9.61";
    private const string Elsewhere = "105.80,9.40,105.85,9.45";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_layer_needs_a_sign_in_and_a_view_and_says_what_is_wrong()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync($"{Layer}?bbox={Around}", Ct)).StatusCode);
        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);

        var missing = await Http.ProblemAsync(await viewer.GetAsync(Layer, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["bbox"], Http.ErrorFields(missing));
        var bad = await Http.ProblemAsync(await viewer.GetAsync($"{Layer}?bbox=1,2,3&status=sleeping&ids=1,x&jurisdiction=91", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["bbox", "ids", "jurisdiction", "status"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_layer_shows_the_reports_in_view_with_their_popup_and_no_personal_data()
    {
        var key = (await app.IssueKeyAsync("Operator")).Key;
        var marker = "ops-layer-" + Guid.NewGuid().ToString("N");
        var id = await PostAsync(key, "rubbish", marker);
        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);

        var response = await viewer.GetAsync($"{Layer}?bbox={Around}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var feature = Feature(text, id);
        Assert.NotNull(feature);
        var p = feature.Value.GetProperty("properties");
        Assert.Equal(("rubbish", "received", true, false, false), (p.GetProperty("service_code").GetString(), p.GetProperty("status").GetString(), p.GetProperty("open").GetBoolean(), p.GetProperty("emergency").GetBoolean(), p.GetProperty("overdue").GetBoolean()));
        Assert.Equal($"/reports/queue/{id}", p.GetProperty("link").GetString());
        Assert.Equal($"Phản ánh số {id}", p.GetProperty("popup").GetProperty("title").GetString());
        var rows = p.GetProperty("popup").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("label").GetString()).ToList();
        Assert.Equal(["Lĩnh vực", "Trạng thái", "Tiếp nhận", "Hạn xử lý"], rows);
        var coordinates = feature.Value.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((105.95, 9.6), (coordinates[0].GetDouble(), coordinates[1].GetDouble()));
        foreach (var personal in new[] { Phone, Email, Name, marker })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }

        // Outside the view, filtered out by status, category or commune: not in the answer.
        Assert.Null(Feature(await viewer.GetStringAsync($"{Layer}?bbox={Elsewhere}", Ct), id));
        Assert.Null(Feature(await viewer.GetStringAsync($"{Layer}?bbox={Around}&status=closed,resolved", Ct), id));
        Assert.Null(Feature(await viewer.GetStringAsync($"{Layer}?bbox={Around}&category=flooding", Ct), id));
        Assert.Null(Feature(await viewer.GetStringAsync($"{Layer}?bbox={Around}&commune=nowhere", Ct), id));
        Assert.NotNull(Feature(await viewer.GetStringAsync($"{Layer}?bbox={Around}&category=rubbish,flooding&status=received", Ct), id));
        Assert.NotNull(Feature(await viewer.GetStringAsync($"{Layer}?ids={id}&status=all", Ct), id));

        // The registry offers the layer to a viewer, with its live topic and the URL for single features.
        var layers = await viewer.GetJsonAsync("/api/v1/map/layers");
        var layer = layers.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("id").GetString() == "reports.reports");
        Assert.Equal((Topic, "/api/v1/reports/ops/reports.geojson?status=all&ids={ids}"), (layer.GetProperty("liveTopic").GetString(), layer.GetProperty("featuresUrl").GetString()));
    }

    [Fact]
    public async Task An_overdue_report_is_marked_on_the_layer()
    {
        var key = (await app.IssueKeyAsync("Operator")).Key;
        var id = await PostAsync(key, "rubbish", "ops-overdue");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // Its deadline moved into the past (h-cases' deadline job does not exist yet): ExpectedAt vs now decides.
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var report = await db.Reports.SingleAsync(r => r.Id == id, Ct);
            db.Entry(report).Property(nameof(Report.ExpectedAt)).CurrentValue = DateTimeOffset.UtcNow.AddHours(-1);
            await db.SaveChangesAsync(Ct);
        }

        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        var p = Feature(await viewer.GetStringAsync($"{Layer}?ids={id}", Ct), id)!.Value.GetProperty("properties");
        Assert.True(p.GetProperty("overdue").GetBoolean());
        Assert.Contains("overdue", p.GetProperty("marker").GetString(), StringComparison.Ordinal);
        var summary = await viewer.GetJsonAsync("/api/v1/reports/ops/summary");
        Assert.True(summary.GetProperty("overdue").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_submission_and_a_state_change_are_announced_after_commit_and_a_rollback_is_not()
    {
        var key = (await app.IssueKeyAsync("Operator")).Key;
        await using var screen = Connect((await app.IssueKeyAsync("Viewer")).Key);
        var updates = Listen(screen);
        await screen.StartAsync(Ct);
        await screen.InvokeAsync("Watch", Topic, (string?)null, Ct);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(20));

        // Submitted through Open311: the new report's id, counted as submitted, no alert (not an emergency).
        var id = await PostAsync(key, "rubbish", "ops-live");
        var submitted = await updates.ReadAsync(wait.Token);
        Assert.Equal([id], Ids(submitted));
        Assert.Equal((1, 0), (submitted.GetProperty("submitted").GetInt32(), submitted.GetProperty("alerts").GetArrayLength()));

        // A change that is rolled back says nothing; the committed one after it is the next thing heard.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var report = await db.Reports.SingleAsync(r => r.Id == id, Ct);
            report.Reject("officer", "Thử.", null, TimeProvider.System);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var report = await db.Reports.SingleAsync(r => r.Id == id, Ct);
            Assert.Equal(ReportStatus.Received, report.Status);
            report.Acknowledge("officer", "Đã nhận.", null, TimeProvider.System);
            await db.SaveChangesAsync(Ct);
        }

        var changed = await updates.ReadAsync(wait.Token);
        Assert.Equal([id], Ids(changed));
        Assert.Equal(0, changed.GetProperty("submitted").GetInt32());
        Assert.Equal("reports.reports", changed.GetProperty("layer").GetString());
    }

    [Fact]
    public async Task An_emergency_raises_an_alert_that_survives_until_an_operator_acknowledges_it()
    {
        var operatorKey = (await app.IssueKeyAsync("Operator")).Key;
        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        await using var screen = Connect((await app.IssueKeyAsync("Viewer")).Key);
        var updates = Listen(screen);
        await screen.StartAsync(Ct);
        await screen.InvokeAsync("Watch", Topic, (string?)null, Ct);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(20));
        var waitingBefore = (await viewer.GetJsonAsync("/api/v1/reports/ops/summary")).GetProperty("unacknowledgedAlerts").GetInt32();

        var id = await PostAsync(operatorKey, "fallen-tree", "ops-emergency", ("attribute[blocking]", "yes"));

        var announced = await updates.ReadAsync(wait.Token);
        Assert.Equal([id], announced.GetProperty("alerts").EnumerateArray().Select(a => a.GetInt64()));
        var alert = (await viewer.GetJsonAsync("/api/v1/reports/ops/alerts")).GetProperty("items").EnumerateArray().Single(a => a.GetProperty("reportId").GetInt64() == id);
        Assert.Equal(("fallen-tree", "Cây xanh gãy đổ", $"/reports/queue/{id}"), (alert.GetProperty("serviceCode").GetString(), alert.GetProperty("category").GetString(), alert.GetProperty("link").GetString()));
        Assert.DoesNotContain(Phone, alert.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(waitingBefore + 1, (await viewer.GetJsonAsync("/api/v1/reports/ops/summary")).GetProperty("unacknowledgedAlerts").GetInt32());
        var alertId = alert.GetProperty("id").GetString();

        // A viewer may see it but not acknowledge it; an operator acknowledges, every console hears it, it is gone.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/reports/ops/alerts/{alertId}/acknowledge", null, Ct)).StatusCode);
        var operatorClient = app.Factory.WithApiKey(operatorKey);
        var acknowledged = await Http.JsonAsync(await operatorClient.PostAsync($"/api/v1/reports/ops/alerts/{alertId}/acknowledge", null, Ct), HttpStatusCode.OK);
        Assert.Equal(id, acknowledged.GetProperty("reportId").GetInt64());
        var down = await updates.ReadAsync(wait.Token);
        Assert.Equal([id], down.GetProperty("acknowledged").EnumerateArray().Select(a => a.GetInt64()));
        Assert.DoesNotContain((await viewer.GetJsonAsync("/api/v1/reports/ops/alerts")).GetProperty("items").EnumerateArray(), a => a.GetProperty("reportId").GetInt64() == id);
        // Twice is fine (two operators clicking at once); an unknown alert is a 404 problem.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/v1/reports/ops/alerts/{alertId}/acknowledge", null, Ct)).StatusCode);
        await Http.ProblemAsync(await operatorClient.PostAsync($"/api/v1/reports/ops/alerts/{Guid.NewGuid()}/acknowledge", null, Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_counts_by_status_follow_the_reports()
    {
        var viewer = app.Factory.WithApiKey((await app.IssueKeyAsync("Viewer")).Key);
        var before = await viewer.GetJsonAsync("/api/v1/reports/ops/summary");
        Assert.Equal(9, before.GetProperty("statuses").GetArrayLength());

        await PostAsync((await app.IssueKeyAsync("Operator")).Key, "rubbish", "ops-count");

        var after = await viewer.GetJsonAsync("/api/v1/reports/ops/summary");
        Assert.Equal(Count(before, "received") + 1, Count(after, "received"));
        Assert.Equal(before.GetProperty("open").GetInt32() + 1, after.GetProperty("open").GetInt32());
        Assert.Equal(after.GetProperty("open").GetInt32(), after.GetProperty("statuses").EnumerateArray().Where(s => s.GetProperty("open").GetBoolean()).Sum(s => s.GetProperty("count").GetInt32()));
    }

    private static int Count(JsonElement summary, string status) =>
        summary.GetProperty("statuses").EnumerateArray().Single(s => s.GetProperty("status").GetString() == status).GetProperty("count").GetInt32();

    private static JsonElement? Feature(string geoJson, long id)
    {
        foreach (var feature in JsonDocument.Parse(geoJson).RootElement.GetProperty("features").EnumerateArray())
        {
            if (feature.GetProperty("id").GetInt64() == id)
            {
                return feature.Clone();
            }
        }

        return null;
    }

    private static List<long> Ids(JsonElement payload) => payload.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToList();

    /// <summary>Posts a report through Open311 (with the reporter's personal data) and returns its number.</summary>
    private async Task<long> PostAsync(string key, string service, string description, params (string Name, string Value)[] extra)
    {
        var client = app.Factory.CreateClient();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("service_code", service), new("lat", "9.6"), new("long", "105.95"), new("description", description),
            new("first_name", Name), new("phone", Phone), new("email", Email),
        };
        fields.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Api-Key", key);
        var posted = await Http.JsonAsync(await client.SendAsync(request, Ct), HttpStatusCode.OK);
        var token = posted[0].GetProperty("token").GetString();
        var found = await client.GetJsonAsync($"/open311/v2/tokens/{token}.json");
        return long.Parse(found[0].GetProperty("service_request_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private HubConnection Connect(string apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Factory.Server.BaseAddress, "/hubs/live"), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => app.Factory.Server.CreateHandler();
            options.Headers["X-Api-Key"] = apiKey;
        })
        .Build();

    private static ChannelReader<JsonElement> Listen(HubConnection connection)
    {
        var updates = Channel.CreateUnbounded<JsonElement>();
        connection.On<string, JsonElement>("update", (topic, payload) =>
        {
            if (topic == Topic)
            {
                updates.Writer.TryWrite(payload.Clone());
            }
        });
        return updates.Reader;
    }
}

public sealed class OpsReportsTests_Sqlite(SqliteApp app) : OpsReportsTests(app), IClassFixture<SqliteApp>;

public sealed class OpsReportsTests_PostgreSql(PostgreSqlApp app) : OpsReportsTests(app), IClassFixture<PostgreSqlApp>;
