using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// The server program running as an operator runs it (<c>dotnet Mekong.Server.dll --urls ...</c>, Production,
/// configured by <c>Mekong__...</c> variables) on a free loopback port, for what needs the real process while it runs:
/// something real in front of it (nginx), its memory, its lock files, a kill -9. Started by <see cref="ServerCli.StartAsync"/>.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RunningServer(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri Url => BaseUrl;

    public Process Process => _process;

    /// <summary>The most memory the process has held at once (VmHWM of /proc/PID/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL, as a power cut or the OOM killer would: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    internal static async Task<RunningServer> StartAsync(string dll, TestStorage storage, IReadOnlyDictionary<string, string>? environment, Uri? url = null)
    {
        var baseUrl = url ?? new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = storage.DataDirectory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.GetLeftPart(UriPartial.Authority));
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in storage.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new RunningServer(Process.Start(start) ?? throw new InvalidOperationException("Could not start the server."), baseUrl);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Log()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The server did not become ready within 120 s:\n{Log()}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
