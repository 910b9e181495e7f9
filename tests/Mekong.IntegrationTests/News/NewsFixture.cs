using System.Collections.Concurrent;
using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.IntegrationTests.News;

/// <summary>One demo server per provider (periodic jobs off: the tests run the news jobs themselves), one loopback feed server and one loopback mail server.</summary>
public abstract class NewsFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string Editor = "bientap@phusa.example";
    public const string PublicBaseUrl = "https://portal.phusa.example";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private MekongAppFactory? _factory;

    public MekongAppFactory Factory => _factory ?? throw new InvalidOperationException("not started");

    public FeedServer Feeds { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Feeds = await FeedServer.StartAsync();
        Smtp = await SmtpSink.StartAsync();
        // The loopback mail server and a quick outbox (notices to followers, ADR 0042); periodic jobs off: tests run them.
        var settings = NotificationsFixture.Settings(Smtp.Port);
        settings["Mekong:PublicBaseUrl"] = PublicBaseUrl;
        settings["Mekong:Jobs:Run"] = "false";
        settings["Mekong:News:MaxFeedBytes"] = "200000";
        _factory = await MekongAppFactory.CreateAsync(kind, settings);
        _ = _factory.Server;
    }

    public async Task<HttpClient> AsAsync(string email)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(email, out var client))
            {
                client = SignIn.CookieClient(Factory);
                var response = await SignIn.PostFormAsync(client, email, Demo.Password);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Log-in as {email} failed: {(int)response.StatusCode}");
                _clients[email] = client;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _gate.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Feeds.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Feed files served over 127.0.0.1 the way outlets serve them: a strong ETag and Last-Modified, 304 to a matching
/// If-None-Match; it records each request's conditional headers.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, (byte[] Body, string ContentType)> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Name, string? IfNoneMatch, string? IfModifiedSince, int Status)> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public string Url(string name) => new Uri(BaseUrl, "/feeds/" + name).ToString();

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FeedServer(app);
        var modified = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        app.MapGet("/feeds/{name}", (string name, HttpContext http) =>
        {
            var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
            var ifModifiedSince = http.Request.Headers.IfModifiedSince.ToString();
            if (!server.Files.TryGetValue(name, out var file))
            {
                server.Requests.Enqueue((name, ifNoneMatch, ifModifiedSince, 404));
                return Results.NotFound();
            }

            var etag = $"\"{name}-{file.Body.Length}\"";
            var status = ifNoneMatch == etag ? 304 : 200;
            server.Requests.Enqueue((name, NullIfEmpty(ifNoneMatch), NullIfEmpty(ifModifiedSince), status));
            http.Response.Headers.ETag = etag;
            http.Response.Headers.LastModified = modified.ToString("r");
            return status == 304 ? Results.StatusCode(304) : Results.Bytes(file.Body, file.ContentType);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class NewsSqlite() : NewsFixture(DatabaseKind.Sqlite);

public sealed class NewsPostgreSql() : NewsFixture(DatabaseKind.PostgreSql);
