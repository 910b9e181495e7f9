using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mekong.Testing;

/// <summary>
/// The built server (<c>dotnet Mekong.Server.dll</c>) in a process of its own, configured by environment variables
/// (<c>Mekong__...</c>) as an operator configures it: its CLI verbs run to their exit (<see cref="RunAsync"/>), or it
/// serves on a free loopback port (<see cref="StartAsync"/>). For what an in-memory host cannot show: exit codes,
/// standard output and error, start-up failures, the real Kestrel.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly StringBuilder _log = new();
    private readonly string _serverDll;
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly string? _ownedDirectory;
    private Process? _process;

    /// <param name="serverDll">Mekong.Server.dll; its runtimeconfig.json must sit beside it.</param>
    /// <param name="environment">Variables to set; a null value removes one the test run has (ASPNETCORE_ENVIRONMENT).</param>
    /// <param name="workingDirectory">Where the program runs (a relative data directory is under it).</param>
    /// <param name="ownedDirectory">A directory to delete on dispose (the server's data directory).</param>
    public ServerProcess(string serverDll, IReadOnlyDictionary<string, string?> environment, string workingDirectory, string? ownedDirectory = null)
    {
        Assert.True(File.Exists(serverDll), $"The server is not built at {serverDll}; run 'dotnet build Mekong.slnx' first.");
        Assert.True(File.Exists(Path.ChangeExtension(serverDll, ".runtimeconfig.json")), $"No runtimeconfig beside {serverDll}: cannot run it as a program.");
        _serverDll = serverDll;
        _environment = environment;
        _workingDirectory = workingDirectory;
        _ownedDirectory = ownedDirectory;
    }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public Uri Url => BaseUrl;

    /// <summary>
    /// Octal umask the program starts under (through <c>/bin/sh -c 'umask …; exec dotnet …'</c>), to show that what it
    /// creates has its own permissions, not the test runner's; null: the runner's.
    /// </summary>
    public string? Umask { get; init; }

    /// <summary>Runs <c>dotnet Mekong.Server.dll &lt;args&gt;</c> to its exit (a CLI verb, or a start that must fail).</summary>
    public async Task<ProcessResult> RunAsync(string? standardInput, params string[] args)
    {
        var start = StartInfo(args);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + _serverDll);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"'{string.Join(' ', args)}' did not exit within {Timeout.TotalSeconds} s.\nstdout:\n{await output}\nstderr:\n{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error, string.Join(' ', args));
    }

    /// <summary>Serves on a free loopback port (or <paramref name="url"/>) and returns once <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(Uri? url = null)
    {
        BaseUrl = url ?? new Uri($"http://127.0.0.1:{FreePort()}/");
        _process = Process.Start(StartInfo(["--urls", BaseUrl.GetLeftPart(UriPartial.Authority)])) ?? throw new InvalidOperationException("Could not start the server.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Timeout;
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

        throw new TimeoutException($"The server did not become ready within {Timeout.TotalSeconds} s:\n{Log()}");
    }

    /// <summary>The most memory the serving process has held at once (VmHWM of /proc/PID/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL, as a power cut or the OOM killer would: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>What the serving process has written so far (standard output and error).</summary>
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
        if (_ownedDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying process: the temp folder is cleaned by the system later.
            }
        }
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Umask is null ? "dotnet" : "/bin/sh")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Umask is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"umask {Umask}; exec dotnet \"$@\"");
            start.ArgumentList.Add("sh");
        }

        start.ArgumentList.Add(_serverDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record ProcessResult(int ExitCode, string Output, string Error, string Command)
{
    public override string ToString() => $"'{Command}' exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
