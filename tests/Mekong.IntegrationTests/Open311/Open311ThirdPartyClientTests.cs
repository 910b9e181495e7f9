using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Testing;

namespace Mekong.IntegrationTests.Open311;

/// <summary>
/// A real third-party Open311 client against the real server process: Code for America's node-open311 (npm
/// <c>open311</c> 0.0.12), driven by tests/tools/open311-client/check.js. It finds the endpoint by discovery, lists the
/// services, reads a definition, posts a request with its attributes and an API key, follows the token to the id, and
/// reads the request by id, by a list of ids and by filters; the mistakes it is made to make come back through its error
/// callback with the specification's codes. The client speaks JSON here: its XML parsers (a git-only package and a
/// native module) cannot be installed offline and are left out by the package's overrides (docs/adr/0020-open311.md);
/// <see cref="Open311ClientTests"/> reads the XML the same way from the specification's text.
/// </summary>
public sealed class Open311ThirdPartyClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_open311_discovers_lists_posts_follows_the_token_and_reads_the_request_back()
    {
        var tool = Path.Combine(RepositoryRoot(), "tests", "tools", "open311-client");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules", "open311")), $"The client is not installed: run 'npm ci' in {tool} (./test.sh does).");

        await using var storage = await TestStorage.CreateDemoAsync(DatabaseKind.Sqlite);
        var issued = await ServerCli.RunAsync(storage, null, "apikeys", "create", "--name", "node-open311", "--role", "Viewer", "--jurisdiction", Demo.Jurisdiction);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var key = issued.Output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("mk_", key, StringComparison.Ordinal);

        await using var server = await ServerCli.StartAsync(storage);
        var discovery = new Uri(server.BaseUrl, "/open311/v2/discovery.json");
        var (exitCode, output, errors) = await RunNodeAsync(tool, "check.js", discovery.AbsoluteUri, key, Demo.Jurisdiction, "9.6", "105.95");
        Assert.True(exitCode == 0, $"node check.js exited {exitCode}\n{errors}\n{output}\nserver:\n{server.Log()}");
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;

        // The endpoint came from discovery: absolute, the server's own address, JSON chosen from its formats.
        Assert.Equal(new Uri(server.BaseUrl, "/open311/v2/").AbsoluteUri, root.GetProperty("endpoint").GetString());
        Assert.Equal("json", root.GetProperty("format").GetString());

        // The service list is the server's, code for code.
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var services = await http.GetJsonAsync($"/open311/v2/services.json?jurisdiction_id={Demo.Jurisdiction}");
        Assert.Equal(
            services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()).ToList(),
            root.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToList());

        // The request it posted is the one it reads back, by id, in a list of ids and among the open ones of its service.
        var id = root.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id), output);
        var request = Assert.Single(root.GetProperty("byId").EnumerateArray());
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal(root.GetProperty("definition").GetString(), request.GetProperty("service_code").GetString());
        Assert.Equal(root.GetProperty("description").GetString(), request.GetProperty("description").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal(9.6, request.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(105.95, request.GetProperty("long").GetDouble(), 6);
        Assert.Contains(id, root.GetProperty("byIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(id, root.GetProperty("byFilter").EnumerateArray().Select(e => e.GetString()));

        // What the server stored is what the client sent, seen without the client.
        var stored = await http.GetJsonAsync($"/open311/v2/requests/{id}.json?jurisdiction_id={Demo.Jurisdiction}");
        Assert.Equal(root.GetProperty("description").GetString(), stored[0].GetProperty("description").GetString());

        // Its mistakes: a required attribute left out is a 400 naming it; a key the server never issued is a 403.
        var missing = root.GetProperty("missingAttribute").GetString();
        Assert.NotNull(missing);
        Assert.Contains("400", missing, StringComparison.Ordinal);
        foreach (var attribute in root.GetProperty("attributes").EnumerateObject())
        {
            Assert.Contains(attribute.Name, missing, StringComparison.Ordinal);
        }

        var wrongKey = root.GetProperty("wrongKey").GetString();
        Assert.NotNull(wrongKey);
        Assert.Contains("403", wrongKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/open311/v2/requests/{id}.json", Ct)).StatusCode);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunNodeAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mekong.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mekong.slnx not found above " + AppContext.BaseDirectory);
    }
}
