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
using Microsoft.Extensions.Logging.Abstractions;

namespace Mekong.IntegrationTests.Cameras;

/// <summary>
/// The health screens (ADR 0034) over the simulated fleet, with the default flap damping (two checks confirm a
/// change): failures show on the health panel, the fleet table, the map layer and a camera's page within two probe
/// sweeps; a sweep announces its changes in one live message; pictures are for operators; no password anywhere.
/// </summary>
public abstract class CameraScreensTests<TApp>(SimulatedFleetFixture<TApp> fleet)
    where TApp : AppFixture, new()
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The defaults but for the slow threshold (a loaded CI machine must not make healthy cameras "slow").
    private static readonly ProbeOptions Options = new() { Concurrency = 24, Timeout = TimeSpan.FromSeconds(4), SlowAfter = TimeSpan.FromSeconds(3) };

    private readonly CapturingLive _live = new();

    private async Task SweepAsync()
    {
        fleet.PictureClock.Advance(TimeSpan.FromSeconds(61));
        var services = fleet.App.Factory.Services;
        await using var scope = services.CreateAsyncScope();
        var job = new ProbeJob(
            scope.ServiceProvider.GetRequiredService<CamerasDbContext>(),
            new CameraProber(CameraProber.CreateHttpClient(), TimeProvider.System) { Timeout = Options.Timeout, SlowAfter = Options.SlowAfter },
            services.GetRequiredService<ISecretProtector>(), _live,
            Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<ProbeJob>.Instance);
        await job.SweepAsync(Options, Ct, q => q.Where(c => c.Code.StartsWith("SIM-")), evenIfNotDue: true);
    }

    [Fact]
    public async Task Failures_show_on_every_screen_within_two_sweeps_and_pictures_are_for_operators_only()
    {
        var (adminKey, _) = await fleet.App.IssueKeyAsync("Administrator");
        var admin = fleet.App.Factory.WithApiKey(adminKey);
        // The demo's cameras use the simulator's feeder and segment names: these cameras get names of their own, so
        // that an outage of the simulator's feeder-000 is a whole feeder's (the simulator still knows it by its name).
        var csv = fleet.Simulator.Csv().Replace(",feeder-", ",sim-feeder-", StringComparison.Ordinal).Replace(",seg-", ",sim-seg-", StringComparison.Ordinal);
        var import = await admin.PostAsync("/api/v1/cameras/import", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        await Http.JsonAsync(import, HttpStatusCode.OK);
        await SweepAsync();
        var (viewerKey, _) = await fleet.App.IssueKeyAsync("Viewer");
        var viewer = fleet.App.Factory.WithApiKey(viewerKey);
        var health = await viewer.GetJsonAsync("/api/v1/cameras/health?q=SIM-");
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, health.GetProperty("online").GetInt32());
        Assert.Equal(100.0, health.GetProperty("onlinePercent").GetDouble());

        fleet.Simulator.Fleet.SetMode("SIM-0003", SimulatedMode.Down);
        fleet.Simulator.Fleet.SetMode("SIM-0005", SimulatedMode.Black);
        _live.Messages.Clear();
        await SweepAsync();
        // One check is not yet a change (flap damping): still online everywhere, nothing announced.
        Assert.Equal(0, (await viewer.GetJsonAsync("/api/v1/cameras/health?q=SIM-")).GetProperty("offline").GetInt32());
        Assert.Empty(_live.Messages);
        await SweepAsync();

        health = await viewer.GetJsonAsync("/api/v1/cameras/health?q=SIM-");
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, health.GetProperty("counted").GetInt32());
        Assert.Equal(1, health.GetProperty("offline").GetInt32());
        Assert.Equal(1, health.GetProperty("degraded").GetInt32());
        Assert.Equal(Math.Round(100.0 * (SimulatedFleetFixture<TApp>.Count - 2) / SimulatedFleetFixture<TApp>.Count, 1), health.GetProperty("onlinePercent").GetDouble());
        Assert.Equal(["SIM-0003", "SIM-0005"], health.GetProperty("worst").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        Assert.Equal("black", health.GetProperty("worst")[1].GetProperty("fault").GetString());
        var byType = health.GetProperty("byType").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("total").GetInt32());
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, byType.Values.Sum());
        Assert.Equal(3, health.GetProperty("byContractor").GetArrayLength());

        // The second sweep's two changes went out as one message naming both.
        var message = Assert.Single(_live.Messages);
        Assert.Equal(ProbeJob.LiveTopic, message.Topic);
        Assert.Equal(["SIM-0003", "SIM-0005"], message.Payload.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order());

        // The fleet table's API: worst first.
        var rows = (await viewer.GetJsonAsync("/api/v1/cameras/fleet?q=SIM-")).GetProperty("items");
        Assert.Equal(("SIM-0003", "offline"), (rows[0].GetProperty("code").GetString(), rows[0].GetProperty("state").GetString()));
        Assert.Equal(("SIM-0005", "degraded"), (rows[1].GetProperty("code").GetString(), rows[1].GetProperty("state").GetString()));
        var downId = rows[0].GetProperty("id").GetString();
        var upId = rows[2].GetProperty("id").GetString();

        // The map layer: the simulated cameras one by one with their state; the whole province (the demo's 1,066) clustered.
        var layer = await viewer.GetJsonAsync("/api/v1/cameras/map.geojson?q=SIM-&bbox=100,5,110,25");
        Assert.False(layer.GetProperty("clustered").GetBoolean());
        var features = layer.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("properties").GetProperty("code").GetString()!, f => f.GetProperty("properties"));
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, features.Count);
        Assert.Contains("cam-offline", features["SIM-0003"].GetProperty("marker").GetString(), StringComparison.Ordinal);
        Assert.Contains("cam-degraded", features["SIM-0005"].GetProperty("marker").GetString(), StringComparison.Ordinal);
        var province = await viewer.GetJsonAsync("/api/v1/cameras/map.geojson?bbox=100,5,110,25");
        Assert.True(province.GetProperty("clustered").GetBoolean());
        var drawn = province.GetProperty("features").EnumerateArray().ToList();
        Assert.True(drawn.Count < province.GetProperty("cameras").GetInt32());
        Assert.Equal(province.GetProperty("cameras").GetInt32(), drawn.Sum(f => f.GetProperty("properties").TryGetProperty("count", out var n) ? n.GetInt32() : 1));
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/v1/cameras/map.geojson?bbox=1,2,3", Ct)).StatusCode);
        Assert.Contains("status", Http.ErrorFields(await Http.ProblemAsync(await viewer.GetAsync("/api/v1/cameras/health?status=broken", Ct), HttpStatusCode.BadRequest)));

        // Pictures: operators get the camera's JPEG through the server; a viewer does not; a dead camera is a 503 problem.
        var (operatorKey, _) = await fleet.App.IssueKeyAsync("Operator");
        var op = fleet.App.Factory.WithApiKey(operatorKey);
        using (var picture = await op.GetAsync($"/api/v1/cameras/{upId}/snapshot", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal("image/jpeg", picture.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0xFF, 0xD8], (await picture.Content.ReadAsByteArrayAsync(Ct))[..2]);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/v1/cameras/{upId}/snapshot", Ct)).StatusCode);
        var dead = await Http.ProblemAsync(await op.GetAsync($"/api/v1/cameras/{downId}/snapshot", Ct), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("/problems/cameras/snapshot-unavailable", dead.GetProperty("type").GetString());

        // The screens, as an operator signed in.
        var screen = await SignIn.AsAsync(fleet.App.Factory, Demo.Operator, Demo.Password);
        var ops = await screen.GetStringAsync("/ops", Ct);
        Assert.Contains("id=\"ops-cameras\"", ops, StringComparison.Ordinal);
        var table = await screen.GetStringAsync("/ops/cameras?q=SIM-", Ct);
        Assert.Contains("data-code=\"SIM-0003\" data-state=\"offline\"", table, StringComparison.Ordinal);
        Assert.Contains("data-code=\"SIM-0005\" data-state=\"degraded\"", table, StringComparison.Ordinal);
        var page = await screen.GetStringAsync($"/ops/cameras/{downId}", Ct);
        Assert.Contains("id=\"camera-history\"", page, StringComparison.Ordinal);
        Assert.Contains("data-to=\"offline\"", page, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/cameras/{downId}/snapshot", page, StringComparison.Ordinal);
        var wall = await screen.GetStringAsync("/ops/cameras/wall?q=SIM-", Ct);
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, wall.Split("class=\"camera-tile").Length - 1);
        var viewerScreen = await SignIn.AsAsync(fleet.App.Factory, Demo.Viewer, Demo.Password);
        var viewerPage = await viewerScreen.GetStringAsync($"/ops/cameras/{downId}", Ct);
        Assert.DoesNotContain("/snapshot", viewerPage, StringComparison.Ordinal);

        // No password of any camera in what any of these screens and answers gave.
        var everything = string.Join('\n', health.GetRawText(), rows.GetRawText(), layer.GetRawText(), province.GetRawText(), ops, table, page, wall,
            await viewer.GetStringAsync("/api/v1/cameras/export.csv?q=SIM-", Ct), JsonSerializer.Serialize(_live.Messages.Select(m => m.Payload)));
        Assert.All(fleet.Simulator.Fleet.All, c => Assert.DoesNotContain(c.Password, everything, StringComparison.Ordinal));

        // An area outage: the feeder of the first 24 cameras (also their network segment) is cut. One grouped alert names
        // the feeder, the likelier cause, not the segment nor the commune, nor one alert per camera; the next sweep adds none.
        fleet.Simulator.Fleet.SetMode("feeder-000", SimulatedMode.Down);
        _live.Messages.Clear();
        await SweepAsync();
        await SweepAsync();
        await SweepAsync();
        var outage = Assert.Single(_live.Messages, m => m.Topic == ProbeJob.OutageTopic).Payload;
        Assert.Equal(("feeder", "sim-feeder-000"), (outage.GetProperty("kind").GetString(), outage.GetProperty("key").GetString()));
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, outage.GetProperty("offline").GetInt32());
        Assert.Equal(SimulatedFleetFixture<TApp>.Count, (await viewer.GetJsonAsync("/api/v1/cameras/health?q=SIM-")).GetProperty("offline").GetInt32());
        fleet.Simulator.Fleet.SetMode("all", SimulatedMode.Ok);
    }

    private sealed class CapturingLive : ILiveChannel
    {
        public List<(string Topic, JsonElement Payload)> Messages { get; } = [];

        public Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add((topic, JsonSerializer.SerializeToElement(payload, JsonOptions.Web)));
            }

            return Task.CompletedTask;
        }

        public Task PublishToUserAsync(Guid userId, string topic, object payload, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

public sealed class CameraScreensTests_Sqlite(SimulatedFleetFixture<SqliteApp> fleet) : CameraScreensTests<SqliteApp>(fleet), IClassFixture<SimulatedFleetFixture<SqliteApp>>;

public sealed class CameraScreensTests_PostgreSql(SimulatedFleetFixture<PostgreSqlApp> fleet) : CameraScreensTests<PostgreSqlApp>(fleet), IClassFixture<SimulatedFleetFixture<PostgreSqlApp>>;
