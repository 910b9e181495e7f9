using System.Net;
using System.Net.Http.Headers;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Open311;

/// <summary>
/// What the platform refuses before an Open311 endpoint runs (wrong method, rate limit, bad X-Api-Key, bad Host, a
/// body over the limit) answers under <c>/open311/</c> in the specification's error format with the right status,
/// JSON or XML by the request's suffix or Accept header (ADR 0025); elsewhere it stays the RFC 9457 problem.
/// </summary>
public sealed class Open311RefusalTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Base = "/open311/v2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("DELETE", "requests.json", true)]
    [InlineData("PUT", "services.xml", false)]
    [InlineData("PATCH", "discovery.json", true)]
    [InlineData("DELETE", "tokens/abc.xml", false)]
    public async Task A_wrong_method_is_a_405_error_list(string method, string resource, bool json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Base}/{resource}");

        var response = await app.Factory.CreateClient().SendAsync(request, Ct);

        await Open311ErrorDocument.AssertAsync(response, HttpStatusCode.MethodNotAllowed, json, $"{method} is not allowed");
    }

    [Fact]
    public async Task Without_a_suffix_the_accept_header_chooses_and_xml_is_the_default()
    {
        var client = app.Factory.CreateClient();
        using var asJson = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/requests");
        asJson.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await Open311ErrorDocument.AssertAsync(await client.SendAsync(asJson, Ct), HttpStatusCode.MethodNotAllowed, json: true);

        using var plain = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/requests");
        await Open311ErrorDocument.AssertAsync(await client.SendAsync(plain, Ct), HttpStatusCode.MethodNotAllowed, json: false);
    }

    [Theory]
    [InlineData("services.json", true)]
    [InlineData("requests.xml", false)]
    public async Task A_malformed_or_unknown_x_api_key_is_a_401_error_list(string resource, bool json)
    {
        var client = app.Factory.CreateClient();
        foreach (var key in new[] { "garbage", "mk_AAAAAAAA_notarealsecretnotarealsecretnotarealsecret" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{resource}");
            request.Headers.Add("X-Api-Key", key);

            var response = await client.SendAsync(request, Ct);

            await Open311ErrorDocument.AssertAsync(response, HttpStatusCode.Unauthorized, json);
            Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("services.json", true)]
    [InlineData("discovery.xml", false)]
    public async Task A_host_that_is_not_a_host_name_is_a_400_error_list(string resource, bool json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{resource}");
        request.Headers.TryAddWithoutValidation("Host", "bad host!");

        var response = await app.Factory.CreateClient().SendAsync(request, Ct);

        await Open311ErrorDocument.AssertAsync(response, HttpStatusCode.BadRequest, json, "Host");
    }

    [Fact]
    public async Task Over_the_rate_limit_is_a_429_error_list_with_retry_after()
    {
        await using var factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Mekong:RateLimits:PublicRead:AnonymousPerMinute"] = "2" });
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Base}/discovery.json", Ct)).StatusCode);
        }

        var json = await client.GetAsync($"{Base}/services.json", Ct);
        await Open311ErrorDocument.AssertAsync(json, HttpStatusCode.TooManyRequests, json: true);
        Assert.NotNull(json.Headers.RetryAfter);
        await Open311ErrorDocument.AssertAsync(await client.GetAsync($"{Base}/services.xml", Ct), HttpStatusCode.TooManyRequests, json: false);

        // Outside Open311 the same refusal stays the platform's RFC 9457 problem.
        var other = await client.GetAsync("/api/v1/jurisdictions", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_servers_limit_is_a_413_error_list()
    {
        // Only the real server enforces Kestrel's body limit (see PayloadTooLargeTests).
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var noDemo = new Dictionary<string, string> { ["Mekong__Demo"] = "false" };
        await using var server = await ServerCli.StartAsync(storage, noDemo);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        foreach (var (resource, json) in new[] { ("requests.json", true), ("requests.xml", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/{resource}")
            {
                Content = new StringContent("description=" + new string('a', 31_000_000), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
            };
            request.Headers.ExpectContinue = true;

            var response = await http.SendAsync(request, Ct);

            await Open311ErrorDocument.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, json);
        }
    }
}
