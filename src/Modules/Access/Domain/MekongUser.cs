using Mekong.Platform.Text;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Modules.Access.Domain;

/// <summary>A person who signs in: an operator, an officer of a department, a viewer or an administrator.</summary>
internal sealed class MekongUser : IdentityUser<Guid>
{
    /// <summary>The longest display name: it travels in the sign-in cookie and on every page's header.</summary>
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Why <paramref name="displayName"/> cannot be a display name (too long, control or invisible characters), or null.</summary>
    public static string? DisplayNameProblem(string displayName) => PlainText.NameProblem(displayName, DisplayNameMaxLength, "A display name");

    /// <summary>The jurisdiction the user works for; null only for an installation administrator.</summary>
    public string? JurisdictionCode { get; set; }

    /// <summary>For a DepartmentOfficer: the department whose cases they handle.</summary>
    public string? DepartmentCode { get; set; }

    /// <summary>For a DepartmentOfficer of a commune People's Committee (<i>UBND phường/xã</i>): the commune's code, instead of a department.</summary>
    public string? CommuneCode { get; set; }

    /// <summary>The head of the officer's unit (department or commune committee): overdue reports are escalated to them.</summary>
    public bool IsUnitHead { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><c>vi</c> or <c>en</c>: the language of the e-mails and notifications the user receives.</summary>
    public string PreferredLanguage { get; set; } = "vi";
}

internal sealed class MekongRole : IdentityRole<Guid>
{
    public MekongRole()
    {
    }

    public MekongRole(string name)
        : base(name)
    {
        NormalizedName = name.ToUpperInvariant();
    }
}
