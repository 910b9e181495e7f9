using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Access.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.UserDirectory;

/// <summary><see cref="IUserDirectory"/> over the Identity tables.</summary>
internal sealed class UserDirectory(AccessDbContext db, TimeProvider clock) : IUserDirectory
{
    public async Task<DirectoryUser?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await Query(db.Users.AsNoTracking().Where(u => u.Id == id), role: null, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<DirectoryUser>> ListAsync(UserQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking().Where(u => u.JurisdictionCode == query.JurisdictionCode);
        if (!string.IsNullOrEmpty(query.DepartmentCode))
        {
            users = users.Where(u => u.DepartmentCode == query.DepartmentCode);
        }

        return Query(users, query.Role, cancellationToken);
    }

    private async Task<IReadOnlyList<DirectoryUser>> Query(IQueryable<Domain.MekongUser> users, string? role, CancellationToken cancellationToken)
    {
        var rows = await (from u in users
                          join ur in db.UserRoles on u.Id equals ur.UserId into userRoles
                          from ur in userRoles.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into roles
                          from r in roles.DefaultIfEmpty()
                          where role == null || (r != null && r.Name == role)
                          orderby u.Email
                          select new { User = u, Role = r == null ? null : r.Name }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Lockout end is compared here: SQLite cannot order or compare DateTimeOffset columns in SQL.
        return rows.Where(x => x.User.Email is not null && !(x.User.LockoutEnd > now))
            .Select(x => new DirectoryUser(x.User.Id, x.User.Email!, x.User.DisplayName, x.User.PreferredLanguage, x.User.JurisdictionCode, x.User.DepartmentCode, x.Role))
            .ToList();
    }
}
