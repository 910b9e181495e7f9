using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// Log-out ends the session on the server (ADR 0011): a copy of the cookie taken before log-out is refused after it,
/// and log-out itself needs the page's antiforgery token.
/// </summary>
public abstract class SessionTests(AppFixture app)
{
    [Fact]
    public async Task A_cookie_replayed_after_log_out_is_refused()
    {
        var (browser, cookie) = await SignInAsync(Demo.Operator);
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        var logout = await LogOut.PostAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Log_out_ends_only_that_session()
    {
        var (first, _) = await SignInAsync(Demo.Viewer);
        var (_, second) = await SignInAsync(Demo.Viewer);

        await LogOut.PostAsync(first);

        Assert.Equal(HttpStatusCode.OK, (await Replay(second).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Log_out_without_the_antiforgery_token_is_refused_and_the_session_lives_on()
    {
        var (browser, cookie) = await SignInAsync(Demo.Viewer);

        var logout = await LogOut.PostAsync(browser, withToken: false);

        await Http.ProblemAsync(logout, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_stays_small_whatever_the_claims()
    {
        var (_, cookie) = await SignInAsync(Demo.Admin);

        Assert.True(cookie.Length < 1200, $"The sign-in cookie is {cookie.Length} characters.");
    }

    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(string email)
    {
        var browser = SignIn.CookieClient(app.Factory);
        var response = await SignIn.PostFormAsync(browser, email, Demo.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".Mekong.Auth=", StringComparison.Ordinal));
        return (browser, cookie);
    }

    /// <summary>Someone else sending a copy of the cookie: a client of its own with only that header.</summary>
    private HttpClient Replay(string cookie)
    {
        var client = app.Factory.NoRedirects();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}

public sealed class SessionTests_Sqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTests_PostgreSql(PostgreSqlApp app) : SessionTests(app), IClassFixture<PostgreSqlApp>;
