using System.Security.Claims;
using Mekong.Modules.Access.Features.CreateUser;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.ListUsers;

/// <summary><c>GET /api/v1/admin/users</c>: the users the administrator may see (their jurisdiction's, or all for an installation administrator).</summary>
internal static class ListUsers
{
    public static async Task<Ok<PagedList<UserResponse>>> Handle(ClaimsPrincipal actor, AccessDbContext db, CancellationToken cancellationToken)
    {
        var items = await Query(db, actor, cancellationToken);
        return TypedResults.Ok(new PagedList<UserResponse>(items, items.Count, null));
    }

    public static async Task<List<UserResponse>> Query(AccessDbContext db, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (ActorScope.IsConfined(actor, out var own))
        {
            users = users.Where(u => u.JurisdictionCode == own);
        }

        var rows = await (from u in users
                          join ur in db.UserRoles on u.Id equals ur.UserId into userRoles
                          from ur in userRoles.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into roles
                          from r in roles.DefaultIfEmpty()
                          orderby u.Email
                          select new { User = u, Role = r == null ? string.Empty : r.Name }).ToListAsync(cancellationToken);
        return rows.Select(x => CreateUserHandler.ToResponse(x.User, x.Role ?? string.Empty)).ToList();
    }
}
