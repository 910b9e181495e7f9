using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>API keys for systems, cookie log-in for people, and what each role may do.</summary>
public abstract class IdentityTests(AppFixture app)
{
    private const string WellFormedButUnknownKey = "mk_ABCDEFGH_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

    [Theory]
    [InlineData("not-a-key")]
    [InlineData(WellFormedButUnknownKey)]
    public async Task An_invalid_key_is_refused_even_on_a_public_endpoint(string key)
    {
        var response = await app.Factory.WithApiKey(key).GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("/problems/unauthorized", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Without_credentials_the_API_answers_401_not_a_redirect()
    {
        var response = await app.Factory.NoRedirects().GetAsync("/api/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Without_credentials_a_page_redirects_to_the_log_in_form()
    {
        var response = await app.Factory.NoRedirects().GetAsync("/ops", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_key_reads_but_may_not_change_the_jurisdiction()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.WithApiKey(key);

        var me = await client.GetJsonAsync("/api/v1/me");
        var put = await client.PutAsJsonAsync($"/api/v1/jurisdictions/{Demo.Jurisdiction}", new { nameVi = "Tỉnh Phù Sa", email = "ioc@phusa.example" }, TestContext.Current.CancellationToken);

        Assert.Equal(["Viewer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Demo.Jurisdiction, me.GetProperty("jurisdiction").GetString());
        Assert.True(me.GetProperty("isApiKey").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task An_administrator_key_changes_its_jurisdiction_and_gets_field_errors_for_bad_input()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var client = app.Factory.WithApiKey(key);
        var current = await client.GetJsonAsync($"/api/v1/jurisdictions/{Demo.Jurisdiction}");
        var nameVi = current.GetProperty("nameVi").GetString();
        var nameEn = current.GetProperty("nameEn").GetString();

        var ok = await client.PutAsJsonAsync($"/api/v1/jurisdictions/{Demo.Jurisdiction}", new { nameVi, nameEn, hotline = "(0299) 1022", email = "ioc@phusa.example", website = "https://phusa.example" }, TestContext.Current.CancellationToken);
        var bad = await client.PutAsJsonAsync($"/api/v1/jurisdictions/{Demo.Jurisdiction}", new { nameVi = "", email = "not an email", website = "ftp://x" }, TestContext.Current.CancellationToken);

        var updated = await Http.JsonAsync(ok, HttpStatusCode.OK);
        Assert.Equal("(0299) 1022", updated.GetProperty("hotline").GetString());
        Assert.Equal("(0299) 1022", (await client.GetJsonAsync($"/api/v1/jurisdictions/{Demo.Jurisdiction}")).GetProperty("hotline").GetString());
        var problem = await Http.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["email", "nameVi", "website"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_body_gets_a_problem_that_says_why_and_a_wrong_content_type_415()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var client = app.Factory.WithApiKey(key);
        var url = $"/api/v1/jurisdictions/{Demo.Jurisdiction}";

        using var broken = new StringContent("{\"nameVi\": ", System.Text.Encoding.UTF8, "application/json");
        using var wrongType = new StringContent("nameVi=x", System.Text.Encoding.UTF8, "text/plain");
        var malformed = await Http.ProblemAsync(await client.PutAsync(url, broken, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var unsupported = await client.PutAsync(url, wrongType, TestContext.Current.CancellationToken);

        Assert.Contains("JSON", malformed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task An_administrator_of_one_jurisdiction_may_not_change_another()
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");

        var response = await app.Factory.WithApiKey(key).PutAsJsonAsync("/api/v1/jurisdictions/01", new { nameVi = "Hà Nội" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var (key, id) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/admin/api-keys/{id}", TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Issuing_a_key_with_bad_fields_lists_them()
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "", role = "Emperor" }, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["name", "role"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_viewer_key_may_not_issue_keys()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");

        var response = await app.Factory.WithApiKey(key).PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "x", role = "Administrator", jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_log_in_redirects_to_the_return_url_and_the_API_knows_the_user()
    {
        var client = SignIn.CookieClient(app.Factory);

        var response = await SignIn.PostFormAsync(client, Demo.Viewer, Demo.Password, returnUrl: "/ops?tab=map");
        var me = await client.GetJsonAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops?tab=map", response.Headers.Location?.OriginalString);
        Assert.Equal(Demo.Viewer, me.GetProperty("name").GetString());
        Assert.Equal(["Viewer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(me.GetProperty("isApiKey").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_password_sends_back_to_the_form_and_an_outside_return_url_is_ignored()
    {
        var client = SignIn.CookieClient(app.Factory);

        var response = await SignIn.PostFormAsync(client, Demo.Operator, "wrong-password-1", returnUrl: "//evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/login?error=invalid", location, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_log_in_post_without_the_antiforgery_token_is_a_400_problem()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = Demo.Viewer, ["Password"] = Demo.Password });

        var response = await app.Factory.NoRedirects().PostAsync("/account/login", form, TestContext.Current.CancellationToken);

        await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

}

/// <summary>Lock-out, on a server of its own: the log-in form is rate limited per address (10 a minute), and the other log-in tests share one.</summary>
public abstract class LockoutTests(AppFixture app)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        // A user of its own: locking a demo account would break the other log-in tests.
        var email = $"lock-{Guid.NewGuid():N}@phusa.example";
        const string password = "correct-horse-42";
        var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, role = "Viewer", password }, TestContext.Current.CancellationToken);
        await Http.JsonAsync(created, HttpStatusCode.Created);
        var client = SignIn.CookieClient(app.Factory);

        var locations = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            locations.Add((await SignIn.PostFormAsync(client, email, "wrong-password-" + i)).Headers.Location!.OriginalString);
        }

        // A locked account answers like a wrong password (no account enumeration); the right password is refused.
        Assert.All(locations, l => Assert.StartsWith("/login?error=invalid", l, StringComparison.Ordinal));
        var withRightPassword = await SignIn.PostFormAsync(client, email, password);
        Assert.StartsWith("/login?error=invalid", withRightPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

public sealed class IdentityTests_Sqlite(SqliteApp app) : IdentityTests(app), IClassFixture<SqliteApp>;

public sealed class IdentityTests_PostgreSql(PostgreSqlApp app) : IdentityTests(app), IClassFixture<PostgreSqlApp>;

public sealed class LockoutTests_Sqlite(SqliteApp app) : LockoutTests(app), IClassFixture<SqliteApp>;

public sealed class LockoutTests_PostgreSql(PostgreSqlApp app) : LockoutTests(app), IClassFixture<PostgreSqlApp>;
