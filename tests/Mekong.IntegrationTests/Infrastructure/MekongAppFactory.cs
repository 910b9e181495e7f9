using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// The real server (all modules, real database) in memory. Settings go through <c>UseSetting</c>, which reaches the
/// program as command-line arguments, so that even what the composition root reads before Build (the provider) sees
/// them. Environment Development: no HTTPS redirection on the in-memory server.
/// </summary>
public sealed class MekongAppFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsStorage;
    private readonly Dictionary<string, string?> _settings;

    public MekongAppFactory(TestStorage storage, IReadOnlyDictionary<string, string?>? settings = null, bool ownsStorage = false)
    {
        Storage = storage;
        _ownsStorage = ownsStorage;
        _settings = new Dictionary<string, string?>(storage.Settings, StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TestStorage Storage { get; }

    public DatabaseKind Kind => Storage.Kind;

    /// <summary>A server over storage of its own (a copy of the seeded demo unless the settings switch the demo off), dropped with it.</summary>
    public static async Task<MekongAppFactory> CreateAsync(DatabaseKind kind, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        // A demo server starts from a copy of the seeded demo; one with the demo switched off from empty storage.
        var demo = settings is null || !settings.TryGetValue("Mekong:Demo", out var value) || !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
        return new MekongAppFactory(await (demo ? TestStorage.CreateDemoAsync(kind) : TestStorage.CreateAsync(kind)), settings, ownsStorage: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsStorage)
        {
            await Storage.DisposeAsync();
        }
    }
}
