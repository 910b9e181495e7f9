using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// Start-up configuration: a wrong setting stops the server with exit code 1 and a message that names the key. Run as a
/// process: the program reports the failure and exits, which an in-memory host would not surface.
/// </summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Mekong__Database__Provider", "Oracle", "Mekong:Database:Provider")]
    [InlineData("Mekong__PublicBaseUrl", "not a url", "Mekong:PublicBaseUrl")]
    [InlineData("Mekong__Map__TileUrl", "https://tiles.example/tile.png", "Mekong:Map:TileUrl")]
    [InlineData("Mekong__Import__MaxPoints", "0", "Mekong:Import:MaxPoints")]
    [InlineData("Mekong__Work__LeaseDuration", "00:00:01", "Mekong:Work:LeaseDuration")]
    public async Task A_wrong_setting_stops_the_server_naming_the_key(string variable, string value, string key)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { [variable] = value }, "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Mekong cannot start", result.Error, StringComparison.Ordinal);
        Assert.Contains(key, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mekong__Database__Provider", "Oracle", "Mekong:Database:Provider")]
    [InlineData("Mekong__PublicBaseUrl", "not a url", "Mekong:PublicBaseUrl")]
    public async Task A_wrong_setting_stops_a_CLI_verb_with_exit_code_1_and_a_message_naming_the_key(string variable, string value, string key)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { [variable] = value }, "migrate");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("Mekong cannot start; fix the configuration:", result.Error, StringComparison.Ordinal);
        Assert.Contains(key, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_server_with_a_message_naming_urls()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        // Without the demo: the port is taken at the end of the start, after a demo seed (a minute on a loaded machine).
        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { ["Mekong__Demo"] = "false" }, "--urls", $"http://127.0.0.1:{port}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--urls", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_stops_the_server_naming_the_key()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { ["Mekong__Database__Provider"] = "PostgreSQL" }, "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ConnectionStrings:Mekong", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>Storage across restarts and without demo mode, on each provider.</summary>
public abstract class StorageTests(DatabaseKind kind)
{
    [Fact]
    public async Task Without_demo_mode_there_is_no_province_and_no_demo_account()
    {
        await using var factory = await MekongAppFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Mekong:Demo"] = "false" });

        var jurisdictions = await factory.CreateClient().GetJsonAsync("/api/v1/jurisdictions");
        var login = await SignIn.PostFormAsync(SignIn.CookieClient(factory), Demo.Admin, Demo.Password);

        Assert.Equal(0, jurisdictions.GetProperty("total").GetInt32());
        Assert.StartsWith("/login?error=invalid", login.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_survives_a_restart_and_the_demo_is_not_seeded_twice()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        string key;
        int communes;
        await using (var first = new MekongAppFactory(storage))
        {
            var admin = await SignIn.AsAsync(first, Demo.Admin, Demo.Password);
            var issued = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "survivor", role = "Viewer", jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken), HttpStatusCode.Created);
            key = issued.GetProperty("key").GetString()!;
            communes = (await first.CreateClient().GetJsonAsync("/api/v1/admin-units?level=commune&limit=1")).GetProperty("total").GetInt32();
        }

        await using var second = new MekongAppFactory(storage);
        var me = await second.WithApiKey(key).GetJsonAsync("/api/v1/me");
        var client = second.CreateClient();
        var jurisdictions = await client.GetJsonAsync("/api/v1/jurisdictions");
        var communesAfter = (await client.GetJsonAsync("/api/v1/admin-units?level=commune&limit=1")).GetProperty("total").GetInt32();
        var historic = (await client.GetJsonAsync("/api/v1/admin-units?level=district&at=2025-06-30&limit=1")).GetProperty("total").GetInt32();
        var users = await (await SignIn.AsAsync(second, Demo.Admin, Demo.Password)).GetJsonAsync("/api/v1/admin/users");

        Assert.Equal("survivor", me.GetProperty("name").GetString());
        Assert.Equal(1, jurisdictions.GetProperty("total").GetInt32());
        Assert.Equal(communes, communesAfter);
        Assert.Equal(10, historic);
        var emails = users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ToList();
        Assert.Single(emails, e => e == Demo.Admin);
    }
}

public sealed class StorageTests_Sqlite() : StorageTests(DatabaseKind.Sqlite);

public sealed class StorageTests_PostgreSql() : StorageTests(DatabaseKind.PostgreSql);
