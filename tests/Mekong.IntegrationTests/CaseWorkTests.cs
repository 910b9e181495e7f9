using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// The officers' case work over HTTP on both databases: the queue within an officer's units, each action, the
/// workflow's refusals as problems, other units and anonymous callers refused, bulk actions all-or-nothing per
/// report, merges that keep both reports' followers informed, officers' notices in the outbox.
/// </summary>
public abstract class CaseWorkTests(AppFixture app)
{
    public const string SxdOfficer = "officer@phusa.example";
    public const string SxdHead = "truongphong.sxd@phusa.example";
    public const string SnnmtOfficer = "canbo.snnmt@phusa.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SemaphoreSlim SignInGate = new(1, 1);
    private static readonly Dictionary<(MekongAppFactory, string), HttpClient> Clients = [];

    /// <summary>One cookie client per person and server (the log-in form is rate limited).</summary>
    internal Task<HttpClient> AsAsync(string email) => SignedInAsync(app.Factory, email);

    internal static async Task<HttpClient> SignedInAsync(MekongAppFactory factory, string email)
    {
        await SignInGate.WaitAsync(Ct);
        try
        {
            if (!Clients.TryGetValue((factory, email), out var client))
            {
                Clients[(factory, email)] = client = await SignIn.AsAsync(factory, email, Demo.Password);
            }

            return client;
        }
        finally
        {
            SignInGate.Release();
        }
    }

    /// <summary>A new report of <paramref name="serviceCode"/> at the province's centre, through the submission handler.</summary>
    internal static async Task<long> SubmitAsync(MekongAppFactory factory, string serviceCode, string description = "Hỏng từ tối qua", string? email = "chi.tran@example.vn")
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var category = await db.Categories.AsNoTracking().SingleAsync(c => c.JurisdictionCode == Demo.Jurisdiction && c.Code == serviceCode, Ct);
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var a in category.Attributes.Where(a => a.Required))
        {
            attributes[a.Code] = a.DataType switch
            {
                AttributeDataType.SingleValueList or AttributeDataType.MultiValueList => [a.Values[0].Key],
                AttributeDataType.Number => ["10"],
                AttributeDataType.DateTime => ["2026-01-31T08:30:00+07:00"],
                _ => ["x"],
            };
        }

        var handler = scope.ServiceProvider.GetRequiredService<SubmitReportHandler>();
        var (report, refusal) = await handler.HandleAsync(new SubmitReportRequest(Demo.Jurisdiction, serviceCode, 9.6, 105.95, null, null, description, attributes, null, [],
            new ReporterContact("Chi", "Trần Thị", "0912345678", email, null, null), "test", true), Ct);
        Assert.True(report is not null, string.Join("; ", refusal?.Problems ?? []));
        return report.Id;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await Http.JsonAsync(await client.PostAsJsonAsync(url, body, Ct), expected);

    [Fact]
    public async Task An_officer_works_a_report_of_their_unit_from_received_to_resolved_and_the_history_keeps_public_and_internal_apart()
    {
        var id = await SubmitAsync(app.Factory, "pothole");
        var officer = await AsAsync(SxdOfficer);
        // The routed unit's officers heard of it when it arrived (bell and e-mail).
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var sxd = await scope.ServiceProvider.GetRequiredService<IOfficerDirectory>().OfficersOfAsync(Demo.Jurisdiction, new OfficerUnit(OfficerUnitKind.Department, "SXD"), Ct);
            var received = await OutboxKeysAsync($"reports.received.{id}");
            Assert.All(sxd, o => Assert.Equal(2, received.Count(k => k.EndsWith($"{o.User.Id:N}", StringComparison.Ordinal))));
        }

        await PostAsync(officer, $"/api/v1/reports/{id}/acknowledge", new { publicMessage = "Đã tiếp nhận", internalNote = "gọi lại người dân" });
        await PostAsync(officer, $"/api/v1/reports/{id}/assign", new { unitKind = "department", unitCode = "sxd" });
        await PostAsync(officer, $"/api/v1/reports/{id}/start", new { });
        await PostAsync(officer, $"/api/v1/reports/{id}/notes", new { note = "Đội 3 đã ra hiện trường" });
        var resolved = await PostAsync(officer, $"/api/v1/reports/{id}/resolve", new { publicMessage = "Đã vá ổ gà. Cảm ơn bạn." });

        Assert.Equal("resolved", resolved.GetProperty("report").GetProperty("status").GetString());
        var record = await officer.GetJsonAsync($"/api/v1/reports/queue/{id}");
        Assert.Equal("0912345678", record.GetProperty("reporter").GetProperty("phone").GetString());
        var history = record.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["status", "status", "status", "status", "note", "status"], history.Select(h => h.GetProperty("kind").GetString()));
        var note = history.Single(h => h.GetProperty("kind").GetString() == "note");
        Assert.False(note.GetProperty("isPublic").GetBoolean());
        Assert.Equal("Đội 3 đã ra hiện trường", note.GetProperty("internalNote").GetString());
        Assert.Equal("gọi lại người dân", history[1].GetProperty("internalNote").GetString());

        // The public side (Open311) shows the resolution and never the notes.
        var open311 = await app.Factory.CreateClient().GetAsync($"/open311/v2/requests/{id}.json", Ct);
        var text = await open311.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Đã vá ổ gà", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Đội 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gọi lại", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_holds_only_the_officers_units_and_filters_by_status_category_and_text()
    {
        var id = await SubmitAsync(app.Factory, "street-light", $"Đèn tắt cq{Guid.NewGuid():N}");
        var officer = await AsAsync(SxdOfficer);

        var queue = await officer.GetJsonAsync("/api/v1/reports/queue?pageSize=200");
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(("department", "SXD"), (i.GetProperty("unitKind").GetString(), i.GetProperty("unitCode").GetString())));
        Assert.All(items, i => Assert.DoesNotContain(i.GetProperty("status").GetString(), new[] { "resolved", "closed", "rejected", "duplicate" }));

        var marker = (await officer.GetJsonAsync($"/api/v1/reports/queue/{id}")).GetProperty("report").GetProperty("description").GetString()!;
        var found = await officer.GetJsonAsync($"/api/v1/reports/queue?q={Uri.EscapeDataString(marker[^10..])}&category=street-light&status=received");
        Assert.Equal([id], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var other = await AsAsync(SnnmtOfficer);
        var theirs = await other.GetJsonAsync($"/api/v1/reports/queue?q={id}");
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());

        // Paging: pageSize 1 gives a next link that carries the filters.
        var first = await officer.GetJsonAsync("/api/v1/reports/queue?pageSize=1&status=all");
        Assert.Contains("page=2", first.GetProperty("next").GetString(), StringComparison.Ordinal);
        Assert.Contains("status=all", first.GetProperty("next").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_units_officer_anonymous_callers_and_viewers_are_refused_and_nothing_changes()
    {
        var id = await SubmitAsync(app.Factory, "pothole");
        var other = await AsAsync(SnnmtOfficer);

        await Http.ProblemAsync(await other.PostAsJsonAsync($"/api/v1/reports/{id}/acknowledge", new { }, Ct), HttpStatusCode.Forbidden);
        await Http.ProblemAsync(await other.GetAsync($"/api/v1/reports/queue/{id}", Ct), HttpStatusCode.Forbidden);
        await Http.ProblemAsync(await other.GetAsync("/api/v1/reports/queue/999999999", Ct), HttpStatusCode.NotFound);

        var anonymous = app.Factory.NoRedirects();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/reports/{id}/acknowledge", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/queue", Ct)).StatusCode);
        var viewer = await AsAsync(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/reports/{id}/acknowledge", new { }, Ct)).StatusCode);

        var record = await (await AsAsync(SxdOfficer)).GetJsonAsync($"/api/v1/reports/queue/{id}");
        Assert.Equal("received", record.GetProperty("report").GetProperty("status").GetString());
        Assert.Single(record.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Bad_input_and_refused_moves_are_problems_that_name_what_was_wrong()
    {
        var id = await SubmitAsync(app.Factory, "pothole");
        var officer = await AsAsync(SxdOfficer);

        var badStatus = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/status", new { status = "fixed" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["status"], Http.ErrorFields(badStatus));
        var noReason = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/reject", new { publicMessage = " " }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["publicMessage"], Http.ErrorFields(noReason));
        var badUnit = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/assign", new { unitKind = "department", unitCode = "NOPE" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["unitCode"], Http.ErrorFields(badUnit));
        var badKind = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/assign", new { unitKind = "ministry", unitCode = "X" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["unitKind"], Http.ErrorFields(badKind));
        var tooLong = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { note = new string('x', 2001) }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["note"], Http.ErrorFields(tooLong));
        var self = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/merge", new { intoId = id }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["intoId"], Http.ErrorFields(self));
        var queue = await Http.ProblemAsync(await officer.GetAsync("/api/v1/reports/queue?status=fixed&pageSize=0", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["pageSize", "status"], Http.ErrorFields(queue).Order(StringComparer.Ordinal));

        // Received cannot become resolved: the workflow's 409, with the moves it allows.
        var refused = await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/resolve", new { }, Ct), HttpStatusCode.Conflict);
        Assert.Contains("acknowledged", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var record = await officer.GetJsonAsync($"/api/v1/reports/queue/{id}");
        Assert.Equal("received", record.GetProperty("report").GetProperty("status").GetString());
        Assert.Single(record.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Assigning_to_another_unit_hands_it_over_and_tells_that_units_officers()
    {
        var id = await SubmitAsync(app.Factory, "pothole");
        var officer = await AsAsync(SxdOfficer);

        var assigned = await PostAsync(officer, $"/api/v1/reports/{id}/assign", new { unitKind = "department", unitCode = "SNNMT", publicMessage = "Chuyển Sở Nông nghiệp và Môi trường" });
        Assert.Equal("SNNMT", assigned.GetProperty("report").GetProperty("unitCode").GetString());
        Assert.Equal("Sở Nông nghiệp và Môi trường", assigned.GetProperty("report").GetProperty("agency").GetString());

        await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{id}/start", new { }, Ct), HttpStatusCode.Forbidden);
        var other = await AsAsync(SnnmtOfficer);
        await PostAsync(other, $"/api/v1/reports/{id}/start", new { });

        using var scope = app.Factory.Services.CreateScope();
        var snnmt = await scope.ServiceProvider.GetRequiredService<IOfficerDirectory>().OfficersOfAsync(Demo.Jurisdiction, new OfficerUnit(OfficerUnitKind.Department, "SNNMT"), Ct);
        Assert.Contains(snnmt, o => o.User.Email == SnnmtOfficer);
        var keys = await OutboxKeysAsync($"reports.assigned.{id}.");
        foreach (var o in snnmt)
        {
            Assert.Contains(keys, k => k.EndsWith($":inapp:{o.User.Id:N}", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.EndsWith($":email:{o.User.Id:N}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_merge_marks_the_duplicate_and_tells_the_followers_of_both_reports()
    {
        var original = await SubmitAsync(app.Factory, "pothole", "Ổ gà lớn trước chợ");
        var duplicate = await SubmitAsync(app.Factory, "pothole", "Ổ gà trước cổng chợ");
        var officer = await AsAsync(SxdOfficer);

        var merged = await PostAsync(officer, $"/api/v1/reports/{duplicate}/merge", new { intoId = original, internalNote = "cùng vị trí" });

        Assert.Equal(("duplicate", original), (merged.GetProperty("report").GetProperty("status").GetString(), merged.GetProperty("report").GetProperty("duplicateOf").GetInt64()));
        var b = merged.GetProperty("history").EnumerateArray().Last();
        Assert.True(b.GetProperty("isPublic").GetBoolean());
        Assert.Contains(original.ToString(System.Globalization.CultureInfo.InvariantCulture), b.GetProperty("publicMessage").GetString(), StringComparison.Ordinal);
        var a = (await officer.GetJsonAsync($"/api/v1/reports/queue/{original}")).GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("merged", true), (a.GetProperty("kind").GetString(), a.GetProperty("isPublic").GetBoolean()));
        Assert.Contains(duplicate.ToString(System.Globalization.CultureInfo.InvariantCulture), a.GetProperty("publicMessage").GetString(), StringComparison.Ordinal);

        // A duplicate takes nothing more: merging into it is a conflict, and nothing is written.
        var third = await SubmitAsync(app.Factory, "pothole");
        await Http.ProblemAsync(await officer.PostAsJsonAsync($"/api/v1/reports/{third}/merge", new { intoId = duplicate }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("received", (await officer.GetJsonAsync($"/api/v1/reports/queue/{third}")).GetProperty("report").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_bulk_action_changes_each_report_entirely_or_not_at_all_and_says_which()
    {
        var mine = await SubmitAsync(app.Factory, "pothole");
        var alsoMine = await SubmitAsync(app.Factory, "street-light");
        var theirs = await SubmitAsync(app.Factory, "air-pollution");
        var officer = await AsAsync(SxdOfficer);
        // One of mine cannot be acknowledged twice: it fails alone.
        await PostAsync(officer, $"/api/v1/reports/{alsoMine}/acknowledge", new { });

        var bulk = await PostAsync(officer, "/api/v1/reports/bulk", new { ids = new[] { mine, alsoMine, theirs, 999_999_999L }, action = "status", status = "acknowledged", publicMessage = "Đã tiếp nhận", internalNote = "hàng loạt" });

        var results = bulk.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64());
        Assert.Equal((1, 3), (bulk.GetProperty("succeeded").GetInt32(), bulk.GetProperty("failed").GetInt32()));
        Assert.True(results[mine].GetProperty("ok").GetBoolean());
        Assert.Equal(409, results[alsoMine].GetProperty("problemStatus").GetInt32());
        Assert.Equal(403, results[theirs].GetProperty("problemStatus").GetInt32());
        Assert.Equal(404, results[999_999_999L].GetProperty("problemStatus").GetInt32());
        var untouched = await (await AsAsync(SnnmtOfficer)).GetJsonAsync($"/api/v1/reports/queue/{theirs}");
        Assert.Single(untouched.GetProperty("history").EnumerateArray());
        Assert.Equal(2, (await officer.GetJsonAsync($"/api/v1/reports/queue/{alsoMine}")).GetProperty("history").GetArrayLength());

        // Merge into one, and assign, over a selection.
        var a = await SubmitAsync(app.Factory, "pothole");
        var b = await SubmitAsync(app.Factory, "pothole");
        var c = await SubmitAsync(app.Factory, "pothole");
        var merge = await PostAsync(officer, "/api/v1/reports/bulk", new { ids = new[] { a, b, c }, action = "merge", intoId = a });
        Assert.Equal(2, merge.GetProperty("succeeded").GetInt32());
        Assert.Equal(3, (await officer.GetJsonAsync($"/api/v1/reports/queue/{a}")).GetProperty("history").GetArrayLength());
        var assign = await PostAsync(officer, "/api/v1/reports/bulk", new { ids = new[] { mine }, action = "assign", unitKind = "department", unitCode = "CTN" });
        Assert.Equal(1, assign.GetProperty("succeeded").GetInt32());

        var invalid = await Http.ProblemAsync(await officer.PostAsJsonAsync("/api/v1/reports/bulk", new { ids = Array.Empty<long>(), action = "explode" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["action", "ids"], Http.ErrorFields(invalid).Order(StringComparer.Ordinal));
    }

    private async Task<List<string>> OutboxKeysAsync(string prefix)
    {
        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.IdempotencyKey).ToListAsync(Ct);
    }
}

public sealed class CaseWorkTests_Sqlite(SqliteApp app) : CaseWorkTests(app), IClassFixture<SqliteApp>;

public sealed class CaseWorkTests_PostgreSql(PostgreSqlApp app) : CaseWorkTests(app), IClassFixture<PostgreSqlApp>;
