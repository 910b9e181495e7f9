using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// A body over Kestrel's limit is the caller's mistake: 413 with its own problem type. Only the real server enforces
/// the limit (the in-memory test server reads any body), so this runs the program.
/// </summary>
public sealed class PayloadTooLargeTests
{
    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_of_its_own_type()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var noDemo = new Dictionary<string, string> { ["Mekong__Demo"] = "false" };
        var issued = await ServerCli.RunAsync(storage, noDemo, "apikeys", "create", "--name", "too-large", "--role", "Administrator");
        Assert.True(issued.ExitCode == 0, issued.ToString());

        await using var server = await ServerCli.StartAsync(storage, noDemo);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        // 31 MB of JSON: over Kestrel's default 30,000,000-byte request body limit.
        var body = "{\"email\":\"" + new string('a', 31_000_000) + "@example.vn\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/users") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Api-Key", issued.Output.Trim());
        // The server answers from the Content-Length and closes; 100-continue lets the client read that answer
        // instead of failing while it still sends.
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request, cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Assert.Equal("/problems/payload-too-large", problem.RootElement.GetProperty("type").GetString());
        Assert.True(problem.RootElement.TryGetProperty("correlationId", out _), problem.RootElement.ToString());
    }
}
