using System.Diagnostics;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the server program as an operator does: <c>dotnet Mekong.Server.dll ...</c> in a process of its own, configured
/// by <c>Mekong__...</c> environment variables. For what an in-memory host cannot show: CLI verbs, exit codes, and
/// start-up failures (the program prints them and exits 1, which an in-memory host does not surface).
/// </summary>
public static class ServerProcess
{
    public static async Task<ProcessResult> RunAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = storage.DataDirectory,
        };
        start.ArgumentList.Add(ServerDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in storage.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"'{string.Join(' ', args)}' did not exit within 90 s.\nstdout:\n{await output}\nstderr:\n{await error}");
        }

        return new ProcessResult(process.ExitCode, await output, await error, string.Join(' ', args));
    }

    /// <summary>
    /// Starts the server on <paramref name="url"/> and returns once <c>/health/ready</c> answers 200; the caller stops
    /// it, e.g. with <see cref="RunningServer.KillHard"/> (SIGKILL: no shutdown, no flush, as a power cut).
    /// </summary>
    public static async Task<RunningServer> StartAsync(TestStorage storage, IReadOnlyDictionary<string, string> environment, Uri url)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = storage.DataDirectory,
        };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.GetLeftPart(UriPartial.Authority));
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in storage.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var server = new RunningServer(Process.Start(start)!, url);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>The server assembly the tests reference; its runtimeconfig sits beside it in the test output.</summary>
    private static string ServerDll()
    {
        var dll = typeof(Program).Assembly.Location;
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), $"No runtimeconfig beside {dll}: cannot run it as a program.");
        return dll;
    }
}

public sealed record ProcessResult(int ExitCode, string Output, string Error, string Command)
{
    public override string ToString() => $"'{Command}' exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>A server process started by <see cref="ServerProcess.StartAsync"/>; killed on dispose if still running.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    internal RunningServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    internal async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The server exited with code {_process.ExitCode}:\n{Log()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or busy starting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The server did not become ready within 120 s:\n{Log()}");
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillHardAsync();
        _process.Dispose();
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
}
