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

    /// <summary>Starts the server on a free loopback port and waits until it is ready; dispose to stop it.</summary>
    public static Task<RunningServer> StartAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment) =>
        RunningServer.StartAsync(ServerDll(), storage, environment);

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
