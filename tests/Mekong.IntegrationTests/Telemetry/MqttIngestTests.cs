using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Simulator;
using Mekong.Modules.Telemetry.Storage;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Mekong.IntegrationTests.Telemetry;

/// <summary>A server with the embedded MQTT broker on a free loopback port (one per class and database).</summary>
public abstract class MqttApp(DatabaseKind kind) : IAsyncLifetime
{
    private MekongAppFactory? _factory;

    public int Port { get; } = FreePort();

    public MekongAppFactory Factory => _factory ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
        }

        _factory = new MekongAppFactory(await TestStorage.CreateAsync(kind), new Dictionary<string, string?>
        {
            ["Mekong:Telemetry:Mqtt:Enabled"] = "true",
            ["Mekong:Telemetry:Mqtt:BindAddress"] = "127.0.0.1",
            ["Mekong:Telemetry:Mqtt:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ownsStorage: true);
        _ = _factory.Server;
    }

    /// <summary>Registers a water-level gauge of the demo jurisdiction through the registry (as the command line does).</summary>
    public async Task<(long Id, string Token, string Topic)> RegisterAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var (created, errors) = await scope.ServiceProvider.GetRequiredService<DeviceRegistry>().RegisterAsync(null, new RegisterDeviceRequest(
            "MQ-" + Guid.NewGuid().ToString("N")[..10], "Trạm MQTT", "water-level", 9.6, 105.95, "Chi cục Thủy lợi", Demo.Jurisdiction), TestContext.Current.CancellationToken);
        Assert.True(created is not null, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        return (created.Device.Id, created.Token, created.MqttTopic);
    }

    public async Task<List<(DateTimeOffset At, double Value)>> RawAsync(long device)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var points = await scope.ServiceProvider.GetRequiredService<ReadingStore>().RawAsync(
            device, 1, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), 1000, TestContext.Current.CancellationToken);
        return points.Select(p => (p.At, p.Average)).ToList();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMqttApp() : MqttApp(DatabaseKind.Sqlite);

public sealed class PostgreSqlMqttApp() : MqttApp(DatabaseKind.PostgreSql);

/// <summary>
/// Devices publish over MQTT to the embedded broker: with MQTTnet's client (MQTT 5, reason codes) and with Debian's
/// mosquitto_pub (MQTT 3.1.1). The QoS 1 acknowledgement comes after the readings are stored: the test reads the store
/// right after the PUBACK, without waiting.
/// </summary>
public abstract class MqttIngestTests(MqttApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private MqttClientOptions Options(string user, string password) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", app.Port).WithCredentials(user, password).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
        .WithClientId("it-" + Guid.NewGuid().ToString("N")).Build();

    [Fact]
    public async Task A_device_publishes_with_qos_1_and_its_readings_are_stored_before_the_acknowledgement()
    {
        var (id, token, topic) = await app.RegisterAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options(id.ToString(System.Globalization.CultureInfo.InvariantCulture), token), Cancel);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        var payload = $$"""[{"measurement":"water_level","ts":"{{at:O}}","value":1.1},{"measurement":"water_level","ts":{{at.AddSeconds(1).ToUnixTimeMilliseconds()}},"value":1.2}]""";

        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Cancel);

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Equal([(at, 1.1), (at.AddSeconds(1), 1.2)], await app.RawAsync(id));

        // One bad reading of two: the good one is stored, the reason string names the other.
        var mixed = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload($$"""{"readings":[{"measurement":"water_level","ts":"{{at.AddSeconds(2):O}}","value":1.3},{"measurement":"water_level","ts":"{{at:O}}","value":400}]}""")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Cancel);
        Assert.Equal(MqttClientPublishReasonCode.Success, mixed.ReasonCode);
        Assert.Contains("outside the sensor's valid range", mixed.ReasonString ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(3, (await app.RawAsync(id)).Count);

        // Another device's topic: refused, nothing stored there.
        var (other, _, otherTopic) = await app.RegisterAsync();
        var wrong = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(otherTopic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Cancel);
        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, wrong.ReasonCode);
        Assert.Empty(await app.RawAsync(other));
        await client.DisconnectAsync(cancellationToken: Cancel);
    }

    [Fact]
    public async Task The_sensor_simulator_publishes_each_station_with_its_own_token_and_the_readings_are_stored()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var (devices, error) = await SensorSimulatorCommand.PrepareAsync(scope.ServiceProvider, Demo.Jurisdiction, 6, Cancel);
        Assert.Null(error);
        Assert.Equal(6, devices.Select(d => d.Type.Code).Distinct().Count()); // one of each type
        var simulator = new SensorSimulator(devices, 40, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var run = simulator.RunMqttAsync("127.0.0.1", app.Port, stop.Token);
        var store = scope.ServiceProvider.GetRequiredService<ReadingStore>();
        var ids = devices.Select(d => d.Id).ToList();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        await OutboxHarness.EventuallyAsync(async () =>
            (await store.LatestAsync(ids, Cancel)).Where(l => l.ReceivedAt >= started).Select(l => l.DeviceId).Distinct().Count() == ids.Count,
            "every simulated station has a reading stored through the broker");
        await stop.CancelAsync();
        await run;

        Assert.True(simulator.Counters.Acknowledged > 0, simulator.Counters.ToString());
        Assert.Equal(0, simulator.Counters.Failed);
        // Every measurement of every type arrived (a salinity station sends salinity and water temperature).
        var latest = await store.LatestAsync(ids, Cancel);
        Assert.Equal(devices.Sum(d => d.Type.Measurements.Count), latest.Count);
    }

    [Fact]
    public async Task A_wrong_token_cannot_connect()
    {
        var (id, _, _) = await app.RegisterAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "mkd_not-the-token"), Cancel);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Mosquitto_pub_publishes_with_qos_1()
    {
        var (id, token, topic) = await app.RegisterAsync();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeMilliseconds());
        var start = new ProcessStartInfo("mosquitto_pub")
        {
            ArgumentList =
            {
                // MQTT 3.1.1 with a client id of its own: under 3.1.1 the embedded broker (MQTTnet) refuses an empty one,
                // which mosquitto_pub sends by default; under MQTT 5 the broker assigns one (see MqttBroker).
                "-i", $"mosquitto-pub-{id}", "-V", "mqttv311",
                "-h", "127.0.0.1", "-p", app.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-P", token, "-t", topic, "-q", "1", "-m", $$"""{"measurement":"water_level","ts":"{{at:O}}","value":0.75}""",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);

        Assert.True(process.ExitCode == 0, $"mosquitto_pub exited with {process.ExitCode}: {errors}");
        Assert.Equal([(at, 0.75)], await app.RawAsync(id));
    }
}

public sealed class MqttIngestTests_Sqlite(SqliteMqttApp app) : MqttIngestTests(app), IClassFixture<SqliteMqttApp>;

public sealed class MqttIngestTests_PostgreSql(PostgreSqlMqttApp app) : MqttIngestTests(app), IClassFixture<PostgreSqlMqttApp>;
