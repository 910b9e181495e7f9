using System.Security.Claims;
using System.Text.Encodings.Web;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Access.Authentication;

internal static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
}

/// <summary>Authenticates <c>X-Api-Key</c>: finds the key by its prefix, compares the hash in fixed time, refuses revoked keys.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = values.ToString().Trim();
        var prefix = Domain.ApiKey.PrefixOf(presented);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !key.Matches(presented))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (!key.IsActive)
        {
            return AuthenticateResult.Fail("The API key has been revoked.");
        }

        if (key.TouchIfStale(clock))
        {
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"apikey:{key.Id}"),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role),
            new(MekongClaims.ApiKeyId, key.Id.ToString()),
        };
        if (key.JurisdictionCode is not null)
        {
            claims.Add(new Claim(MekongClaims.Jurisdiction, key.JurisdictionCode));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyDefaults.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyDefaults.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.Scheme;
        return base.HandleChallengeAsync(properties);
    }
}
