using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Maintenance;
using Mekong.Modules.Cameras.Simulator;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Files;
using Mekong.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Cameras;

/// <summary>
/// One server per provider whose e-mail goes to a real SMTP server on loopback and whose maintenance job does not run
/// on its own: tests run it with the instant they choose (<see cref="MaintenanceJob.RunAsync(DateTimeOffset, CancellationToken)"/>).
/// </summary>
public abstract class CameraMaintenanceFixture(DatabaseKind kind) : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private MekongAppFactory? _factory;
    private string? _skip;

    public SmtpSink Smtp { get; private set; } = null!;

    public MekongAppFactory Factory => _factory ?? throw Skip();

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            _skip = reason;
            return;
        }

        Smtp = await SmtpSink.StartAsync();
        var settings = NotificationsFixture.Settings(Smtp.Port);
        settings["Mekong:Cameras:Maintenance:Enabled"] = "false";
        _factory = new MekongAppFactory(await TestStorage.CreateDemoAsync(kind), settings, ownsStorage: true);
        _ = _factory.Server;
    }

    /// <summary>A cookie client signed in as a demo account (once per fixture: the log-in form is rate limited).</summary>
    public async Task<HttpClient> AsAsync(string email)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(email, out var client))
            {
                client = await SignIn.AsAsync(Factory, email, Demo.Password);
                _clients[email] = client;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            await Smtp.DisposeAsync();
        }

        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    private InvalidOperationException Skip()
    {
        Assert.Skip(_skip ?? "The test server did not start.");
        return new InvalidOperationException();
    }
}

public sealed class SqliteCameraMaintenanceApp() : CameraMaintenanceFixture(DatabaseKind.Sqlite);

public sealed class PostgreSqlCameraMaintenanceApp() : CameraMaintenanceFixture(DatabaseKind.PostgreSql);

/// <summary>
/// Maintenance tickets, stored grouped outages and the contractor report (ADR 0039) on the real server, on both
/// databases. Cameras are registered and moved through their states by the domain's own methods on a clock the test
/// sets, and the maintenance job is run with the instant the test chooses: no waiting. Each test makes its own
/// contractor and cameras (unique names) and reads only those.
/// </summary>
public abstract class CameraMaintenanceTests(CameraMaintenanceFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ProbeRules Rules = ProbeRules.Default;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<(string Name, string Email)> ContractorAsync(double target = 98)
    {
        var admin = await app.AsAsync(Demo.Admin);
        var name = Unique("Công ty thử");
        var email = Unique("baotri").ToLowerInvariant() + "@contractor.example";
        var created = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/cameras/contractors", new { name, email, uptimeTarget = target }, Ct), HttpStatusCode.Created);
        Assert.Equal(email, created.GetProperty("email").GetString());
        return (name, email);
    }

    /// <summary>Registers a camera on the given instant (so a month's report can cover it), optionally with a kept snapshot.</summary>
    private async Task<Guid> CameraAsync(string? contractor, DateTimeOffset registeredAt, string[]? tags = null, string? feeder = null, bool snapshot = false)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CamerasDbContext>();
        var code = Unique("IT-MT").ToUpperInvariant();
        var camera = Camera.Register(Demo.Jurisdiction, new CameraDetails(code, "Camera thử bảo trì " + code, "security", 9.6, 105.97, Contractor: contractor, PowerFeeder: feeder, TagList: tags ?? []),
            null, null, new At(registeredAt));
        db.Cameras.Add(camera);
        await db.SaveChangesAsync(Ct);
        if (snapshot)
        {
            var files = scope.ServiceProvider.GetRequiredService<IFileStore>();
            var jpeg = ScenePainter.Paint(new SimulatedFleet(1).All.First(), SimulatedMode.Ok, registeredAt);
            using var stream = new MemoryStream(jpeg);
            var saved = await files.SaveAsync(MaintenanceJob.CameraOwner(camera.Id), stream, FileKind.Image, Ct);
            camera.KeepSnapshot(saved.File!.Original.Hash, registeredAt);
            await db.SaveChangesAsync(Ct);
        }

        return camera.Id;
    }

    /// <summary>Checks of the camera with the given fault, one per instant (the state machine's flap damping applies).</summary>
    private async Task ObserveAsync(Guid id, CameraFault fault, params DateTimeOffset[] instants)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CamerasDbContext>();
        var camera = await db.Cameras.SingleAsync(c => c.Id == id, Ct);
        foreach (var at in instants)
        {
            if (camera.Observe(fault, 10, Rules, new At(at)) is { } change)
            {
                db.StateChanges.Add(change);
            }
        }

        await db.SaveChangesAsync(Ct);
    }

    private async Task<MaintenanceJob.RunSummary> RunAsync(DateTimeOffset now)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MaintenanceJob>().RunAsync(now, Ct);
    }

    private static async Task<List<JsonElement>> TicketsAsync(HttpClient client, Guid camera) =>
        [.. (await client.GetJsonAsync($"/api/v1/cameras/tickets?camera={camera}&state=all")).GetProperty("items").EnumerateArray()];

    private async Task<List<MimeKit.MimeMessage>> MailsToAsync(string address, int count)
    {
        List<MimeKit.MimeMessage> mails = [];
        await OutboxHarness.EventuallyAsync(() =>
        {
            mails = app.Smtp.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();
            return Task.FromResult(mails.Count >= count);
        }, $"{count} e-mail(s) reached {address}");
        return mails;
    }

    [Fact]
    public async Task A_camera_offline_past_the_threshold_opens_one_ticket_mails_the_contractor_reminds_and_closes_with_the_downtime_when_it_returns()
    {
        var (contractor, email) = await ContractorAsync();
        var op = await app.AsAsync(Demo.Operator);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        var camera = await CameraAsync(contractor, t0.AddDays(-1), snapshot: true);
        await ObserveAsync(camera, CameraFault.Unreachable, t0);

        // 29 minutes: not yet.
        await RunAsync(t0.AddMinutes(29));
        Assert.Empty(await TicketsAsync(op, camera));

        // 31 minutes: one ticket, however many runs (here two at the same time, as two nodes would, and one more).
        await Task.WhenAll(RunAsync(t0.AddMinutes(31)), RunAsync(t0.AddMinutes(31)));
        await RunAsync(t0.AddMinutes(32));
        var ticket = Assert.Single(await TicketsAsync(op, camera));
        var id = ticket.GetProperty("id").GetGuid();
        var number = ticket.GetProperty("number").GetString()!;
        Assert.Equal("open", ticket.GetProperty("state").GetString());
        Assert.Equal(contractor, ticket.GetProperty("contractor").GetString());
        Assert.True(ticket.GetProperty("contractorNotified").GetBoolean());
        Assert.True(ticket.GetProperty("hasSnapshot").GetBoolean());
        Assert.Equal(t0.ToUnixTimeSeconds(), ticket.GetProperty("outageStartedAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/cameras/health?q={Uri.EscapeDataString(ticket.GetProperty("cameraCode").GetString()!)}")).GetProperty("openTickets").GetInt32());

        // The contractor's e-mail: Vietnamese first, the ticket's number, the last good snapshot through a secret link.
        var mail = Assert.Single(await MailsToAsync(email, 1));
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var body = mail.TextBody ?? string.Empty;
        Assert.InRange(body.IndexOf("Kính gửi", StringComparison.Ordinal), 0, body.IndexOf("Dear", StringComparison.Ordinal));
        var link = body.Split('\n').Select(l => l.Trim()).SelectMany(l => l.Split(' ')).First(w => w.Contains($"/api/v1/cameras/tickets/{id}/snapshot/", StringComparison.Ordinal));
        var path = new Uri(link).PathAndQuery;
        using (var anonymous = app.Factory.CreateClient())
        {
            using var picture = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal([0xFF, 0xD8], (await picture.Content.ReadAsByteArrayAsync(Ct))[..2]);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/cameras/tickets/{id}/snapshot/not-the-secret-token", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/cameras/tickets/{id}", Ct)).StatusCode);
        }

        // Still down four hours after the notice: one reminder (not two for two runs), and its e-mail.
        await RunAsync(t0.AddMinutes(31).AddHours(4).AddMinutes(1));
        await RunAsync(t0.AddMinutes(31).AddHours(4).AddMinutes(2));
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/cameras/tickets/{id}")).GetProperty("reminders").GetInt32());
        var mails = await MailsToAsync(email, 2);
        Assert.Contains("Nhắc lại", mails[1].Subject, StringComparison.Ordinal);

        // An operator acknowledges (once) and writes a note: both recorded with who and when.
        var acked = await Http.JsonAsync(await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/acknowledge", new { note = "Đã gọi nhà thầu" }, Ct), HttpStatusCode.OK);
        Assert.Equal("acknowledged", acked.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/acknowledge", new { }, Ct)).StatusCode);
        var noted = await Http.JsonAsync(await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/notes", new { note = "Thợ đến lúc 14h" }, Ct), HttpStatusCode.OK);
        var note = Assert.Single(noted.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "note");
        Assert.False(string.IsNullOrEmpty(note.GetProperty("actor").GetString()));
        Assert.Contains("note", Http.ErrorFields(await Http.ProblemAsync(await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/notes", new { note = " " }, Ct), HttpStatusCode.BadRequest)));

        // Back at 50 and 51 minutes (two checks confirm it): the next run closes the ticket by itself, downtime 51 minutes.
        await ObserveAsync(camera, CameraFault.None, t0.AddMinutes(50), t0.AddMinutes(51));
        await RunAsync(t0.AddHours(5));
        var closed = await op.GetJsonAsync($"/api/v1/cameras/tickets/{id}");
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("closedBy").ValueKind);
        Assert.Equal(51 * 60, closed.GetProperty("downtimeSeconds").GetInt64());
        // (Ordered by time: the operator's acts happened "now", the job's runs at the later instants the test chose.)
        Assert.Equal(["acknowledged", "closed", "note", "notified", "opened", "reminded"], closed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await op.GetJsonAsync($"/api/v1/cameras/health?q={Uri.EscapeDataString(closed.GetProperty("cameraCode").GetString()!)}")).GetProperty("openTickets").GetInt32());
        Assert.Single(await TicketsAsync(op, camera));
        var page = await op.GetStringAsync($"/ops/cameras/{camera}", Ct);
        Assert.Contains($"data-ticket=\"{id}\" data-ticket-state=\"closed\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_closed_by_hand_is_not_opened_again_for_the_same_outage_and_intermittent_cameras_get_none()
    {
        var (contractor, _) = await ContractorAsync();
        var op = await app.AsAsync(Demo.Operator);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-3);
        var camera = await CameraAsync(contractor, t0.AddDays(-1));
        var flaky = await CameraAsync(contractor, t0.AddDays(-1), tags: ["intermittent"]);
        await ObserveAsync(camera, CameraFault.Timeout, t0);
        await ObserveAsync(flaky, CameraFault.Unreachable, t0);
        await RunAsync(t0.AddMinutes(40));
        var ticket = Assert.Single(await TicketsAsync(op, camera));
        Assert.Empty(await TicketsAsync(op, flaky));
        Assert.False(ticket.GetProperty("hasSnapshot").GetBoolean());

        var id = ticket.GetProperty("id").GetGuid();
        var closed = await Http.JsonAsync(await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/close", new { note = "Camera sẽ thay mới" }, Ct), HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(closed.GetProperty("closedBy").GetString()));
        Assert.True(closed.GetProperty("downtimeSeconds").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/v1/cameras/tickets/{id}/close", new { }, Ct)).StatusCode);

        await RunAsync(t0.AddMinutes(80));
        Assert.Single(await TicketsAsync(op, camera));
        Assert.Empty(await TicketsAsync(op, flaky));
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/v1/cameras/tickets/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_grouped_outage_is_stored_once_rings_the_operators_is_acknowledged_on_the_card_and_resolves_when_the_cameras_return()
    {
        var op = await app.AsAsync(Demo.Operator);
        var feeder = Unique("it-feeder");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-2);
        var cameras = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            cameras.Add(await CameraAsync(null, t0.AddDays(-1), feeder: feeder));
        }

        foreach (var camera in cameras)
        {
            await ObserveAsync(camera, CameraFault.Unreachable, t0);
        }

        await RunAsync(t0.AddMinutes(1));
        await RunAsync(t0.AddMinutes(2));
        List<JsonElement> Ours(JsonElement list) => [.. list.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("key").GetString() == feeder)];
        var alert = Assert.Single(Ours(await op.GetJsonAsync("/api/v1/cameras/outages")));
        Assert.Equal(("feeder", "open", 6), (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString(), alert.GetProperty("offline").GetInt32()));
        var id = alert.GetProperty("id").GetGuid();

        await OutboxHarness.EventuallyAsync(async () =>
            (await op.GetJsonAsync("/api/v1/notifications")).GetProperty("items").EnumerateArray().Any(n => n.GetProperty("title").GetString()!.Contains(feeder, StringComparison.Ordinal)),
            "the grouped outage is in the operator's bell");

        // The /ops card lists it with an acknowledge button for operators; acknowledging is once.
        var ops = await op.GetStringAsync("/ops", Ct);
        Assert.Contains($"data-outage-id=\"{id}\"", ops, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/cameras/outages/{id}/acknowledge", ops, StringComparison.Ordinal);
        var acked = await Http.JsonAsync(await op.PostAsJsonAsync($"/api/v1/cameras/outages/{id}/acknowledge", new { }, Ct), HttpStatusCode.OK);
        Assert.Equal("acknowledged", acked.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/v1/cameras/outages/{id}/acknowledge", new { }, Ct)).StatusCode);

        // Five of six back: fewer than five still down, so the run resolves it; nothing new is raised.
        foreach (var camera in cameras.Skip(1))
        {
            await ObserveAsync(camera, CameraFault.None, t0.AddMinutes(3), t0.AddMinutes(4));
        }

        await RunAsync(t0.AddMinutes(5));
        Assert.Empty(Ours(await op.GetJsonAsync("/api/v1/cameras/outages")));
        var all = Assert.Single(Ours(await op.GetJsonAsync("/api/v1/cameras/outages?state=all")));
        Assert.Equal("resolved", all.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_monthly_report_gives_each_contractor_its_uptime_against_its_target_downtime_and_tickets_as_json_csv_and_page()
    {
        var (contractor, _) = await ContractorAsync(target: 99);
        var op = await app.AsAsync(Demo.Operator);
        // November 2026 in Vietnam's time: 2026-10-31 17:00 UTC to 2026-11-30 17:00 UTC, 720 hours.
        var start = new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero);
        var before = start.AddDays(-10);
        var a = await CameraAsync(contractor, before);
        var b = await CameraAsync(contractor, before);
        var flaky = await CameraAsync(contractor, before, tags: ["intermittent"]);
        await ObserveAsync(a, CameraFault.None, before.AddDays(1));
        await ObserveAsync(b, CameraFault.None, before.AddDays(1));
        await ObserveAsync(flaky, CameraFault.Unreachable, before.AddDays(1));

        // Camera a: offline from day 10 00:01 (confirmed on the second check) to 10:01 (likewise): 10 hours, one ticket.
        var down = start.AddDays(9).AddHours(7);
        await ObserveAsync(a, CameraFault.Unreachable, down, down.AddMinutes(1));
        await RunAsync(down.AddMinutes(40));
        await ObserveAsync(a, CameraFault.None, down.AddHours(10), down.AddHours(10).AddMinutes(1));
        await RunAsync(down.AddHours(11));
        // Camera b: a day of maintenance, which does not count.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CamerasDbContext>();
            var camera = await db.Cameras.SingleAsync(c => c.Id == b, Ct);
            var from = start.AddDays(19);
            db.StateChanges.Add(camera.StartMaintenance(from.AddDays(1), "thay nguồn", new At(from))!);
            db.StateChanges.Add(camera.EndMaintenance(new At(from.AddDays(1)))!);
            db.StateChanges.Add(camera.Observe(CameraFault.None, 10, Rules, new At(from.AddDays(1)))!);
            await db.SaveChangesAsync(Ct);
        }

        var report = await op.GetJsonAsync("/api/v1/cameras/reports/contractors?month=2026-11");
        Assert.Equal("2026-11", report.GetProperty("month").GetString());
        Assert.True(report.GetProperty("complete").GetBoolean());
        var row = Assert.Single(report.GetProperty("contractors").EnumerateArray(), r => r.GetProperty("contractor").GetString() == contractor);
        const long Hour = 3600;
        long online = (710 * Hour) + (696 * Hour), offline = 10 * Hour;
        Assert.Equal(online, row.GetProperty("onlineSeconds").GetInt64());
        Assert.Equal(offline, row.GetProperty("offlineSeconds").GetInt64());
        Assert.Equal(0, row.GetProperty("degradedSeconds").GetInt64());
        Assert.Equal(24 * Hour, row.GetProperty("maintenanceSeconds").GetInt64());
        Assert.Equal(Math.Round(100.0 * online / (online + offline), 2), row.GetProperty("uptimePercent").GetDouble());
        Assert.Equal(99, row.GetProperty("targetPercent").GetDouble());
        Assert.True(row.GetProperty("targetMet").GetBoolean());
        Assert.Equal((3, 2, 1), (row.GetProperty("cameras").GetInt32(), row.GetProperty("countedCameras").GetInt32(), row.GetProperty("excludedIntermittent").GetInt32()));
        Assert.Equal((1, 0), (row.GetProperty("ticketsOpened").GetInt32(), row.GetProperty("openTickets").GetInt32()));
        Assert.Equal(10 * Hour, row.GetProperty("ticketDowntimeSeconds").GetInt64());

        // The CSV: one header, every line as many fields as the header, the same figures.
        foreach (var url in new[] { "/api/v1/cameras/reports/contractors.csv?month=2026-11", "/api/v1/cameras/reports/contractors?month=2026-11&format=csv" })
        {
            using var response = await op.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(',');
            Assert.Equal("month", header[0]);
            Assert.All(lines, l => Assert.Equal(header.Length, l.Split(',').Length));
            var fields = lines.Single(l => l.Contains(contractor, StringComparison.Ordinal)).Split(',');
            string Field(string name) => fields[Array.IndexOf(header, name)];
            Assert.Equal("2026-11", Field("month"));
            Assert.Equal(Math.Round(100.0 * online / (online + offline), 2).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), Field("uptime_percent"));
            Assert.Equal("yes", Field("target_met"));
            Assert.Equal("10", Field("offline_hours"));
            Assert.Equal("1", Field("tickets_opened"));
        }

        // The page, for operators.
        var page = await op.GetStringAsync("/ops/cameras/contractors?month=2026-11", Ct);
        Assert.Contains($"data-contractor=\"{contractor}\" data-met=\"yes\"", page, StringComparison.Ordinal);
        Assert.Contains("/api/v1/cameras/reports/contractors.csv?month=2026-11", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_and_bad_input_get_clear_4xx_answers()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var op = await app.AsAsync(Demo.Operator);
        var viewer = await app.AsAsync(Demo.Viewer);
        foreach (var url in new[] { "/api/v1/cameras/tickets", "/api/v1/cameras/outages", "/api/v1/cameras/reports/contractors?month=2026-11", "/api/v1/cameras/reports/contractors.csv", "/api/v1/cameras/contractors" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(url, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync("/api/v1/cameras/contractors", new { name = "x", email = "x@x.example", uptimeTarget = 90 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/cameras/contractors", Ct)).StatusCode);
        // The page is for operators too: a viewer does not get the report.
        using (var viewerPage = await viewer.GetAsync("/ops/cameras/contractors", Ct))
        {
            Assert.DoesNotContain("id=\"report-table\"", await viewerPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        foreach (var month in new[] { "2026-13", "abc", "2026-1", "2999-01", "26-11" })
        {
            Assert.Equal(["month"], Http.ErrorFields(await Http.ProblemAsync(await op.GetAsync($"/api/v1/cameras/reports/contractors?month={month}", Ct), HttpStatusCode.BadRequest)));
            Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync($"/api/v1/cameras/reports/contractors.csv?month={month}", Ct)).StatusCode);
        }

        Assert.Equal(["format"], Http.ErrorFields(await Http.ProblemAsync(await op.GetAsync("/api/v1/cameras/reports/contractors?format=xml", Ct), HttpStatusCode.BadRequest)));
        Assert.Equal(["state"], Http.ErrorFields(await Http.ProblemAsync(await op.GetAsync("/api/v1/cameras/tickets?state=lost", Ct), HttpStatusCode.BadRequest)));
        Assert.Equal(["state"], Http.ErrorFields(await Http.ProblemAsync(await op.GetAsync("/api/v1/cameras/outages?state=lost", Ct), HttpStatusCode.BadRequest)));

        var bad = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/cameras/contractors", new { name = "", email = "not an address", uptimeTarget = 120 }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["email", "name", "uptimeTarget"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));
        var (name, _) = await ContractorAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/cameras/contractors", new { name, email = "other@contractor.example", uptimeTarget = 95 }, Ct)).StatusCode);
        var list = await op.GetJsonAsync("/api/v1/cameras/contractors");
        var mine = Assert.Single(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("name").GetString() == name);
        var changed = await Http.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/cameras/contractors/{mine.GetProperty("id").GetGuid()}", new { name, email = "moi@contractor.example", uptimeTarget = 97.5 }, Ct), HttpStatusCode.OK);
        Assert.Equal(97.5, changed.GetProperty("uptimeTarget").GetDouble());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/cameras/contractors/{mine.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/cameras/contractors/{mine.GetProperty("id").GetGuid()}", Ct)).StatusCode);

        // The demo's three contractors are registered with their targets.
        Assert.Subset(list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet(),
            new HashSet<string?> { "Công ty Viễn thông Phù Sa", "Công ty An ninh Số", "Công ty Kỹ thuật Mê Kông" });
    }
}

public sealed class CameraMaintenanceTests_Sqlite(SqliteCameraMaintenanceApp app) : CameraMaintenanceTests(app), IClassFixture<SqliteCameraMaintenanceApp>;

public sealed class CameraMaintenanceTests_PostgreSql(PostgreSqlCameraMaintenanceApp app) : CameraMaintenanceTests(app), IClassFixture<PostgreSqlCameraMaintenanceApp>;
