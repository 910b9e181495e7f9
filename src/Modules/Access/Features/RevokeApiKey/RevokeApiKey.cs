using System.Security.Claims;
using Mekong.Modules.Access.Authentication;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.RevokeApiKey;

/// <summary>
/// Revokes a key by id or prefix (<c>apikeys revoke</c>, <c>DELETE /api/v1/admin/api-keys/{id}</c>). Revoking twice is harmless.
/// Effective at once on this node, on the others within <see cref="ApiKeyOptions.CacheSeconds"/>.
/// </summary>
internal sealed class RevokeApiKeyHandler(AccessDbContext db, ApiKeyCache cache, TimeProvider clock)
{
    public async Task<ApiKeyResponse?> HandleAsync(string idOrPrefix, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var keys = db.ApiKeys.AsQueryable();
        keys = Guid.TryParse(idOrPrefix, out var id) ? keys.Where(k => k.Id == id) : keys.Where(k => k.Prefix == idOrPrefix);
        var key = await keys.FirstOrDefaultAsync(cancellationToken);
        if (key is null || (ActorScope.IsConfined(actor, out var own) && key.JurisdictionCode != own))
        {
            return null;
        }

        key.Revoke(clock);
        await db.SaveChangesAsync(cancellationToken);
        // This node stops accepting it now; others within Mekong:ApiKeys:CacheSeconds.
        cache.Entries.Remove(key.Prefix);
        return IssueApiKeyHandler.ToResponse(key);
    }
}

internal static class RevokeApiKeyEndpoint
{
    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> Handle(
        string id, ClaimsPrincipal user, RevokeApiKeyHandler handler, CancellationToken cancellationToken)
    {
        var revoked = await handler.HandleAsync(id, user, cancellationToken);
        return revoked is null
            ? Problem.NotFound("API key not found", $"There is no API key '{id}' you may manage.")
            : TypedResults.Ok(revoked);
    }
}
