using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Modules.Cameras.Protocols;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>
/// The fleet's one RTSP listener (RFC 2326): <c>rtsp://127.0.0.1:PORT/cam/N/main|sub</c>. OPTIONS, DESCRIBE (an SDP
/// with one RTP/JPEG video track), SETUP (RTP over the RTSP connection, interleaved; UDP is refused with 461 so a
/// client falls back), PLAY (a few frames a second), GET_PARAMETER and TEARDOWN. Digest (with Basic) or Basic only,
/// per camera.
/// </summary>
internal sealed partial class RtspSimulator(SimulatedFleet fleet) : IAsyncDisposable
{
    public const string Realm = "mekong-simulator";
    public const int FramesPerSecond = 5;

    private readonly string _nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;

    public int Port { get; private set; }

    public void Start(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(backlog: 1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stop.Token);
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, stop);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var gate = new SemaphoreSlim(1, 1);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task? streaming = null;
        try
        {
            var reader = new RtspRequestReader(stream);
            var first = true;
            while (await reader.ReadAsync(session.Token) is { } request)
            {
                var camera = CameraOf(request.Uri);
                if (camera is not null && fleet.IsDown(camera))
                {
                    // A dead camera answers nothing: the connection ends (reset) as soon as the camera is named.
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                if (camera?.Mode == SimulatedMode.Slow && first)
                {
                    await Task.Delay(SimulatedFleet.SlowDelay, session.Token);
                }

                first = false;
                var (status, headers, body) = Answer(request, camera);
                await gate.WaitAsync(session.Token);
                try
                {
                    await WriteAsync(stream, request.CSeq, status, headers, body, session.Token);
                }
                finally
                {
                    gate.Release();
                }

                if (request.Method == "PLAY" && status == 200 && camera is not null && streaming is null)
                {
                    streaming = StreamAsync(stream, gate, camera, session.Token);
                }
                else if (request.Method == "TEARDOWN")
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await session.CancelAsync();
            if (streaming is not null)
            {
                await streaming.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private (int Status, List<string> Headers, string? Body) Answer(RtspRequest request, SimulatedCamera? camera)
    {
        if (request.Method == "OPTIONS")
        {
            return (200, ["Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN"], null);
        }

        if (camera is null)
        {
            return (404, [], null);
        }

        var password = camera.Mode == SimulatedMode.BadCredentials ? camera.Password + "-changed" : camera.Password;
        if (!HttpDigest.Verify(request.Header("Authorization"), request.Method, Realm, _nonce, SimulatedCamera.Username, password, camera.Digest))
        {
            var challenge = new List<string>();
            if (camera.Digest)
            {
                challenge.Add($"WWW-Authenticate: Digest realm=\"{Realm}\", nonce=\"{_nonce}\"");
            }

            challenge.Add($"WWW-Authenticate: Basic realm=\"{Realm}\"");
            return (401, challenge, null);
        }

        switch (request.Method)
        {
            case "DESCRIBE":
                var baseUrl = request.Uri.TrimEnd('/') + "/";
                var sdp = string.Join("\r\n",
                    "v=0",
                    $"o=- {camera.Number} 1 IN IP4 127.0.0.1",
                    $"s=Mekong simulated camera {camera.Code}",
                    "c=IN IP4 0.0.0.0",
                    "t=0 0",
                    "a=control:*",
                    "m=video 0 RTP/AVP 26",
                    "a=rtpmap:26 JPEG/90000",
                    $"a=framerate:{FramesPerSecond}",
                    "a=control:track1",
                    string.Empty);
                return (200, ["Content-Type: application/sdp", $"Content-Base: {baseUrl}"], sdp);
            case "SETUP":
                var transport = request.Header("Transport") ?? string.Empty;
                if (!transport.Contains("TCP", StringComparison.OrdinalIgnoreCase))
                {
                    return (461, [], null);
                }

                var interleaved = InterleavedPattern().Match(transport);
                var channels = interleaved.Success ? interleaved.Groups[1].Value : "0-1";
                return (200, [$"Transport: RTP/AVP/TCP;unicast;interleaved={channels}", $"Session: {SessionId(camera)};timeout=60"], null);
            case "PLAY":
                return (200, [$"Session: {SessionId(camera)}", "Range: npt=0.000-"], null);
            case "GET_PARAMETER" or "TEARDOWN":
                return (200, [$"Session: {SessionId(camera)}"], null);
            default:
                return (405, ["Allow: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN"], null);
        }
    }

    private async Task StreamAsync(NetworkStream stream, SemaphoreSlim gate, SimulatedCamera camera, CancellationToken stop)
    {
        var ssrc = (uint)(0x4D454B00 + camera.Number);
        ushort sequence = 1;
        var start = fleet.Clock.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000 / FramesPerSecond), fleet.Clock);
        try
        {
            do
            {
                var frame = SimulatorFrames.Frame(fleet, camera, rtp: true);
                if (RtpJpeg.Parse(frame) is not { } rtp)
                {
                    return;
                }

                var timestamp = (uint)(fleet.Clock.GetElapsedTime(start).TotalSeconds * 90_000);
                await gate.WaitAsync(stop);
                try
                {
                    foreach (var packet in rtp.Packets(0, sequence, timestamp, ssrc))
                    {
                        await stream.WriteAsync(packet, stop);
                        sequence++;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static string SessionId(SimulatedCamera camera) => (0x10000000 + camera.Number).ToString("X8", CultureInfo.InvariantCulture);

    private SimulatedCamera? CameraOf(string uri)
    {
        var match = CameraPathPattern().Match(uri);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? fleet.Find(n) : null;
    }

    private static async Task WriteAsync(NetworkStream stream, string? cseq, int status, List<string> headers, string? body, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"RTSP/1.0 {status} {Reason(status)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq ?? "0"}\r\n");
        text.Append("Server: Mekong camera simulator\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        }

        text.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken);
        if (bytes.Length > 0)
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        461 => "Unsupported Transport",
        _ => "Error",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stop.Dispose();
    }

    [GeneratedRegex(@"/cam/(\d{1,6})(/|$)")]
    private static partial Regex CameraPathPattern();

    [GeneratedRegex(@"interleaved=(\d+-\d+)")]
    private static partial Regex InterleavedPattern();
}

/// <summary>One RTSP request: method, URI, headers (and a body, read and dropped).</summary>
internal sealed record RtspRequest(string Method, string Uri, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string? CSeq => Header("CSeq");

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>Reads RTSP requests off a connection, skipping interleaved RTCP the client may send (<c>$</c> frames).</summary>
internal sealed class RtspRequestReader(Stream stream)
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly byte[] _one = new byte[1];

    public async Task<RtspRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var total = 0;
        while (true)
        {
            if (await stream.ReadAsync(_one, cancellationToken) == 0)
            {
                return null;
            }

            var b = _one[0];
            if (b == '$' && line.Length == 0 && lines.Count == 0)
            {
                var header = new byte[3];
                await stream.ReadExactlyAsync(header, cancellationToken);
                var skip = new byte[(header[1] << 8) | header[2]];
                await stream.ReadExactlyAsync(skip, cancellationToken);
                continue;
            }

            if (++total > MaxHeaderBytes)
            {
                return null;
            }

            if (b == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    if (lines.Count == 0)
                    {
                        continue;
                    }

                    break;
                }

                lines.Add(text);
            }
            else
            {
                line.Append((char)b);
            }
        }

        var parts = lines[0].Split(' ');
        if (parts.Length < 3)
        {
            return null;
        }

        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        var request = new RtspRequest(parts[0].ToUpperInvariant(), parts[1], headers);
        if (int.TryParse(request.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length is > 0 and < 65536)
        {
            await stream.ReadExactlyAsync(new byte[length], cancellationToken);
        }

        return request;
    }
}
