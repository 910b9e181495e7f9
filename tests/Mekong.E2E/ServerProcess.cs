using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Mekong.E2E;

/// <summary>
/// The built server (Mekong.Server.dll) in its own process on a free loopback port with its own data directory;
/// also runs its CLI verbs against that directory, as an installer would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly bool _demo;
    private Process? _process;

    private ServerProcess(bool demo)
    {
        _demo = demo;
        DataDirectory = Directory.CreateTempSubdirectory("mekong-e2e-").FullName;
    }

    public string DataDirectory { get; }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public static string ServerDll
    {
        get
        {
            var dll = Path.GetFullPath(typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MekongServerDll").Value!);
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The server is not built at {dll}; run 'dotnet build Mekong.slnx' first.");
        }
    }

    /// <summary>A fresh data directory, not started yet: run CLI verbs first, then <see cref="StartAsync"/>.</summary>
    public static ServerProcess Create(bool demo) => new(demo);

    /// <summary>Runs <c>dotnet Mekong.Server.dll &lt;args&gt;</c> with this data directory; returns exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(string? standardInput, params string[] args)
    {
        var start = StartInfo();
        start.RedirectStandardInput = standardInput is not null;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public async Task StartAsync()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = StartInfo();
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl.GetLeftPart(UriPartial.Authority));
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

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

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder is cleaned by the system later.
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var dll = ServerDll;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["Mekong__DataDirectory"] = DataDirectory;
        start.Environment["Mekong__Demo"] = _demo ? "true" : "false";
        start.Environment["Mekong__Map__TileUrl"] = string.Empty; // no internet: the map must stand on our own layers
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
