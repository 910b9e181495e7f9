using Mekong.Platform.Errors;

namespace Mekong.Modules.Access.Domain;

/// <summary>
/// A department or agency of a jurisdiction that resolves cases (<i>sở, ban, ngành</i>; e.g. Sở Xây dựng). Citizen
/// report categories will be routed to departments; DepartmentOfficer users belong to one.
/// </summary>
internal sealed class Department
{
    private Department()
    {
        JurisdictionCode = Code = NameVi = NameEn = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>Short code unique within the jurisdiction, e.g. <c>SXD</c>.</summary>
    public string Code { get; private set; }

    public string NameVi { get; private set; }

    public string NameEn { get; private set; }

    public static Department Create(string jurisdictionCode, string code, string nameVi, string nameEn)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 32)
        {
            throw DomainException.Invalid("A department code is 1 to 32 characters.");
        }

        if (string.IsNullOrWhiteSpace(nameVi))
        {
            throw DomainException.Invalid("A department needs a Vietnamese name.");
        }

        return new Department
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = jurisdictionCode,
            Code = code.Trim().ToUpperInvariant(),
            NameVi = nameVi.Trim(),
            NameEn = string.IsNullOrWhiteSpace(nameEn) ? nameVi.Trim() : nameEn.Trim(),
        };
    }
}
