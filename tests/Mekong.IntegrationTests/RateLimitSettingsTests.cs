using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>Rate limits are settings (Mekong:RateLimits:*), validated at start like every other setting.</summary>
public sealed class RateLimitSettingsTests
{
    [Fact]
    public async Task The_log_in_limit_comes_from_the_settings()
    {
        await using var factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Mekong:RateLimits:Login:PerMinute"] = "2" });
        var client = SignIn.CookieClient(factory);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await SignIn.PostFormAsync(client, Demo.Viewer, "wrong-password-" + i)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_anonymous_read_limit_comes_from_the_settings()
    {
        await using var factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Mekong:RateLimits:PublicRead:AnonymousPerMinute"] = "3" });
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("Mekong__RateLimits__Login__PerMinute", "0", "Mekong:RateLimits:Login:PerMinute")]
    [InlineData("Mekong__RateLimits__PublicRead__AnonymousPerMinute", "-5", "Mekong:RateLimits:PublicRead:AnonymousPerMinute")]
    [InlineData("Mekong__RateLimits__AnonymousWrite__IdentifiedPerMinute", "0", "Mekong:RateLimits:AnonymousWrite:IdentifiedPerMinute")]
    [InlineData("Mekong__ReverseProxy__KnownProxies__0", "not-an-address", "Mekong:ReverseProxy:KnownProxies")]
    [InlineData("Mekong__ReverseProxy__KnownNetworks__0", "10.0.0.0/33", "Mekong:ReverseProxy:KnownNetworks")]
    [InlineData("Mekong__ReverseProxy__ForwardLimit", "0", "Mekong:ReverseProxy:ForwardLimit")]
    public async Task A_wrong_limit_or_proxy_setting_stops_the_server_naming_the_key(string variable, string value, string key)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { [variable] = value }, "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Mekong cannot start", result.Error, StringComparison.Ordinal);
        Assert.Contains(key, result.Error, StringComparison.Ordinal);
    }
}
