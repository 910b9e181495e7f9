using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>One request as the receiver saw it, and whether its Standard Webhooks signature held.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredWith);

/// <summary>
/// A real HTTP receiver: a Kestrel app on 127.0.0.1 that checks each POST's signature the way docs/webhooks.md tells
/// receivers to (written here independently of the server's signer), records it, and answers with the next status
/// of <see cref="Answers"/> (then 200).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The subscription's secret (<c>whsec_…</c>), known once the subscription is created.</summary>
    public string? Secret { get; set; }

    public ConcurrentQueue<int> Answers { get; } = new();

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
            var signature = http.Request.Headers["webhook-signature"].ToString();
            var status = receiver.Answers.TryDequeue(out var next) ? next : 200;
            receiver._received.Enqueue(new ReceivedWebhook(id, timestamp, signature, body, receiver.Verify(id, timestamp, signature, body), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/hook");
        return receiver;
    }

    /// <summary>The receiver's check from docs/webhooks.md: HMAC-SHA256 of "id.timestamp.body" with the decoded secret, any of the v1 signatures, within 5 minutes.</summary>
    private bool Verify(string id, string timestamp, string signatures, string body)
    {
        if (Secret is null || !long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_received.Count >= count)
            {
                return Received;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Expected {count} webhook(s) within {within}; got {_received.Count}.");
        return [];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
