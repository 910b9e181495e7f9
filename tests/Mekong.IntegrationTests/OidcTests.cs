using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mekong.IntegrationTests;

/// <summary>
/// Log-in through a provincial SSO (OpenID Connect, authorization code with PKCE) against a stand-in provider that
/// signs real RS256 ID tokens: the browser's redirects are followed by hand, the server's back-channel calls are
/// answered in memory.
/// </summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Authority = "https://sso.test";
    private const string ClientId = "mekong-ioc";
    private readonly FakeProvider _provider = new();
    private MekongAppFactory? _factory;
    private WebApplicationFactory<Program>? _server;

    public async ValueTask InitializeAsync()
    {
        _factory = await MekongAppFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Mekong:Authentication:Oidc:Authority"] = Authority,
            ["Mekong:Authentication:Oidc:ClientId"] = ClientId,
            ["Mekong:Authentication:Oidc:ClientSecret"] = "not-a-real-secret",
            ["Mekong:Authentication:Oidc:DisplayName"] = "SSO tỉnh",
        });
        // Configure, not PostConfigure: the handler builds its back-channel client in a post-configure step of its own.
        _server = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Configure<OpenIdConnectOptions>("oidc", o => o.BackchannelHttpHandler = _provider)));
    }

    [Fact]
    public async Task A_known_user_signs_in_through_the_provider_and_lands_where_they_were_going()
    {
        var client = Browser();
        var login = await client.GetStringAsync("/login", TestContext.Current.CancellationToken);
        Assert.Contains("SSO tỉnh", login, StringComparison.Ordinal);

        _provider.Email = Demo.Operator;
        var me = await SignInThroughProviderAsync(client);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Demo.Operator, body.RootElement.GetProperty("name").GetString());
        Assert.Contains("Operator", body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Demo.Jurisdiction, body.RootElement.GetProperty("jurisdiction").GetString());
    }

    [Fact]
    public async Task A_person_unknown_to_Mekong_is_sent_back_to_the_log_in_page()
    {
        var client = Browser();
        _provider.Email = "stranger@province.example";

        var me = await SignInThroughProviderAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Contains("error=unknown-external", _provider.LastLandingUrl, StringComparison.Ordinal);
    }

    /// <summary>Walks the code flow: Mekong → provider (authorize) → Mekong callback → account link; then asks /api/v1/me.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient client)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var challenge = await client.GetAsync("/account/external?returnUrl=%2Fops", cancellation);
        Assert.True(challenge.StatusCode == HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync(cancellation));
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{Authority}/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        _provider.Nonce = query["nonce"].ToString();

        // The provider authenticates the person and sends the browser back with a code.
        var callback = QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?> { ["code"] = "one-time-code", ["state"] = query["state"] });
        var next = await client.GetAsync(callback, cancellation);
        for (var hops = 0; next.StatusCode == HttpStatusCode.Redirect && hops < 5; hops++)
        {
            _provider.LastLandingUrl = next.Headers.Location!.ToString();
            next = await client.GetAsync(next.Headers.Location, cancellation);
        }

        return await client.GetAsync("/api/v1/me", cancellation);
    }

    private HttpClient Browser() => _server!.CreateClient(new WebApplicationFactoryClientOptions
    {
        // The correlation and nonce cookies are Secure: speak https to the in-memory server.
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _provider.Dispose();
    }

    /// <summary>The identity provider's back channel: discovery, signing keys, token and user-info endpoints.</summary>
    private sealed class FakeProvider : HttpMessageHandler
    {
        private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        private readonly RSA _rsa = RSA.Create(2048);

        public string Email { get; set; } = string.Empty;

        public string Nonce { get; set; } = string.Empty;

        public string LastLandingUrl { get; set; } = string.Empty;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "test-key" };
            object body = request.RequestUri!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["authorization_endpoint"] = $"{Authority}/authorize",
                    ["token_endpoint"] = $"{Authority}/token",
                    ["userinfo_endpoint"] = $"{Authority}/userinfo",
                    ["jwks_uri"] = $"{Authority}/jwks",
                    ["response_types_supported"] = new[] { "code" },
                    ["subject_types_supported"] = new[] { "public" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["code_challenge_methods_supported"] = new[] { "S256" },
                },
                "/jwks" => new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(key) } },
                "/token" => new Dictionary<string, object>
                {
                    ["access_token"] = "opaque-access-token",
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 300,
                    ["id_token"] = IdToken(new RsaSecurityKey(_rsa) { KeyId = "test-key" }),
                },
                "/userinfo" => new Dictionary<string, object> { ["sub"] = Subject, ["email"] = Email },
                _ => new { error = "not_found" },
            };
            var json = JsonSerializer.Serialize(body, JsonOptions);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }

        private string Subject => "sub-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Email)))[..16];

        private string IdToken(SecurityKey signingKey) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", Subject), new Claim("email", Email)]),
            Claims = new Dictionary<string, object> { ["nonce"] = Nonce },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rsa.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
