using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>Connections only to this origin; what an authenticated caller reads is never cached.</summary>
public sealed class CacheAndCspTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_CSP_allows_connections_to_this_origin_only()
    {
        var response = await app.Factory.CreateClient().GetAsync("/", TestContext.Current.CancellationToken);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var connect = csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("connect-src", StringComparison.Ordinal));
        Assert.Equal("connect-src 'self'", connect);
    }

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/admin/users")]
    [InlineData("/api/v1/jurisdictions")]
    public async Task Authenticated_JSON_is_not_stored_by_any_cache(string path)
    {
        var (key, _) = await app.IssueKeyAsync("Administrator");
        var viaKey = await app.Factory.WithApiKey(key).GetAsync(path, TestContext.Current.CancellationToken);
        var viaCookie = await (await app.AdminAsync()).GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, viaKey.StatusCode);
        Assert.Equal("no-store", viaKey.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", viaCookie.Headers.CacheControl?.ToString());
    }
}
