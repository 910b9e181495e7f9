using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mekong.Modules.Telemetry.Domain;
using MQTTnet;
using MQTTnet.Protocol;

namespace Mekong.Modules.Telemetry.Simulator;

/// <summary>A device the simulator speaks for, with its own credential.</summary>
internal sealed record SimulatedDevice(long Id, string JurisdictionCode, DeviceType Type, string Token);

/// <summary>What a run did: messages sent and acknowledged, readings refused by the server, sends that failed.</summary>
internal sealed class SimulatorCounters
{
    private long _sent;
    private long _acknowledged;
    private long _refused;
    private long _failed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Refused => Interlocked.Read(ref _refused);

    public long Failed => Interlocked.Read(ref _failed);

    public void Add(long sent, long acknowledged, long refused, long failed)
    {
        Interlocked.Add(ref _sent, sent);
        Interlocked.Add(ref _acknowledged, acknowledged);
        Interlocked.Add(ref _refused, refused);
        Interlocked.Add(ref _failed, failed);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"sent {Sent}, acknowledged {Acknowledged}, readings refused {Refused}, failed {Failed}");
}

/// <summary>
/// Drives the signals of many devices through the real protocols (ADR 0041): each device publishes with QoS 1 on its
/// own MQTT connection (user name = its id, password = its token) to its topic, or posts its readings with its token
/// to <c>/api/v1/telemetry</c>. <c>rate</c> is messages per second over all devices; each message carries one reading
/// of each of the device's measurements, timestamped now.
/// </summary>
internal sealed class SensorSimulator(IReadOnlyList<SimulatedDevice> devices, double rate, TimeProvider clock)
{
    public SimulatorCounters Counters { get; } = new();

    public async Task RunMqttAsync(string host, int port, CancellationToken cancellationToken)
    {
        var factory = new MqttClientFactory();
        var clients = new List<IMqttClient>();
        try
        {
            foreach (var device in devices)
            {
                var client = factory.CreateMqttClient();
                var options = new MqttClientOptionsBuilder().WithTcpServer(host, port)
                    .WithCredentials(device.Id.ToString(CultureInfo.InvariantCulture), device.Token)
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithClientId($"sim-{device.Id}-{Guid.NewGuid():N}"[..32]).Build();
                var connected = await client.ConnectAsync(options, cancellationToken);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"Device {device.Id} could not connect to {host}:{port}: {connected.ResultCode}.");
                }

                clients.Add(client);
            }

            await LoopAsync(async (index, payload, count, ct) =>
            {
                var device = devices[index];
                var result = await clients[index].PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic($"mekong/{device.JurisdictionCode}/devices/{device.Id}/telemetry").WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
                // The broker states refused readings in the reason string; the good ones of the message are stored.
                var refused = result.ReasonString is { Length: > 0 } reason ? Math.Max(1, reason.Split(';').Length) : 0;
                Counters.Add(1, result.ReasonCode == MqttClientPublishReasonCode.Success ? 1 : 0, refused, result.ReasonCode == MqttClientPublishReasonCode.Success ? 0 : 1);
            }, cancellationToken);
        }
        finally
        {
            foreach (var client in clients)
            {
                try
                {
                    await client.DisconnectAsync(cancellationToken: CancellationToken.None);
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
                {
                    // Already gone: nothing to close.
                }

                client.Dispose();
            }
        }
    }

    public async Task RunHttpAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await LoopAsync(async (index, payload, count, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telemetry")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", devices[index].Token);
            using var response = await http.SendAsync(request, ct);
            var refused = 0;
            if (response.IsSuccessStatusCode)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                refused = body.RootElement.GetProperty("rejected").GetArrayLength();
            }
            else if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                refused = count;
            }

            Counters.Add(1, response.IsSuccessStatusCode || refused > 0 ? 1 : 0, refused, response.IsSuccessStatusCode || refused > 0 ? 0 : 1);
        }, cancellationToken);
    }

    /// <summary>Ticks ten times a second; each tick sends the messages the rate owes, round robin over the devices.</summary>
    private async Task LoopAsync(Func<int, string, int, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var signals = devices.Select(d => new SensorSignals(d.Type, (int)(d.Id % int.MaxValue))).ToList();
        var owed = 0.0;
        var next = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), clock);
        var pending = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                owed += rate / 10;
                var now = clock.GetUtcNow();
                while (owed >= 1)
                {
                    owed--;
                    var index = next;
                    next = (next + 1) % devices.Count;
                    var readings = signals[index].Next(now);
                    if (readings.Count == 0)
                    {
                        continue; // a gap: the station is silent
                    }

                    var payload = JsonSerializer.Serialize(new
                    {
                        readings = readings.Select(r => new { measurement = r.Measurement.Code, ts = now.ToUnixTimeMilliseconds(), value = r.Value }),
                    });
                    pending.Add(SendAsync(send, index, payload, readings.Count, cancellationToken));
                }

                pending.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(pending);
    }

    private async Task SendAsync(Func<int, string, int, CancellationToken, Task> send, int index, string payload, int count, CancellationToken cancellationToken)
    {
        try
        {
            await send(index, payload, count, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A send cut by the stop, or a connection lost: counted, the run goes on.
            Counters.Add(1, 0, 0, cancellationToken.IsCancellationRequested ? 0 : 1);
        }
    }
}
