using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// Behind a reverse proxy named in Mekong:ReverseProxy, in Production: its X-Forwarded-* headers are believed (HSTS,
/// Secure cookies, no HTTPS redirect loop, rate limits per client, links on the forwarded host); anyone else's are not.
/// The in-memory server sees the peer address given in <c>X-Test-Peer</c>, as if the TCP connection came from it.
/// </summary>
public sealed class ReverseProxyTests(ReverseProxyTests.Servers servers) : IClassFixture<ReverseProxyTests.Servers>
{
    private const string Proxy = "10.1.2.3";
    private const string Stranger = "10.9.9.9";
    private const string PublicHost = "ioc.phusa.example";
    private readonly WebApplicationFactory<Program> _httpsServer = servers.Https;
    private readonly WebApplicationFactory<Program> _plainServer = servers.Plain;

    /// <summary>
    /// The two servers, shared by the class's tests (each test speaks for clients of its own, so no test spends
    /// another's rate-limit bucket).
    /// </summary>
    public sealed class Servers : IAsyncLifetime
    {
        private MekongAppFactory? _https;
        private MekongAppFactory? _plain;

        public WebApplicationFactory<Program> Https { get; private set; } = null!;

        public WebApplicationFactory<Program> Plain { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            // As a province runs it: TLS ends at the proxy, which forwards to us on plain HTTP; we redirect HTTP to 443.
            _https = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
            {
                ["Mekong:ReverseProxy:KnownProxies:0"] = Proxy,
                ["https_port"] = "443",
            });
            Https = InProduction(_https);
            // Without HTTPS redirection, so that an untrusted request reaches the rate limiter.
            _plain = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
            {
                ["Mekong:ReverseProxy:KnownProxies:0"] = Proxy,
                ["Mekong:RateLimits:Login:PerMinute"] = "2",
            });
            Plain = InProduction(_plain);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var server in new IAsyncDisposable?[] { Https, Plain, _https, _plain })
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public async Task HTTPS_forwarded_by_the_known_proxy_is_not_redirected_and_gets_HSTS()
    {
        var response = await Send(_httpsServer, HttpMethod.Get, "/login", Proxy, "198.51.100.7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "No HSTS header through the known proxy.");
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        var response = await Send(_httpsServer, HttpMethod.Get, "/login", Stranger, "198.51.100.7");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost/login", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_log_in_through_the_known_proxy_sets_a_Secure_cookie()
    {
        var page = await Send(_httpsServer, HttpMethod.Get, "/login", Proxy, "198.51.100.8");
        var token = SignIn.AntiforgeryToken(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var response = await Send(_httpsServer, HttpMethod.Post, "/account/login", Proxy, "198.51.100.8", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Demo.Viewer,
            ["Password"] = Demo.Password,
            ["ReturnUrl"] = "/ops",
            ["__RequestVerificationToken"] = token,
        }), cookies);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops", response.Headers.Location?.OriginalString);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Mekong.Auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Each_client_behind_the_known_proxy_has_its_own_log_in_bucket()
    {
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await Send(_plainServer, HttpMethod.Post, "/account/login", Proxy, "198.51.100.21", EmptyForm())).StatusCode);
        }

        var other = (await Send(_plainServer, HttpMethod.Post, "/account/login", Proxy, "198.51.100.22", EmptyForm())).StatusCode;

        // 400: no antiforgery token (the limiter counts the attempt first); 429: that client's bucket is empty.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.BadRequest, other);
    }

    [Fact]
    public async Task An_unknown_proxy_cannot_buy_its_clients_fresh_buckets()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Send(_plainServer, HttpMethod.Post, "/account/login", Stranger, $"198.51.100.{30 + i}", EmptyForm())).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Paging_links_use_the_forwarded_host_from_the_known_proxy()
    {
        var response = await Send(_plainServer, HttpMethod.Get, "/api/v1/admin-units?limit=1", Proxy, "198.51.100.40");

        var next = await NextAsync(response);
        Assert.StartsWith($"https://{PublicHost}/api/v1/admin-units?", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_links_never_reflect_a_Host_header_that_no_proxy_vouched_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin-units?limit=1");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Test-Peer", Stranger);
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Original-Host", "evil.example");

        var next = await NextAsync(await _plainServer.CreateClient().SendAsync(request, TestContext.Current.CancellationToken));

        Assert.DoesNotContain("evil", next, StringComparison.Ordinal);
        Assert.StartsWith("/api/v1/admin-units?", next, StringComparison.Ordinal);
    }

    private static async Task<string> NextAsync(HttpResponseMessage response)
    {
        var body = await Http.JsonAsync(response, HttpStatusCode.OK);
        return body.GetProperty("next").GetString() ?? throw new InvalidOperationException("no next link");
    }

    private static FormUrlEncodedContent EmptyForm() => new(new Dictionary<string, string> { ["Email"] = Demo.Viewer, ["Password"] = "x" });

    private static async Task<HttpResponseMessage> Send(WebApplicationFactory<Program> server, HttpMethod method, string path, string peer, string client, HttpContent? content = null, string? cookies = null)
    {
        var http = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", PublicHost);
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static WebApplicationFactory<Program> InProduction(MekongAppFactory factory) => factory.WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        b.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddress>());
    });

    /// <summary>Sets the connection's remote address from X-Test-Peer before the application's pipeline runs.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers["X-Test-Peer"].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
