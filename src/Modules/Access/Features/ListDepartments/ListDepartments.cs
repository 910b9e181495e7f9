using System.Security.Claims;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.ListDepartments;

internal sealed record DepartmentResponse(string Code, string NameVi, string NameEn, string Jurisdiction);

/// <summary><c>GET /api/v1/departments</c>: the departments of the caller's jurisdiction.</summary>
internal static class ListDepartments
{
    public static async Task<Ok<PagedList<DepartmentResponse>>> Handle(ClaimsPrincipal actor, AccessDbContext db, CancellationToken cancellationToken)
    {
        var departments = db.Departments.AsNoTracking();
        if (ActorScope.IsConfined(actor, out var own))
        {
            departments = departments.Where(d => d.JurisdictionCode == own);
        }

        var items = (await departments.OrderBy(d => d.JurisdictionCode).ThenBy(d => d.Code).ToListAsync(cancellationToken))
            .Select(d => new DepartmentResponse(d.Code, d.NameVi, d.NameEn, d.JurisdictionCode)).ToList();
        return TypedResults.Ok(new PagedList<DepartmentResponse>(items, items.Count, null));
    }
}
