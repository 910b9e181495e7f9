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
    /// Starts the server on a free loopback port and waits until it is ready; for what needs the real process while it
    /// runs (its memory, its lock files). Dispose to kill it.
    /// </summary>
    public static async Task<RunningServer> StartAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = storage.DataDirectory };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.GetLeftPart(UriPartial.Authority));
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Mekong__Map__TileUrl"] = string.Empty;
        foreach (var (key, value) in storage.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new RunningServer(Process.Start(start)!, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (server.Process.HasExited)
            {
                var (code, log) = (server.Process.ExitCode, server.Log());
                await server.DisposeAsync();
                Assert.Fail($"The server exited with code {code}:\n{log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or busy starting.
            }

            await Task.Delay(250);
        }

        var output = server.Log();
        await server.DisposeAsync();
        Assert.Fail($"The server was not ready within 180 s:\n{output}");
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

/// <summary>A server process started by <see cref="ServerProcess.StartAsync"/>: its address, its process, its output.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly System.Text.StringBuilder _log = new();

    internal RunningServer(Process process, Uri url)
    {
        Process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public Uri Url { get; }

    /// <summary>The most memory the process has held at once (VmHWM of /proc/PID/status), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
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
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
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
}

public sealed record ProcessResult(int ExitCode, string Output, string Error, string Command)
{
    public override string ToString() => $"'{Command}' exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
