using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>An unknown address: a browser gets the not-found page in the reader's language, an API client the problem.</summary>
public sealed class NotFoundTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task An_api_client_gets_a_404_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await app.Factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("/khong-co-trang-nay", null, "Không tìm thấy trang")]
    [InlineData("/no/such/page?x=1", "en", "Page not found")]
    public async Task A_browser_gets_the_not_found_page_with_status_404(string path, string? culture, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (culture is not null)
        {
            request.Headers.Add("Cookie", ".AspNetCore.Culture=c=en|uic=en");
        }

        var response = await app.Factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_asking_for_a_missing_unit_still_gets_the_apis_own_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin-units/00000?at=2024-06-01");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await app.Factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
