using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Features.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Mekong.Modules.Telemetry.Features.Mqtt;

/// <summary>
/// The embedded MQTT broker (MQTTnet, ADR 0027). A device connects with its id as user name and its token as password
/// and publishes to <c>mekong/{jurisdiction}/devices/{id}/telemetry</c> a JSON reading, an array of them, or
/// <c>{"readings": [...]}</c> (each without <c>device</c>: the connection says who writes). The publish interceptor
/// checks the readings, hands the good ones to <see cref="MqttIngestQueue"/> and returns only once they are committed,
/// so MQTTnet sends the QoS 1 PUBACK after the readings are durable. Messages are not relayed to subscribers.
/// </summary>
internal sealed class MqttBroker(
    IOptions<MqttOptions> options, DeviceDirectory devices, MqttIngestQueue queue, IServiceScopeFactory scopes, ILogger<MqttBroker> logger) : IHostedService, IAsyncDisposable
{
    private const string DeviceItem = "mekong.device";
    private MqttServer? _server;

    /// <summary>The port the plain endpoint listens on (the configured one, once started).</summary>
    public int Port => options.Value.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.BindAddress))
            .WithDefaultEndpointPort(settings.Port);
        if (settings.CertificatePath is { } path)
        {
            builder = builder.WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Parse(settings.BindAddress))
                .WithEncryptedEndpointPort(settings.TlsPort)
                .WithEncryptionCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword));
        }

        _server = new MqttServerFactory().CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += PublishAsync;
        _server.InterceptingSubscriptionAsync += e =>
        {
            // Devices write; nobody reads readings over this broker (the API and the live channel serve them).
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ProcessSubscription = false;
            return Task.CompletedTask;
        };
        await _server.StartAsync();
        logger.LogInformation("MQTT broker listening on {Address}:{Port}{Tls}", settings.BindAddress, settings.Port,
            settings.CertificatePath is null ? string.Empty : $" and TLS on {settings.TlsPort}");
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        if (!long.TryParse(e.UserName, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await devices.AuthenticateAsync(e.Password, e.CancellationToken) is not { } device || device.Id != id)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        // MQTT lets a client leave its id to the server (3.1.1 §3.1.3.1, 5.0 §3.1.3.1): Debian's mosquitto_pub does.
        if (string.IsNullOrEmpty(e.ClientId))
        {
            e.AssignedClientIdentifier = $"device-{device.Id.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        }

        e.SessionItems[DeviceItem] = device;
    }

    private async Task PublishAsync(InterceptingPublishEventArgs e)
    {
        e.ProcessPublish = false;
        if (e.SessionItems[DeviceItem] is not DeviceInfo device)
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            return;
        }

        var topic = e.ApplicationMessage.Topic;
        if (topic != $"mekong/{device.JurisdictionCode}/devices/{device.Id}/telemetry")
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.TopicNameInvalid;
            e.Response.ReasonString = $"Device {device.Id} publishes to mekong/{device.JurisdictionCode}/devices/{device.Id}/telemetry only.";
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(e.ApplicationMessage.Payload, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            e.Response.ReasonString = "The payload is not JSON.";
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("readings", out var inner))
            {
                root = inner;
            }

            JsonElement items;
            if (root.ValueKind == JsonValueKind.Array)
            {
                items = root;
            }
            else
            {
                using var wrapped = JsonDocument.Parse("[" + root.GetRawText() + "]");
                items = wrapped.RootElement.Clone();
            }

            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IngestReadingsHandler>();
            var (readings, rejected) = await handler.CheckAsync(IngestCaller.Device(device), items, e.CancellationToken);
            if (readings.Count > 0)
            {
                // Throws when the write failed: MQTTnet then sends no PUBACK, and the device sends the message again.
                await queue.WriteAsync(readings);
            }

            if (readings.Count == 0)
            {
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = rejected.Count == 0 ? "No reading." : $"Reading {rejected[0].Index}: {rejected[0].Reason}";
            }
            else if (rejected.Count > 0)
            {
                // MQTT 5 clients see which items were refused; the good ones are stored.
                e.Response.ReasonString = $"{rejected.Count} reading(s) refused; first, {rejected[0].Index}: {rejected[0].Reason}";
            }
        }
    }

    /// <summary>
    /// Stops listening and closes the sessions, within the host's shutdown time. A publish still in flight is either
    /// committed (and acknowledged) by <see cref="MqttIngestQueue"/> or not acknowledged, and then sent again by the device,
    /// so a session that does not close cleanly loses nothing: it is logged, and the host goes on stopping.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            await _server.StopAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "MQTT broker: the sessions did not all close cleanly on stop");
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _server?.Dispose();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "MQTT broker: could not release the listener");
        }

        return ValueTask.CompletedTask;
    }
}
