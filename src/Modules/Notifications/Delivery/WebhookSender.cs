using System.Net.Http.Headers;
using System.Text;

namespace Mekong.Modules.Notifications.Delivery;

internal sealed record WebhookResult(int? StatusCode, TimeSpan Duration, string? Error, bool TargetRefused = false)
{
    public bool Delivered => StatusCode is >= 200 and < 300;

    /// <summary>
    /// The receiver said this request is wrong and will stay wrong, or the target policy refused its address: retrying
    /// would only repeat it.
    /// </summary>
    public bool Refused => TargetRefused || StatusCode is >= 400 and < 500 and not (408 or 409 or 423 or 425 or 429);
}

/// <summary>Posts one signed webhook. The timestamp and signature are made per attempt; the id and body stay the same across retries.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "mekong-webhooks";

    public async Task<WebhookResult> SendAsync(Uri url, string secret, string messageId, string body, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, messageId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Mekong-Webhooks", "1.0"));

        var started = clock.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new WebhookResult(status, clock.GetElapsedTime(started), status is >= 200 and < 300 ? null : $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException ex) when (RefusedTarget(ex) is { } refused)
        {
            return new WebhookResult(null, clock.GetElapsedTime(started), refused.Message, TargetRefused: true);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookResult(null, clock.GetElapsedTime(started), ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResult(null, clock.GetElapsedTime(started), "The receiver did not answer in time.");
        }
    }

    private static WebhookTargetRefusedException? RefusedTarget(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
