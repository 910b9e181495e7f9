using System.Security.Claims;
using System.Text.Encodings.Web;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Access.Authentication;

internal static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
}

/// <summary>
/// Authenticates <c>X-Api-Key</c>: finds the key by its prefix (through the per-node <see cref="ApiKeyCache"/>),
/// compares the hash in fixed time, refuses revoked keys. The database context is resolved only on a cache miss or
/// for the hourly last-used write: a cache hit creates no DbContext and opens no connection.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
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

        var key = await cache.Entries.GetOrLoadAsync(prefix, LoadAsync, Context.RequestAborted);
        if (key is null || !Domain.ApiKey.Matches(presented, key.SecretHash))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (key.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The API key has been revoked.");
        }

        var now = clock.GetUtcNow();
        if (Domain.ApiKey.IsUseStale(key.LastUsedAt, now))
        {
            // At most once an hour per key and node: a busy key does not write on every request.
            await Db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
            cache.Entries.Update(prefix, cached => cached is null ? null : cached with { LastUsedAt = now });
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

    private AccessDbContext Db => Context.RequestServices.GetRequiredService<AccessDbContext>();

    private Task<ApiKeySnapshot?> LoadAsync(string prefix, CancellationToken cancellationToken) =>
        Db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new ApiKeySnapshot(k.Id, k.Name, k.SecretHash, k.Role, k.JurisdictionCode, k.RevokedAt, k.LastUsedAt))
            .FirstOrDefaultAsync(cancellationToken);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.Scheme;
        return base.HandleChallengeAsync(properties);
    }
}
