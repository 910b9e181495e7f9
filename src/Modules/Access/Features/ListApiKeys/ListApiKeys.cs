using System.Security.Claims;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.ListApiKeys;

/// <summary><c>GET /api/v1/admin/api-keys</c>: keys (never their secrets) the administrator may manage.</summary>
internal static class ListApiKeys
{
    public static async Task<Ok<PagedList<ApiKeyResponse>>> Handle(ClaimsPrincipal actor, AccessDbContext db, CancellationToken cancellationToken)
    {
        var items = await Query(db, actor, cancellationToken);
        return TypedResults.Ok(new PagedList<ApiKeyResponse>(items, items.Count, null));
    }

    public static async Task<List<ApiKeyResponse>> Query(AccessDbContext db, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var keys = db.ApiKeys.AsNoTracking();
        if (ActorScope.IsConfined(actor, out var own))
        {
            keys = keys.Where(k => k.JurisdictionCode == own);
        }

        return (await keys.OrderBy(k => k.Name).ThenBy(k => k.Prefix).ToListAsync(cancellationToken)).Select(IssueApiKeyHandler.ToResponse).ToList();
    }
}
