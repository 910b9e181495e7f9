using System.Net.Http.Json;
using System.Text.Json;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// One server per test class and provider, started once, seeded with the demo province. Tests read the demo data
/// and create what they change; none counts rows another test inserted.
/// </summary>
public abstract class AppFixture(DatabaseKind kind) : IAsyncLifetime
{
    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private HttpClient? _admin;
    private MekongAppFactory? _factory;

    public DatabaseKind Kind => kind;

    /// <summary>The server; skips (or, in CI, fails) the calling test when its database is out of reach.</summary>
    public MekongAppFactory Factory
    {
        get
        {
            if (_factory is null)
            {
                Assert.Skip(SkipReason ?? "The test server did not start.");
            }

            return _factory;
        }
    }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            SkipReason = reason;
            return;
        }

        _factory = new MekongAppFactory(await TestStorage.CreateDemoAsync(kind), ownsStorage: true);
        // Start (migrate, seed) here, so the first test's time is its own.
        _ = _factory.Server;
    }

    /// <summary>A client signed in with a cookie as the demo administrator of jurisdiction 90 (one log-in per fixture: the log-in form is rate limited).</summary>
    public async Task<HttpClient> AdminAsync()
    {
        await _adminGate.WaitAsync();
        try
        {
            return _admin ??= await SignIn.AsAsync(Factory, Demo.Admin, Demo.Password);
        }
        finally
        {
            _adminGate.Release();
        }
    }

    /// <summary>Issues an API key through the admin API and returns its secret.</summary>
    public async Task<(string Key, string Id)> IssueKeyAsync(string role, string? jurisdiction = Demo.Jurisdiction)
    {
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"it-{role}-{Guid.NewGuid():N}", role, jurisdiction });
        var body = await Http.JsonAsync(response, System.Net.HttpStatusCode.Created);
        return (body.GetProperty("key").GetString()!, body.GetProperty("apiKey").GetProperty("id").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        _adminGate.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApp() : AppFixture(DatabaseKind.Sqlite);

public sealed class PostgreSqlApp() : AppFixture(DatabaseKind.PostgreSql);

/// <summary>What demo mode seeds (see AccessDemoSeeder, DemoProvinceGenerator).</summary>
public static class Demo
{
    public const string Jurisdiction = "90";
    public const string Password = "phusa-demo-2025";
    public const string Admin = "admin@phusa.example";
    public const string Operator = "operator@phusa.example";
    public const string Viewer = "viewer@phusa.example";
    public const string ProvinceName = "Phù Sa";
}

public static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
