using System.Net;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Simulator;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Live;
using Mekong.Platform.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.IntegrationTests.Cameras;

/// <summary>One demo server and one simulated fleet for a test class; the simulator's pictures run on a clock the tests move.</summary>
public sealed class SimulatedFleetFixture<TApp> : IAsyncLifetime
    where TApp : AppFixture, new()
{
    public const int Count = 24;

    public TApp App { get; } = new();

    public SettableClock PictureClock { get; } = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    internal CameraSimulator Simulator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        Simulator = await CameraSimulator.StartAsync(Count, clock: PictureClock);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await App.DisposeAsync();
    }
}

public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// The prober against the simulator over real sockets: the simulator's CSV imported, every camera checked, failures
/// injected (down, frozen, black, covered, bad credentials, slow, an area's power cut) and each seen with its state
/// and reason; no password in the prober's logs.
/// </summary>
public abstract class CameraProbeTests<TApp>(SimulatedFleetFixture<TApp> fleet)
    where TApp : AppFixture, new()
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ProbeOptions Options = new() { Confirmations = 1, Concurrency = 16, Timeout = TimeSpan.FromSeconds(4), SlowAfter = TimeSpan.FromSeconds(1.2) };

    private readonly CapturingLogger _log = new();

    private async Task<ProbeJob.SweepSummary> SweepAsync()
    {
        fleet.PictureClock.Advance(TimeSpan.FromSeconds(61));
        var services = fleet.App.Factory.Services;
        await using var scope = services.CreateAsyncScope();
        var job = new ProbeJob(
            scope.ServiceProvider.GetRequiredService<CamerasDbContext>(),
            new CameraProber(CameraProber.CreateHttpClient(), TimeProvider.System) { Timeout = Options.Timeout, SlowAfter = Options.SlowAfter },
            services.GetRequiredService<ISecretProtector>(), services.GetRequiredService<ILiveChannel>(),
            Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, _log);
        return await job.SweepAsync(Options, Ct, q => q.Where(c => c.Code.StartsWith("SIM-")), evenIfNotDue: true);
    }

    private static async Task<Dictionary<string, (string State, string? Fault)>> StatesAsync(HttpClient client)
    {
        var body = await client.GetJsonAsync("/api/v1/cameras?q=SIM-&limit=100");
        return body.GetProperty("items").EnumerateArray().ToDictionary(
            c => c.GetProperty("code").GetString()!,
            c => (c.GetProperty("state").GetString()!, c.GetProperty("fault").ValueKind == JsonValueKind.Null ? null : c.GetProperty("fault").GetString()));
    }

    [Fact]
    public async Task The_simulated_fleet_is_imported_checked_and_each_failure_is_seen_for_what_it_is()
    {
        var (key, _) = await fleet.App.IssueKeyAsync("Administrator");
        var client = fleet.App.Factory.WithApiKey(key);
        var import = await client.PostAsync("/api/v1/cameras/import", new StringContent(fleet.Simulator.Csv(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, (await Http.JsonAsync(import, HttpStatusCode.OK)).GetProperty("created").GetInt32());

        Assert.Equal(SimulatedFleetFixture<TApp>.Count, (await SweepAsync()).Checked);
        Assert.All(await StatesAsync(client), s => Assert.Equal(("online", null), s.Value));

        var faults = new Dictionary<string, SimulatedMode>
        {
            ["SIM-0003"] = SimulatedMode.Down,
            ["SIM-0004"] = SimulatedMode.Frozen,
            ["SIM-0005"] = SimulatedMode.Black,
            ["SIM-0006"] = SimulatedMode.Covered,
            ["SIM-0007"] = SimulatedMode.BadCredentials,
            ["SIM-0008"] = SimulatedMode.BadCredentials,
            ["SIM-0009"] = SimulatedMode.Slow,
        };
        foreach (var (code, mode) in faults)
        {
            fleet.Simulator.Fleet.SetMode(code, mode);
        }

        // A frozen picture is the third identical one.
        await SweepAsync();
        await SweepAsync();
        await SweepAsync();
        var states = await StatesAsync(client);

        Assert.Equal(("offline", "unreachable"), states["SIM-0003"]);
        Assert.Equal(("degraded", "frozen"), states["SIM-0004"]);
        Assert.Equal(("degraded", "black"), states["SIM-0005"]);
        Assert.Equal(("degraded", "covered"), states["SIM-0006"]);
        // Camera 7 speaks Digest, camera 8 Basic only: both refuse the registered password.
        Assert.Equal(("offline", "bad-credentials"), states["SIM-0007"]);
        Assert.Equal(("offline", "bad-credentials"), states["SIM-0008"]);
        Assert.Equal(("degraded", "slow"), states["SIM-0009"]);
        Assert.All(states.Where(s => !faults.ContainsKey(s.Key)), s => Assert.Equal(("online", null), s.Value));

        // Back up: the state returns, and the history has both changes.
        fleet.Simulator.Fleet.SetMode("SIM-0003", SimulatedMode.Ok);
        await SweepAsync();
        var id = (await client.GetJsonAsync("/api/v1/cameras?q=SIM-0003")).GetProperty("items")[0].GetProperty("id").GetString();
        var detail = await client.GetJsonAsync($"/api/v1/cameras/{id}");
        Assert.Equal("online", detail.GetProperty("camera").GetProperty("state").GetString());
        Assert.Equal(["online", "offline", "online"], detail.GetProperty("history").EnumerateArray().Reverse().Select(h => h.GetProperty("to").GetString()));

        // An area outage: every camera of one network segment drops.
        fleet.Simulator.Fleet.SetMode("seg-000", SimulatedMode.Down);
        await SweepAsync();
        Assert.All(await StatesAsync(client), s => Assert.Equal("offline", s.Value.State));
        fleet.Simulator.Fleet.SetMode("all", SimulatedMode.Ok);

        var logged = _log.Text;
        Assert.Contains("SIM-0003", logged, StringComparison.Ordinal);
        Assert.All(fleet.Simulator.Fleet.All, c => Assert.DoesNotContain(c.Password, logged, StringComparison.Ordinal));
    }

    private sealed class CapturingLogger : ILogger<ProbeJob>
    {
        private readonly StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_text)
            {
                _text.AppendLine(formatter(state, exception)).AppendLine(exception?.ToString());
            }
        }
    }
}

public sealed class CameraProbeTests_Sqlite(SimulatedFleetFixture<SqliteApp> fleet) : CameraProbeTests<SqliteApp>(fleet), IClassFixture<SimulatedFleetFixture<SqliteApp>>;

public sealed class CameraProbeTests_PostgreSql(SimulatedFleetFixture<PostgreSqlApp> fleet) : CameraProbeTests<PostgreSqlApp>(fleet), IClassFixture<SimulatedFleetFixture<PostgreSqlApp>>;
