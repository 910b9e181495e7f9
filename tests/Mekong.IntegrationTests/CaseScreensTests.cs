using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>The officers' screens and the category admin screen over HTTP, on both databases: scope, forms, field errors.</summary>
public abstract class CaseScreensTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> PostFormAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetAsync(url, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)page.StatusCode}");
        fields["__RequestVerificationToken"] = SignIn.AntiforgeryToken(html);
        fields["_handler"] = handler;
        using var form = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(url, form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }

    [Fact]
    public async Task The_queue_screen_shows_the_units_reports_and_a_case_of_another_unit_is_refused()
    {
        var mine = await CaseWorkTests.SubmitAsync(app.Factory, "pothole", "Màn hình hàng đợi");
        var theirs = await CaseWorkTests.SubmitAsync(app.Factory, "air-pollution");
        var officer = await CaseWorkTests.SignedInAsync(app.Factory, CaseWorkTests.SxdOfficer);

        var queue = await officer.GetStringAsync($"/reports/queue?q={mine}", Ct);
        Assert.Contains($"href=\"/reports/queue/{mine}\"", queue, StringComparison.Ordinal);
        Assert.Contains("case-clock", queue, StringComparison.Ordinal);
        Assert.Contains("id=\"case-map\"", queue, StringComparison.Ordinal);

        var refused = await officer.GetAsync($"/reports/queue/{theirs}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("case-refused", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The case screen's form: acknowledged with a message to the resident; the reporter's phone is shown to the officer.
        var done = await PostFormAsync(officer, $"/reports/queue/{mine}", "status", new() { ["status"] = "acknowledged", ["publicMessage"] = "Đã nhận qua màn hình", ["internalNote"] = "ghi chú màn hình" });
        Assert.Contains("data-status=\"acknowledged\"", done, StringComparison.Ordinal);
        Assert.Contains("Đã nhận qua màn hình", done, StringComparison.Ordinal);
        Assert.Contains("0912345678", done, StringComparison.Ordinal);

        // The bulk form over the queue: one report acknowledged again is refused on its own line.
        var bulk = await PostFormAsync(officer, $"/reports/queue?q={mine}", "bulk", new() { ["ids"] = mine.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "status", ["status"] = "acknowledged" });
        Assert.Contains($"data-report=\"{mine}\" data-ok=\"false\"", bulk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_category_screen_lists_creates_and_shows_field_errors_for_administrators_only()
    {
        var admin = await app.AdminAsync();
        var list = await admin.GetStringAsync("/admin/report-categories", Ct);
        Assert.Contains("street-light", list, StringComparison.Ordinal);

        var refused = await PostFormAsync(admin, "/admin/report-categories", "category", new() { ["code"] = "", ["nameVi"] = "", ["responsibleKind"] = "commune", ["deadlineHours"] = "0", ["attributes"] = "x | colour | no | X" });
        Assert.Contains("c-nameVi-error", refused, StringComparison.Ordinal);
        Assert.Contains("c-deadlineHours-error", refused, StringComparison.Ordinal);
        Assert.Contains("c-attributes-error", refused, StringComparison.Ordinal);

        var code = $"scr-{Guid.NewGuid():N}"[..16];
        var created = await PostFormAsync(admin, "/admin/report-categories", "category", new()
        {
            ["code"] = code,
            ["nameVi"] = "Màn hình",
            ["nameEn"] = "Screen",
            ["group"] = "Thử",
            ["responsibleKind"] = "department",
            ["responsibleCode"] = "SXD",
            ["deadlineHours"] = "48",
            ["isPublic"] = "true",
            ["attributes"] = "kind | singlevaluelist | yes | Loại | Kind | a=Một/One; b=Hai/Two\nnote | text | no | Ghi chú | Note",
        });
        Assert.Contains("category-saved", created, StringComparison.Ordinal);
        var definition = await app.Factory.CreateClient().GetJsonAsync($"/open311/v2/services/{code}.json");
        Assert.Equal(["singlevaluelist", "text"], definition.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("datatype").GetString()));

        var officer = await CaseWorkTests.SignedInAsync(app.Factory, CaseWorkTests.SxdOfficer);
        var page = await officer.GetAsync("/admin/report-categories", Ct);
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }
}

public sealed class CaseScreensTests_Sqlite(SqliteApp app) : CaseScreensTests(app), IClassFixture<SqliteApp>;

public sealed class CaseScreensTests_PostgreSql(PostgreSqlApp app) : CaseScreensTests(app), IClassFixture<PostgreSqlApp>;
