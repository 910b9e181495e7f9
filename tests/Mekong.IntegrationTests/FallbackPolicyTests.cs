using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.IntegrationTests;

/// <summary>
/// The fallback policy on a bare app: an endpoint that states no policy is closed; what is not an endpoint of ours
/// (an unknown path, a wrong method, a wrong content type) gets its own status, not a misleading 401 or 403.
/// </summary>
public sealed class FallbackPolicyTests : IAsyncLifetime
{
    private WebApplication? _app;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication("test").AddScheme<AuthenticationSchemeOptions, HeaderUser>("test", _ => { });
        builder.Services.AddMekongPolicies();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/forgotten", () => "no policy stated");
        _app.MapGet("/open", () => "open").AllowAnonymous();
        _app.MapPut("/json", (Body body) => body.Name).RequireAuthorization(Policies.Viewer);
        await _app.StartAsync();
    }

    [Fact]
    public async Task An_endpoint_without_a_policy_is_closed_to_anonymous_and_signed_in_callers()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/forgotten", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(Roles.Administrator).GetAsync("/forgotten", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/open", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_is_404_not_a_log_in_prompt()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/no-such-thing", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(Roles.Viewer).GetAsync("/no-such-thing", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_and_a_wrong_method_405()
    {
        using var text = new StringContent("x", System.Text.Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Client(Roles.Viewer).PutAsync("/json", text, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Client(Roles.Viewer).DeleteAsync("/json", TestContext.Current.CancellationToken)).StatusCode);
    }

    private HttpClient Client(string? role = null)
    {
        var client = _app!.GetTestClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add("X-Test-Role", role);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private sealed record Body(string Name);

    /// <summary>Signs the request in with the role named in <c>X-Test-Role</c>, if any.</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue("X-Test-Role", out var role))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role.ToString())], "test");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "test")));
        }
    }
}
