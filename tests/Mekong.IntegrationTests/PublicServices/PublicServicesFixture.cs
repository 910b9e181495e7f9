using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.IntegrationTests.PublicServices;

/// <summary>One demo server per provider with the loopback SMTP server, shared by the public-services test classes.</summary>
public abstract class PublicServicesFixture(DatabaseKind kind) : IAsyncLifetime
{
    /// <summary>Anonymous writes allowed per minute here: enough for the tests, and low enough to prove the limit.</summary>
    public const int AnonymousWritesPerMinute = 60;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private MekongAppFactory? _factory;
    private string? _skip;

    public SmtpSink Smtp { get; private set; } = null!;

    public MekongAppFactory Factory => _factory ?? throw new InvalidOperationException(_skip ?? "not started");

    public DatabaseKind Kind => kind;

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            _skip = reason;
            return;
        }

        Smtp = await SmtpSink.StartAsync();
        var settings = Mekong.IntegrationTests.NotificationsFixture.Settings(Smtp.Port);
        settings["Mekong:RateLimits:AnonymousWrite:AnonymousPerMinute"] = AnonymousWritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory = new MekongAppFactory(await TestStorage.CreateAsync(kind), settings, ownsStorage: true);
        _ = _factory.Server;
    }

    public void SkipIfUnavailable()
    {
        if (_factory is null)
        {
            Assert.Skip(_skip ?? "The test server did not start.");
        }
    }

    /// <summary>A cookie client signed in as a demo account (once per fixture: the log-in form is rate limited).</summary>
    public async Task<HttpClient> AsAsync(string email)
    {
        SkipIfUnavailable();
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

    /// <summary>An anonymous resident with cookies (the antiforgery cookie), no redirects followed.</summary>
    public HttpClient Resident()
    {
        SkipIfUnavailable();
        return Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

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
            await Smtp.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>One SQLite server for every public-services test class (a collection: CI time is scarce).</summary>
public sealed class PublicServicesSqlite() : PublicServicesFixture(DatabaseKind.Sqlite)
{
    public const string Name = "PublicServices on SQLite";
}

public sealed class PublicServicesPostgreSql() : PublicServicesFixture(DatabaseKind.PostgreSql)
{
    public const string Name = "PublicServices on PostgreSQL";
}

[CollectionDefinition(PublicServicesSqlite.Name)]
public sealed class PublicServicesSqliteServers : ICollectionFixture<PublicServicesSqlite>;

[CollectionDefinition(PublicServicesPostgreSql.Name)]
public sealed class PublicServicesPostgreSqlServers : ICollectionFixture<PublicServicesPostgreSql>;
