using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Http;

namespace Mekong.IntegrationTests;

/// <summary>
/// Return URLs (log-in, log-out, culture switch, single sign-on) are paths on this site as every browser reads them:
/// one check in Platform (LocalUrls) serves them all.
/// </summary>
public sealed class ReturnUrlTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/\t/evil.example/x")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/ops\\..\\\\evil")]
    [InlineData(" //evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("~/ops")]
    [InlineData("ops")]
    [InlineData("")]
    [InlineData(null)]
    public void What_a_browser_could_read_as_another_site_is_not_local(string? url)
    {
        Assert.False(LocalUrls.IsLocal(url));
        Assert.Equal("/fallback", LocalUrls.LocalOr(url, "/fallback"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ops")]
    [InlineData("/ops?tab=map&x=%2F%2Fevil")]
    [InlineData("/admin/users#top")]
    public void A_path_on_this_site_is_local(string url)
    {
        Assert.True(LocalUrls.IsLocal(url));
        Assert.Equal(url, LocalUrls.LocalOr(url, "/fallback"));
    }

    [Fact]
    public void A_return_url_longer_than_the_limit_is_not_local()
    {
        Assert.False(LocalUrls.IsLocal("/" + new string('a', LocalUrls.MaxLength)));
    }

    [Fact]
    public async Task A_log_in_with_a_tab_smuggled_return_url_lands_on_our_own_page()
    {
        var client = SignIn.CookieClient(app.Factory);

        var response = await SignIn.PostFormAsync(client, Demo.Viewer, Demo.Password, returnUrl: "/\t/evil.example/x");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/%5Cevil")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0d%0a/evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public async Task The_culture_switch_refuses_a_return_url_off_this_site_with_a_problem(string returnUrl)
    {
        var response = await app.Factory.NoRedirects().GetAsync($"/culture/en?returnUrl={returnUrl}", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("returnUrl", Http.ErrorFields(problem));
    }

    [Fact]
    public async Task The_culture_switch_goes_back_to_a_local_page_and_sets_the_cookie()
    {
        var response = await app.Factory.NoRedirects().GetAsync("/culture/en?returnUrl=%2Fops%3Ftab%3Dmap", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops?tab=map", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_out_goes_to_a_local_return_url_and_ignores_one_off_this_site()
    {
        var client = await SignIn.AsAsync(app.Factory, Demo.Operator, Demo.Password);
        var outside = await LogOut.PostAsync(client, "/\t/evil.example");
        var again = await SignIn.AsAsync(app.Factory, Demo.Operator, Demo.Password);
        var inside = await LogOut.PostAsync(again, "/culture/vi?returnUrl=%2F");

        Assert.Equal(HttpStatusCode.Redirect, outside.StatusCode);
        Assert.Equal("/", outside.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, inside.StatusCode);
        Assert.Equal("/culture/vi?returnUrl=%2F", inside.Headers.Location?.OriginalString);
    }
}

/// <summary>Log-out as the page does it: the sign-out form on a signed-in page carries the antiforgery token.</summary>
public static class LogOut
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? returnUrl = null, bool withToken = true)
    {
        var fields = new Dictionary<string, string>();
        if (withToken)
        {
            var page = await client.GetAsync("/ops");
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /ops gave {(int)page.StatusCode}");
            fields["__RequestVerificationToken"] = SignIn.AntiforgeryToken(html);
        }

        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync("/account/logout", form);
    }
}
