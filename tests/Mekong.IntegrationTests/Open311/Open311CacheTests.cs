using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Open311;

/// <summary>
/// Open311 reads the jurisdictions and the categories from per-node caches (docs/adr/0026-open311-request-path.md):
/// an administrator's edit on this node must show in the very next answer — services, definitions, request lists,
/// posts and <c>jurisdiction_id</c> by website — never after the cache's time to live. Each provider's server is this
/// class's own (the tests change the demo jurisdiction's website).
/// </summary>
public abstract class Open311CacheTests(AppFixture app)
{
    private const string Base = "/open311/v2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_category_edit_shows_in_the_next_open311_answer()
    {
        var admin = await app.AdminAsync();
        var anonymous = app.Factory.CreateClient();
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var code = $"c-{Guid.NewGuid():N}"[..20];
        var body = Category(code, "Cây đổ", "Fallen tree", isPublic: true, attribute: "a_first");
        var id = (await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/report-categories", body, Ct), HttpStatusCode.Created)).GetProperty("id").GetString();
        // Read once: the catalog now holds the jurisdiction's categories.
        Assert.Equal("Cây đổ", ServiceName(await anonymous.GetJsonAsync($"{Base}/services.json"), code));
        var token = await PostAsync(anonymous, key, code, HttpStatusCode.OK);
        var requestId = (await anonymous.GetJsonAsync($"{Base}/tokens/{token}.json"))[0].GetProperty("service_request_id").GetString();

        await Http.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/report-categories/{id}", Category(code, "Cây gãy đổ", "Broken tree", isPublic: true, attribute: "a_second"), Ct), HttpStatusCode.OK);

        Assert.Equal("Cây gãy đổ", ServiceName(await anonymous.GetJsonAsync($"{Base}/services.json"), code));
        var definition = await anonymous.GetJsonAsync($"{Base}/services/{code}.json");
        Assert.Equal(["a_second"], definition.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        Assert.Equal("Cây gãy đổ", (await anonymous.GetJsonAsync($"{Base}/requests/{requestId}.json"))[0].GetProperty("service_name").GetString());

        await Http.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/report-categories/{id}", Category(code, "Cây gãy đổ", "Broken tree", isPublic: false, attribute: "a_second"), Ct), HttpStatusCode.OK);
        Assert.Null(ServiceName(await anonymous.GetJsonAsync($"{Base}/services.json"), code));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{Base}/services/{code}.json", Ct)).StatusCode);

        await Http.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/report-categories/{id}", body, Ct), HttpStatusCode.OK);
        await Http.JsonAsync(await admin.PostAsync($"/api/v1/admin/report-categories/{id}/deactivate", null, Ct), HttpStatusCode.OK);
        Assert.Null(ServiceName(await anonymous.GetJsonAsync($"{Base}/services.json"), code));
        await PostAsync(anonymous, key, code, HttpStatusCode.NotFound);

        await Http.JsonAsync(await admin.PostAsync($"/api/v1/admin/report-categories/{id}/activate", null, Ct), HttpStatusCode.OK);
        await PostAsync(anonymous, key, code, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_website_of_the_jurisdiction_is_its_open311_jurisdiction_id_at_once()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var api = app.Factory.WithApiKey(key);
        var url = $"/api/v1/jurisdictions/{Demo.Jurisdiction}";
        var nameVi = (await api.GetJsonAsync(url)).GetProperty("nameVi").GetString()!;
        var host = $"pa-{Guid.NewGuid():N}"[..12] + ".example.vn";
        var anonymous = app.Factory.CreateClient();
        // Asked for before it exists: the jurisdiction list is now cached without it.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{Base}/services.json?jurisdiction_id={host}", Ct)).StatusCode);

        await Http.JsonAsync(await api.PutAsJsonAsync(url, new { nameVi, website = $"https://www.{host}/" }, Ct), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Base}/services.json?jurisdiction_id={host}", Ct)).StatusCode);
    }

    private static object Category(string code, string nameVi, string nameEn, bool isPublic, string attribute) => new
    {
        code,
        nameVi,
        nameEn,
        group = "Cây xanh",
        responsibleKind = "commune",
        deadlineHours = 48,
        isPublic,
        isEmergency = false,
        attributes = new[] { new { code = attribute, datatype = "string", required = false, order = 1, descriptionVi = "Ghi chú", values = Array.Empty<object>() } },
    };

    private static string? ServiceName(System.Text.Json.JsonElement services, string code) =>
        services.EnumerateArray().Where(s => s.GetProperty("service_code").GetString() == code).Select(s => s.GetProperty("service_name").GetString()).FirstOrDefault();

    private static async Task<string?> PostAsync(HttpClient client, string key, string code, HttpStatusCode expected)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = code,
            ["lat"] = "9.6",
            ["long"] = "105.95",
            ["description"] = $"Thử bộ nhớ đệm {Guid.NewGuid():N}",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/requests.json") { Content = content };
        request.Headers.Add("X-Api-Key", key);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? (await Http.JsonAsync(response, HttpStatusCode.OK))[0].GetProperty("token").GetString() : null;
    }
}

public sealed class Open311CacheTests_Sqlite(SqliteApp app) : Open311CacheTests(app), IClassFixture<SqliteApp>;

public sealed class Open311CacheTests_PostgreSql(PostgreSqlApp app) : Open311CacheTests(app), IClassFixture<PostgreSqlApp>;
