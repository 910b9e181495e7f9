using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features.ListJurisdictions;

/// <summary><c>GET /api/v1/jurisdictions</c> and <c>GET /api/v1/jurisdictions/{code}</c>: the provinces this installation serves.</summary>
internal static class ListJurisdictions
{
    public static async Task<Ok<PagedList<JurisdictionInfo>>> List(AdminUnitsDbContext db, CancellationToken cancellationToken)
    {
        // A few dozen at most (Vietnam has 34 provinces since 2025): one page.
        var items = (await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(cancellationToken)).Select(j => j.ToInfo()).ToList();
        return TypedResults.Ok(new PagedList<JurisdictionInfo>(items, items.Count, null));
    }

    public static async Task<Results<Ok<JurisdictionInfo>, ProblemHttpResult>> Get(string code, AdminUnitsDbContext db, CancellationToken cancellationToken)
    {
        var jurisdiction = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Code == code, cancellationToken);
        return jurisdiction is null
            ? TypedResults.Problem(new ProblemDetails { Type = ProblemTypes.NotFound, Title = "Jurisdiction not found", Status = StatusCodes.Status404NotFound, Detail = $"There is no jurisdiction '{code}'." })
            : TypedResults.Ok(jurisdiction.ToInfo());
    }
}
