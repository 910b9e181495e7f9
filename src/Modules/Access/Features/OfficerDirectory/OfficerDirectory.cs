using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.OfficerDirectory;

/// <summary><see cref="IOfficerDirectory"/> over the users table: a DepartmentOfficer's department or commune, and the unit-head flag.</summary>
internal sealed class OfficerDirectory(AccessDbContext db, TimeProvider clock) : IOfficerDirectory
{
    public async Task<IReadOnlyList<OfficerUnit>> UnitsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        var officers = await OfficersAsync(db.Users.AsNoTracking().Where(u => u.Id == userId), cancellationToken);
        return officers.Select(o => o.Unit).Distinct().ToList();
    }

    public Task<IReadOnlyList<DirectoryOfficer>> OfficersOfAsync(string jurisdictionCode, OfficerUnit unit, CancellationToken cancellationToken) =>
        OfficersAsync(OfUnit(jurisdictionCode, unit), cancellationToken);

    public Task<IReadOnlyList<DirectoryOfficer>> HeadsOfAsync(string jurisdictionCode, OfficerUnit unit, CancellationToken cancellationToken) =>
        OfficersAsync(OfUnit(jurisdictionCode, unit).Where(u => u.IsUnitHead), cancellationToken);

    private IQueryable<MekongUser> OfUnit(string jurisdictionCode, OfficerUnit unit)
    {
        var users = db.Users.AsNoTracking().Where(u => u.JurisdictionCode == jurisdictionCode);
        if (unit.Kind == OfficerUnitKind.Department)
        {
            var code = unit.Code.Trim().ToUpperInvariant();
            return users.Where(u => u.DepartmentCode == code);
        }

        return users.Where(u => u.CommuneCode == unit.Code);
    }

    private async Task<IReadOnlyList<DirectoryOfficer>> OfficersAsync(IQueryable<MekongUser> users, CancellationToken cancellationToken)
    {
        var rows = await (from u in users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name == Roles.DepartmentOfficer
                          orderby u.Email
                          select u).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Lockout end is compared here: SQLite cannot compare DateTimeOffset columns in SQL.
        return rows.Where(u => u.Email is not null && !(u.LockoutEnd > now) && (u.DepartmentCode is not null || u.CommuneCode is not null))
            .Select(u => new DirectoryOfficer(
                new DirectoryUser(u.Id, u.Email!, u.DisplayName, u.PreferredLanguage, u.JurisdictionCode, u.DepartmentCode, Roles.DepartmentOfficer),
                u.DepartmentCode is { } department ? new OfficerUnit(OfficerUnitKind.Department, department) : new OfficerUnit(OfficerUnitKind.Commune, u.CommuneCode!),
                u.IsUnitHead))
            .ToList();
    }
}
