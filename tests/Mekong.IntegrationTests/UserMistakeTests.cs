using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>A user's mistake is a 4xx problem that names what was wrong, never a 500 (issue 12).</summary>
public sealed class UserMistakeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Single_sign_on_that_is_not_configured_is_a_404_problem_that_says_so()
    {
        var response = await app.Factory.NoRedirects().GetAsync("/account/external?returnUrl=%2Fops", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("single sign-on", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/jurisdictions")]
    public async Task A_host_header_over_255_characters_is_a_400_problem(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 60) + "." + new string('e', 60) + ".example";

        var response = await app.Factory.NoRedirects().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Host", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_charset_is_a_415_problem_naming_it()
    {
        var admin = await app.AdminAsync();
        using var content = new StringContent("{\"email\":\"x@phusa.example\",\"role\":\"Viewer\"}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=klingon");

        var response = await admin.PostAsync("/api/v1/admin/users", content, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("/problems/unsupported-media-type", problem.GetProperty("type").GetString());
        Assert.Contains("klingon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_value_of_the_wrong_type_names_the_field()
    {
        var admin = await app.AdminAsync();
        using var content = new StringContent("{\"email\":123,\"role\":\"Viewer\"}", Encoding.UTF8, "application/json");

        var response = await admin.PostAsync("/api/v1/admin/users", content, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["email"], Http.ErrorFields(problem));
        Assert.Contains("email", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_a_method_not_allowed_problem()
    {
        var response = await app.Factory.CreateClient().DeleteAsync("/api/v1/jurisdictions", TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("/problems/method-not-allowed", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_wrong_content_type_is_an_unsupported_media_type_problem()
    {
        var admin = await app.AdminAsync();
        using var content = new StringContent("email=x", Encoding.UTF8, "text/plain");

        var response = await admin.PostAsync("/api/v1/admin/users", content, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("/problems/unsupported-media-type", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(101)]
    [InlineData(100_000)]
    public async Task A_display_name_over_100_characters_is_refused(int length)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"long-{Guid.NewGuid():N}@phusa.example", role = "Viewer", displayName = new string('ư', length), jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["displayName"], Http.ErrorFields(problem));
    }

    [Theory]
    [InlineData("Nguyễn\nVăn A")]
    [InlineData("Nguyễn\u0000Văn A")]
    [InlineData("Nguyễn\u200bVăn A\u202e")]
    public async Task A_display_name_with_control_characters_is_refused(string displayName)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"ctl-{Guid.NewGuid():N}@phusa.example", role = "Viewer", displayName, jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["displayName"], Http.ErrorFields(problem));
    }

    [Fact]
    public async Task A_display_name_of_100_Vietnamese_letters_is_accepted()
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"ok-{Guid.NewGuid():N}@phusa.example", role = "Viewer", displayName = new string('ệ', 100), jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);

        await Http.JsonAsync(response, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("Hệ thống\tmột cửa")]
    [InlineData("key\u0007")]
    [InlineData("\u202egnp.exe")]
    public async Task An_API_key_name_with_control_characters_is_refused(string name)
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, role = "Viewer", jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);

        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["name"], Http.ErrorFields(problem));
    }
}
