using System.Net;
using System.Text.RegularExpressions;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// The server's command-line verbs, run as an operator runs them: a separate <c>dotnet Mekong.Server.dll ...</c>
/// process configured by <c>Mekong__...</c> environment variables, against the same storage a test server then opens.
/// </summary>
public abstract partial class CliTests(DatabaseKind kind)
{
    [Fact]
    public async Task Users_and_keys_made_on_the_command_line_work_on_the_server()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        // A copy of the seeded demo (a fresh seed is the template's and DataDirectoryTests' business): seeding again is
        // harmless and prints the demo log-ins again.
        await using var storage = await TestStorage.CreateDemoAsync(kind);
        var email = $"cli-{Guid.NewGuid():N}@phusa.example";

        var seed = await RunAsync(storage, "seed-demo");
        Assert.True(seed.ExitCode == 0, seed.ToString());
        Assert.Contains(Demo.Admin, seed.Output, StringComparison.Ordinal);

        var user = await RunAsync(storage, "users", "create", "--email", email, "--role", "Viewer", "--jurisdiction", Demo.Jurisdiction);
        Assert.True(user.ExitCode == 0, user.ToString());
        var password = GeneratedPassword().Match(user.Output);
        Assert.True(password.Success, user.ToString());

        var again = await RunAsync(storage, "users", "create", "--email", email, "--role", "Viewer", "--jurisdiction", Demo.Jurisdiction);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        var badRole = await RunAsync(storage, "users", "create", "--email", "x" + email, "--role", "Emperor", "--jurisdiction", Demo.Jurisdiction);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("role:", badRole.Error, StringComparison.Ordinal);

        var issued = await RunAsync(storage, "apikeys", "create", "--name", "cli test", "--role", "Viewer", "--jurisdiction", Demo.Jurisdiction);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var key = Assert.Single(issued.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), l => ApiKeyLine().IsMatch(l));
        Assert.Equal(55, key.Length);
        Assert.StartsWith("mk_", key, StringComparison.Ordinal);

        await using var factory = new MekongAppFactory(storage);
        var me = await factory.WithApiKey(key).GetJsonAsync("/api/v1/me");
        Assert.Equal("cli test", me.GetProperty("name").GetString());
        var signedIn = await SignIn.AsAsync(factory, email, password.Groups[1].Value);
        Assert.Equal(email, (await signedIn.GetJsonAsync("/api/v1/me")).GetProperty("name").GetString());

        var revoked = await RunAsync(storage, "apikeys", "revoke", key[..11]);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        // The CLI is another process: the server learns of the revocation within Mekong:ApiKeys:CacheSeconds (5 s).
        var deadline = DateTime.UtcNow.AddSeconds(7);
        var status = HttpStatusCode.OK;
        while (DateTime.UtcNow < deadline && status != HttpStatusCode.Unauthorized)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            status = (await factory.WithApiKey(key).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_verb_writes_only_its_result_on_standard_output_and_its_logs_on_standard_error()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        // As shipped (Information, JSON console logs), on a fresh database: migrations and the demo province log.
        await using var storage = await TestStorage.CreateAsync(kind);
        var issued = await ServerCli.RunAsync(storage, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" },
            "apikeys", "create", "--name", "captured", "--role", "Administrator");

        Assert.True(issued.ExitCode == 0, issued.ToString());
        // KEY=$(dotnet run --project src/Mekong.Server -- apikeys create ...) captures the key and nothing else.
        Assert.Matches(ApiKeyLine(), issued.Output.TrimEnd('\n'));
        Assert.Contains("\"LogLevel\":\"Information\"", issued.Error, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> RunAsync(TestStorage storage, params string[] args) => ServerCli.RunAsync(storage, null, args);

    [GeneratedRegex(@"Password \(shown once\): (\S+)")]
    private static partial Regex GeneratedPassword();

    [GeneratedRegex("^mk_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}$")]
    private static partial Regex ApiKeyLine();
}

public sealed class CliTests_Sqlite() : CliTests(DatabaseKind.Sqlite);

public sealed class CliTests_PostgreSql() : CliTests(DatabaseKind.PostgreSql);
