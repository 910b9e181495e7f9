using Mekong.Platform.Errors;

namespace Mekong.Modules.AdminUnits.Domain;

/// <summary>
/// A tenant of Mekong: one province or centrally governed city (<i>tỉnh / thành phố trực thuộc trung ương</i>).
/// Every record of every module belongs to one; its code is the province's official code.
/// </summary>
internal sealed class Jurisdiction
{
    private Jurisdiction()
    {
        Code = NameVi = NameEn = TimeZone = string.Empty;
    }

    public string Code { get; private set; }

    public string NameVi { get; private set; }

    public string NameEn { get; private set; }

    public string TimeZone { get; private set; }

    /// <summary>Citizen hotline shown on the portal (<i>đường dây nóng</i>).</summary>
    public string? Hotline { get; private set; }

    public string? Email { get; private set; }

    public string? Website { get; private set; }

    /// <summary>Synthetic demo data: the UI labels it so nobody mistakes it for a real province.</summary>
    public bool IsSynthetic { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Jurisdiction Create(string code, string nameVi, string? nameEn, bool isSynthetic, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 8 || !code.All(char.IsAsciiLetterOrDigit))
        {
            throw DomainException.Invalid("A jurisdiction code is 1 to 8 letters or digits, usually the province's official code.");
        }

        if (string.IsNullOrWhiteSpace(nameVi))
        {
            throw DomainException.Invalid("A jurisdiction needs a Vietnamese name.");
        }

        var now = clock.GetUtcNow();
        return new Jurisdiction
        {
            Code = code.Trim(),
            NameVi = nameVi.Trim(),
            NameEn = string.IsNullOrWhiteSpace(nameEn) ? nameVi.Trim() : nameEn.Trim(),
            TimeZone = "Asia/Ho_Chi_Minh",
            IsSynthetic = isSynthetic,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public void UpdateSettings(string nameVi, string nameEn, string? hotline, string? email, string? website, TimeProvider clock)
    {
        NameVi = nameVi.Trim();
        NameEn = nameEn.Trim();
        Hotline = Normalize(hotline);
        Email = Normalize(email);
        Website = Normalize(website);
        UpdatedAt = clock.GetUtcNow();
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
