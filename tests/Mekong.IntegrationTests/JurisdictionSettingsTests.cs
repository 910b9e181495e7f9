using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// The page /admin/jurisdiction and <c>PUT /api/v1/jurisdictions/{code}</c> go through one handler: they accept,
/// refuse and store the same. Each provider's server is this class's own (the tests change the demo jurisdiction).
/// </summary>
public abstract partial class JurisdictionSettingsTests(AppFixture app)
{
    private const string Url = $"/api/v1/jurisdictions/{Demo.Jurisdiction}";

    [Fact]
    public async Task A_blank_English_name_is_stored_as_the_Vietnamese_name_by_the_API_and_by_the_page()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var api = app.Factory.WithApiKey(key);
        var nameVi = (await api.GetJsonAsync(Url)).GetProperty("nameVi").GetString()!;

        var put = await Http.JsonAsync(await api.PutAsJsonAsync(Url, new { nameVi, nameEn = "" }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(nameVi, put.GetProperty("nameEn").GetString());
        Assert.Equal(nameVi, (await api.GetJsonAsync(Url)).GetProperty("nameEn").GetString());

        await Http.JsonAsync(await api.PutAsJsonAsync(Url, new { nameVi, nameEn = "Phu Sa Province" }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        var page = await PostPageAsync(new() { ["Input.NameVi"] = nameVi, ["Input.NameEn"] = "" });
        Assert.Contains("id=\"jurisdiction-saved\"", page, StringComparison.Ordinal);
        Assert.Equal(nameVi, (await api.GetJsonAsync(Url)).GetProperty("nameEn").GetString());
    }

    [Fact]
    public async Task A_control_character_or_an_overlong_name_is_refused_by_both_naming_the_field()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var api = app.Factory.WithApiKey(key);
        var before = await api.GetJsonAsync(Url);

        var control = await Http.ProblemAsync(await api.PutAsJsonAsync(Url, new { nameVi = "Tỉnh\u0000Phù Sa", nameEn = "Phu\nSa" }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var overlong = await Http.ProblemAsync(await api.PutAsJsonAsync(Url, new { nameVi = new string('a', 100_000) }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var page = await PostPageAsync(new() { ["Input.NameVi"] = "Tỉnh\u001bPhù Sa", ["Input.NameEn"] = new string('b', 201) });

        Assert.Equal(["nameEn", "nameVi"], Http.ErrorFields(control).Order(StringComparer.Ordinal));
        Assert.Contains("control characters", control.GetProperty("errors").GetProperty("nameVi")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["nameVi"], Http.ErrorFields(overlong));
        Assert.Contains("id=\"nameVi-error\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"nameEn-error\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"jurisdiction-saved\"", page, StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("nameVi").GetString(), (await api.GetJsonAsync(Url)).GetProperty("nameVi").GetString());
    }

    /// <summary>Posts the settings form as a browser does (its hidden fields and antiforgery token) with some fields changed; returns the page.</summary>
    private async Task<string> PostPageAsync(Dictionary<string, string> changes)
    {
        var client = await app.AdminAsync();
        var html = await (await client.GetAsync("/admin/jurisdiction", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(html))
        {
            if (NameAttribute().Match(input.Value) is { Success: true } name)
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
            }
        }

        Assert.True(fields.ContainsKey("_handler") && fields.ContainsKey("__RequestVerificationToken"), "the form has its handler name and antiforgery token");
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        using var form = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync("/admin/jurisdiction", form, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /admin/jurisdiction gave {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bname=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}

public sealed class JurisdictionSettingsTests_Sqlite(SqliteApp app) : JurisdictionSettingsTests(app), IClassFixture<SqliteApp>;

public sealed class JurisdictionSettingsTests_PostgreSql(PostgreSqlApp app) : JurisdictionSettingsTests(app), IClassFixture<PostgreSqlApp>;
