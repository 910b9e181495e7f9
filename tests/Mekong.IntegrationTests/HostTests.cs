using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Mekong.IntegrationTests;

/// <summary>What the host gives every request: health, the API description, metrics, security headers, correlation ids.</summary>
public abstract class HostTests(AppFixture app)
{
    private HttpClient Client => app.Factory.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_JSON(string path)
    {
        var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await Http.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_checks_the_database()
    {
        var body = await Client.GetJsonAsync("/health/ready");

        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_admin_units_API()
    {
        var document = await Client.GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/admin-units", paths);
        Assert.Contains("/api/v1/admin-units/locate", paths);
        Assert.Contains("/api/v1/jurisdictions", paths);
        var responses = document.GetProperty("paths").GetProperty("/api/v1/admin-units/{code}").GetProperty("get").GetProperty("responses");
        Assert.True(responses.TryGetProperty("404", out var notFound), "GET /api/v1/admin-units/{code} documents no 404");
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _), notFound.ToString());
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await Client.GetAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Error_responses_carry_the_security_headers_too()
    {
        var response = await Client.GetAsync("/api/v1/admin-units/00000", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.True(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task A_sane_correlation_id_is_echoed_and_a_missing_one_is_made_up()
    {
        var client = Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "it-1234.abc_DEF");

        var echoed = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var made = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal("it-1234.abc_DEF", Assert.Single(echoed.Headers.GetValues("X-Correlation-Id")));
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(made.Headers.GetValues("X-Correlation-Id"))));
    }

    [Fact]
    public async Task An_insane_correlation_id_is_not_echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "<script>alert(1)</script>");

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.NotEqual("<script>alert(1)</script>", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task Problems_carry_the_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin-units?limit=0");
        request.Headers.Add("X-Correlation-Id", "it-problem-42");

        var problem = await Http.ProblemAsync(await Client.SendAsync(request, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Contains("it-problem-42", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_answer_Prometheus_text_on_loopback()
    {
        // A database read first, so that the database histogram has a sample (the exporter may lag one collection).
        await Client.GetAsync("/api/v1/admin-units?limit=1", TestContext.Current.CancellationToken);
        var context = await app.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("text/plain", context.Response.ContentType, StringComparison.Ordinal);
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE ", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("mekong_db_command_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("module=\"geo\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_refused_to_an_anonymous_remote_address()
    {
        var context = await app.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_served_to_an_operator_key_from_anywhere()
    {
        var (key, _) = await app.IssueKeyAsync("Operator");

        var context = await app.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/metrics";
            c.Request.Headers["X-Api-Key"] = key;
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_refused_to_a_viewer_key_from_a_remote_address()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");

        var context = await app.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/metrics";
            c.Request.Headers["X-Api-Key"] = key;
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }
}

public sealed class HostTests_Sqlite(SqliteApp app) : HostTests(app), IClassFixture<SqliteApp>;

public sealed class HostTests_PostgreSql(PostgreSqlApp app) : HostTests(app), IClassFixture<PostgreSqlApp>;
