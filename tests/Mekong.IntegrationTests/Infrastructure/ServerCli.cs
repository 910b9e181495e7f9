namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// The server program run as an operator runs it, over a test's storage: <c>dotnet Mekong.Server.dll ...</c> in its
/// own process (<see cref="ServerProcess"/>), configured by <c>Mekong__...</c> variables, in Production, logging warnings.
/// </summary>
public static class ServerCli
{
    /// <summary>Runs a verb (or a start that must fail) to its exit.</summary>
    public static async Task<ProcessResult> RunAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await using var server = Create(storage, environment);
        return await server.RunAsync(null, args);
    }

    /// <summary>Serves on a free loopback port (or <paramref name="url"/>) until disposed, for what needs the real process while it runs.</summary>
    public static async Task<ServerProcess> StartAsync(TestStorage storage, IReadOnlyDictionary<string, string>? environment = null, Uri? url = null)
    {
        var server = Create(storage, environment);
        try
        {
            await server.StartAsync(url);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server over <paramref name="storage"/> with <paramref name="environment"/>; the caller starts and disposes it.</summary>
    public static ServerProcess Create(TestStorage storage, IReadOnlyDictionary<string, string>? environment, string? umask = null)
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
        return new ServerProcess(typeof(Program).Assembly.Location, variables, storage.DataDirectory) { Umask = umask };
    }
}
