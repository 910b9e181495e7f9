namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// The server program run as an operator runs it, over a test's storage: <c>dotnet Mekong.Server.dll ...</c> in its
/// own process (<see cref="ServerProcess"/>), configured by <c>Mekong__...</c> variables, in Production, logging warnings.
/// </summary>
public static class ServerCli
{
    public static async Task<ProcessResult> RunAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in storage.Settings)
        {
            variables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        // The server assembly the tests reference; its runtimeconfig sits beside it in the test output.
        await using var server = new ServerProcess(typeof(Program).Assembly.Location, variables, storage.DataDirectory);
        return await server.RunAsync(null, args);
    }

    /// <summary>Starts the server on a free loopback port (or <paramref name="url"/>) and waits until it is ready; dispose to stop it.</summary>
    public static Task<RunningServer> StartAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment = null, Uri? url = null) =>
        RunningServer.StartAsync(typeof(Program).Assembly.Location, storage, environment, url);
}
