using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mekong.Modules.Cameras.Probing;

/// <summary>An RTSP answer: status, headers, body.</summary>
internal sealed record RtspAnswer(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public IEnumerable<string> All(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}

/// <summary>
/// The RTSP a health check needs (RFC 2326): one connection, OPTIONS and DESCRIBE, answering a 401 with Digest when
/// the camera offers it and Basic otherwise. No media is set up: DESCRIBE's SDP tells whether there is a video track.
/// </summary>
internal sealed class RtspClient(NetworkStream stream) : IAsyncDisposable
{
    private const int MaxAnswerBytes = 64 * 1024;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private int _cseq;

    public static async Task<(RtspClient? Client, TcpClient? Tcp)> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            return (new RtspClient(tcp.GetStream()), tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task<RtspAnswer?> SendAsync(string method, string uri, string? authorization, CancellationToken cancellationToken, string? accept = null)
    {
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"{method} {uri} RTSP/1.0\r\nCSeq: {++_cseq}\r\nUser-Agent: Mekong prober\r\n");
        if (accept is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Accept: {accept}\r\n");
        }

        if (authorization is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
        return await ReadAnswerAsync(cancellationToken);
    }

    private async Task<RtspAnswer?> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var total = 0;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            total += line.Length;
            if (total > MaxAnswerBytes)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (lines.Count == 0)
                {
                    continue;
                }

                break;
            }

            lines.Add(line);
        }

        var status = lines[0].Split(' ');
        if (status.Length < 2 || !status[0].StartsWith("RTSP/", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return null;
        }

        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        var length = headers.Where(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.TryParse(h.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault();
        if (length is < 0 or > MaxAnswerBytes)
        {
            return null;
        }

        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var n = Math.Min(length - read, _end - _start);
            Array.Copy(_buffer, _start, body, read, n);
            _start += n;
            read += n;
        }

        return new RtspAnswer(code, headers, Encoding.UTF8.GetString(body));
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return null;
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length > 8192)
            {
                return null;
            }

            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
