namespace Mekong.Modules.Access.Contracts;

/// <summary>A department or agency (<i>sở, ban, ngành</i>, or an outside body such as the power company) as other modules may know it.</summary>
public sealed record DirectoryDepartment(string JurisdictionCode, string Code, string NameVi, string NameEn);

/// <summary>Read-only look-up of a jurisdiction's departments for other modules (report routing); codes are upper case.</summary>
public interface IDepartmentDirectory
{
    Task<DirectoryDepartment?> FindAsync(string jurisdictionCode, string code, CancellationToken cancellationToken);

    Task<IReadOnlyList<DirectoryDepartment>> ListAsync(string jurisdictionCode, CancellationToken cancellationToken);
}
