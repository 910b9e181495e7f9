using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Access.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.DepartmentDirectory;

/// <summary><see cref="IDepartmentDirectory"/> over the Access module's own departments table.</summary>
internal sealed class DepartmentDirectory(AccessDbContext db) : IDepartmentDirectory
{
    public async Task<DirectoryDepartment?> FindAsync(string jurisdictionCode, string code, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return await db.Departments.AsNoTracking()
            .Where(d => d.JurisdictionCode == jurisdictionCode && d.Code == normalized)
            .Select(d => new DirectoryDepartment(d.JurisdictionCode, d.Code, d.NameVi, d.NameEn))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DirectoryDepartment>> ListAsync(string jurisdictionCode, CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking()
            .Where(d => d.JurisdictionCode == jurisdictionCode)
            .OrderBy(d => d.Code)
            .Select(d => new DirectoryDepartment(d.JurisdictionCode, d.Code, d.NameVi, d.NameEn))
            .ToListAsync(cancellationToken);
}
