using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Protocols;

namespace Mekong.Modules.Cameras.Probing;

/// <summary>What the prober needs of a camera: where, credentials in plain text (in memory only), and its picture memory.</summary>
internal sealed record ProbeTarget(
    Guid Id, string? RtspUrl, string? OnvifUrl, string? SnapshotUrl, CameraCredentials? Credentials,
    byte[]? LastThumbnail, byte[]? ReferenceThumbnail, int UnchangedInRow)
{
    public override string ToString() => $"ProbeTarget {{ Id = {Id}, RtspUrl = {RtspUrl} }}";
}

/// <summary>One check's outcome.</summary>
internal sealed record ProbeResult(CameraFault Fault, int LatencyMs, PictureVerdict? Picture, byte[]? Snapshot, string? Detail);

/// <summary>
/// Checks a camera over its own protocols, cheapest first, stopping at the first failure (ADR 0028): a TCP
/// connection and RTSP <c>OPTIONS</c> + <c>DESCRIBE</c> (Digest or Basic; the SDP must have a video track), the ONVIF
/// device and media services with a WS-UsernameToken, then a JPEG snapshot judged by <see cref="PictureCheck"/>.
/// </summary>
internal sealed class CameraProber(HttpClient http, TimeProvider clock)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A check slower than this, all else well, makes the camera degraded (slow).</summary>
    public TimeSpan SlowAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    public bool CheckOnvif { get; init; } = true;

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        ProbeResult Result(CameraFault fault, string? detail, PictureVerdict? picture = null, byte[]? snapshot = null)
        {
            var ms = (int)clock.GetElapsedTime(started).TotalMilliseconds;
            if (fault == CameraFault.None && ms > SlowAfter.TotalMilliseconds)
            {
                fault = CameraFault.Slow;
                detail = $"answered in {ms} ms";
            }

            return new ProbeResult(fault, ms, picture, snapshot, detail);
        }

        try
        {
            if (target.RtspUrl is { } rtsp)
            {
                var (fault, detail) = await RtspAsync(rtsp, target.Credentials, timeout.Token);
                if (fault != CameraFault.None)
                {
                    return Result(fault, detail);
                }
            }

            var snapshotUrl = target.SnapshotUrl;
            if (CheckOnvif && target.OnvifUrl is { } onvif)
            {
                var (fault, detail, snapshotFromOnvif) = await OnvifAsync(onvif, target.Credentials, timeout.Token);
                if (fault != CameraFault.None)
                {
                    return Result(fault, detail);
                }

                snapshotUrl ??= snapshotFromOnvif;
            }

            if (snapshotUrl is not null)
            {
                var (fault, detail, jpeg) = await SnapshotAsync(snapshotUrl, target.Credentials, timeout.Token);
                if (fault != CameraFault.None || jpeg is null)
                {
                    return Result(fault, detail);
                }

                var verdict = PictureCheck.Judge(jpeg, target.LastThumbnail, target.ReferenceThumbnail, target.UnchangedInRow);
                return Result(verdict.Fault, verdict.Fault == CameraFault.None ? null : $"picture: {CameraFaults.Name(verdict.Fault)}", verdict, jpeg);
            }

            return Result(CameraFault.None, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(CameraFault.Timeout, $"no answer within {Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>RTSP OPTIONS then DESCRIBE; a 401 is answered once with the strongest scheme offered.</summary>
    public static async Task<(CameraFault Fault, string? Detail)> RtspAsync(string url, CameraCredentials? credentials, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return (CameraFault.Unreachable, "the RTSP URL is not a URL");
        }

        RtspClient? client;
        TcpClient? tcp;
        try
        {
            (client, tcp) = await RtspClient.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 554, cancellationToken);
        }
        catch (SocketException e)
        {
            return (CameraFault.Unreachable, $"TCP: {e.SocketErrorCode}");
        }

        using var _ = tcp;
        await using (client)
        {
            try
            {
                var options = await client!.SendAsync("OPTIONS", url, null, cancellationToken);
                if (options is null)
                {
                    return (CameraFault.Unreachable, "RTSP: the connection closed before an answer");
                }

                var describe = await client.SendAsync("DESCRIBE", url, null, cancellationToken, "application/sdp");
                if (describe is { Status: 401 })
                {
                    if (credentials is null)
                    {
                        return (CameraFault.BadCredentials, "RTSP asks for credentials; none are registered");
                    }

                    var challenges = describe.All("WWW-Authenticate").ToList();
                    var digest = challenges.FirstOrDefault(c => c.StartsWith("Digest", StringComparison.OrdinalIgnoreCase));
                    var authorization = digest is not null
                        ? HttpDigest.Authorization(digest[6..], credentials.Username, credentials.Password, "DESCRIBE", url)
                        : HttpDigest.Basic(credentials.Username, credentials.Password);
                    describe = await client.SendAsync("DESCRIBE", url, authorization, cancellationToken, "application/sdp");
                    if (describe is { Status: 401 })
                    {
                        return (CameraFault.BadCredentials, $"RTSP refused the credentials ({(digest is null ? "Basic" : "Digest")})");
                    }
                }

                if (describe is null)
                {
                    return (CameraFault.Unreachable, "RTSP: the connection closed before DESCRIBE's answer");
                }

                if (describe.Status != 200)
                {
                    return (CameraFault.NoVideo, $"RTSP DESCRIBE answered {describe.Status}");
                }

                return HasVideo(describe.Body) ? (CameraFault.None, null) : (CameraFault.NoVideo, "the SDP has no video track");
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return (CameraFault.Unreachable, "RTSP: the connection was reset");
            }
        }
    }

    /// <summary>Whether an SDP (RFC 4566) has a media description of type video.</summary>
    public static bool HasVideo(string sdp) =>
        sdp.Split('\n').Any(line => line.TrimEnd('\r').StartsWith("m=video ", StringComparison.Ordinal));

    private async Task<(CameraFault Fault, string? Detail, string? SnapshotUrl)> OnvifAsync(string url, CameraCredentials? credentials, CancellationToken cancellationToken)
    {
        var user = credentials?.Username ?? string.Empty;
        var password = credentials?.Password ?? string.Empty;
        var (info, fault, detail) = await SoapAsync(url, OnvifSoap.GetDeviceInformation(), user, password, cancellationToken);
        if (info is null)
        {
            return (fault, detail, null);
        }

        var media = url.Replace("/device_service", "/media_service", StringComparison.Ordinal);
        var (stream, streamFault, streamDetail) = await SoapAsync(media, OnvifSoap.GetStreamUri("main"), user, password, cancellationToken);
        if (stream is null || stream.Descendants(OnvifSoap.Schema + "Uri").FirstOrDefault() is null)
        {
            return (stream is null ? streamFault : CameraFault.Onvif, streamDetail ?? "GetStreamUri gave no URI", null);
        }

        var (snapshot, snapshotFault, snapshotDetail) = await SoapAsync(media, OnvifSoap.GetSnapshotUri("main"), user, password, cancellationToken);
        var snapshotUri = snapshot?.Descendants(OnvifSoap.Schema + "Uri").FirstOrDefault()?.Value;
        return snapshotUri is null ? (snapshot is null ? snapshotFault : CameraFault.Onvif, snapshotDetail ?? "GetSnapshotUri gave no URI", null) : (CameraFault.None, null, snapshotUri);
    }

    private async Task<(XDocument? Answer, CameraFault Fault, string? Detail)> SoapAsync(string url, XElement body, string user, string password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(OnvifSoap.Request(body, user, password, clock.GetUtcNow()), Encoding.UTF8, "application/soap+xml"),
        };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            XDocument document;
            try
            {
                document = XDocument.Parse(text);
            }
            catch (XmlException)
            {
                return (null, CameraFault.Onvif, $"ONVIF {body.Name.LocalName}: HTTP {(int)response.StatusCode}, not SOAP");
            }

            if (document.Descendants(OnvifSoap.Soap + "Fault").FirstOrDefault() is { } soapFault)
            {
                var notAuthorized = soapFault.Descendants(OnvifSoap.Soap + "Value").Any(v => v.Value.EndsWith("NotAuthorized", StringComparison.Ordinal));
                return (null, notAuthorized ? CameraFault.BadCredentials : CameraFault.Onvif, $"ONVIF {body.Name.LocalName}: {(notAuthorized ? "not authorized" : "fault")}");
            }

            return response.IsSuccessStatusCode ? (document, CameraFault.None, null) : (null, CameraFault.Onvif, $"ONVIF {body.Name.LocalName}: HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.HttpRequestError == HttpRequestError.ConnectionError ? CameraFault.Unreachable : CameraFault.Onvif, $"ONVIF {body.Name.LocalName}: {e.HttpRequestError}");
        }
    }

    internal async Task<(CameraFault Fault, string? Detail, byte[]? Jpeg)> SnapshotAsync(string url, CameraCredentials? credentials, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (credentials is not null)
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(HttpDigest.Basic(credentials.Username, credentials.Password));
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && credentials is not null
                && response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)) is { } digest)
            {
                using var retry = new HttpRequestMessage(HttpMethod.Get, url);
                var path = new Uri(url).PathAndQuery;
                retry.Headers.TryAddWithoutValidation("Authorization", HttpDigest.Authorization(digest.Parameter ?? string.Empty, credentials.Username, credentials.Password, "GET", path));
                using var second = await http.SendAsync(retry, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return await ReadJpegAsync(second, cancellationToken);
            }

            return await ReadJpegAsync(response, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return (e.HttpRequestError == HttpRequestError.ConnectionError ? CameraFault.Unreachable : CameraFault.BadSnapshot, $"snapshot: {e.HttpRequestError}", null);
        }
    }

    private static async Task<(CameraFault, string?, byte[]?)> ReadJpegAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return (CameraFault.BadCredentials, "the snapshot URL refused the credentials", null);
        }

        if (!response.IsSuccessStatusCode)
        {
            return (CameraFault.BadSnapshot, $"snapshot: HTTP {(int)response.StatusCode}", null);
        }

        if (response.Content.Headers.ContentLength > MaxSnapshotBytes)
        {
            return (CameraFault.BadSnapshot, "snapshot larger than 5 MB", null);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Length is < 4 or > MaxSnapshotBytes || bytes[0] != 0xFF || bytes[1] != 0xD8
            ? (CameraFault.BadSnapshot, "the snapshot is not a JPEG", null)
            : (CameraFault.None, null, bytes);
    }

    private const int MaxSnapshotBytes = 5 * 1024 * 1024;

    /// <summary>The client the prober shares: many connections per host (a simulator is one host), no cookies, no redirects.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(3),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };
}
