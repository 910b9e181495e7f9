using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Incidents;

/// <summary>One demo server per provider with the loopback SMTP server, shared by the incident test classes.</summary>
public abstract class IncidentsFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string Officer = "officer@phusa.example";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private MekongAppFactory? _factory;
    private string? _skip;

    public SmtpSink Smtp { get; private set; } = null!;

    public MekongAppFactory Factory => _factory ?? throw new InvalidOperationException(_skip ?? "not started");

    /// <summary>The demo province's communes today, by code.</summary>
    public IReadOnlyList<AdminUnitInfo> Communes { get; private set; } = [];

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
        var settings = NotificationsFixture.Settings(Smtp.Port);
        settings["Mekong:RateLimits:AnonymousWrite:AnonymousPerMinute"] = "1000";
        _factory = new MekongAppFactory(await TestStorage.CreateDemoAsync(kind), settings, ownsStorage: true);
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        Communes = await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().ListCommunesAsync(Demo.Jurisdiction, null, CancellationToken.None);
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

    public HttpClient Anonymous()
    {
        SkipIfUnavailable();
        return Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
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

public sealed class IncidentsSqlite() : IncidentsFixture(DatabaseKind.Sqlite)
{
    public const string Name = "Incidents on SQLite";
}

public sealed class IncidentsPostgreSql() : IncidentsFixture(DatabaseKind.PostgreSql)
{
    public const string Name = "Incidents on PostgreSQL";
}

[CollectionDefinition(IncidentsSqlite.Name)]
public sealed class IncidentsSqliteServers : ICollectionFixture<IncidentsSqlite>;

[CollectionDefinition(IncidentsPostgreSql.Name)]
public sealed class IncidentsPostgreSqlServers : ICollectionFixture<IncidentsPostgreSql>;
