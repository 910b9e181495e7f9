using System.Security.Claims;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Features.ListPlacesItems;

internal sealed record PlacesItemResponse(Guid Id, string Title, string Jurisdiction, DateTimeOffset CreatedAt);

/// <summary><c>GET /api/v1/places/items</c> (policy Viewer): the items of the caller's jurisdiction.</summary>
internal static class ListPlacesItems
{
    public static async Task<Ok<PagedList<PlacesItemResponse>>> Handle(ClaimsPrincipal actor, PlacesDbContext db, CancellationToken cancellationToken)
    {
        var items = db.Items.AsNoTracking();
        if (ActorScope.IsConfined(actor, out var own))
        {
            items = items.Where(i => i.JurisdictionCode == own);
        }

        var page = (await items.OrderBy(i => i.JurisdictionCode).ThenBy(i => i.Title).Take(KeysetCursor.DefaultLimit).ToListAsync(cancellationToken))
            .Select(i => new PlacesItemResponse(i.Id, i.Title, i.JurisdictionCode, i.CreatedAt)).ToList();
        return TypedResults.Ok(new PagedList<PlacesItemResponse>(page, await items.CountAsync(cancellationToken), null));
    }
}
