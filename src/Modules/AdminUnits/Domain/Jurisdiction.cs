using System.Net.Mail;
using Mekong.Platform.Errors;
using Mekong.Platform.Text;

namespace Mekong.Modules.AdminUnits.Domain;

/// <summary>
/// A tenant of Mekong: one province or centrally governed city (<i>tỉnh / thành phố trực thuộc trung ương</i>).
/// Every record of every module belongs to one; its code is the province's official code.
/// </summary>
internal sealed class Jurisdiction
{
    public const int MaxNameLength = 200;

    private Jurisdiction()
    {
        Code = NameVi = NameEn = TimeZone = string.Empty;
    }

    public string Code { get; private set; }

    public string NameVi { get; private set; }

    /// <summary>Never empty: left blank, it is the Vietnamese name (docs/adr/0010-jurisdiction-english-name.md).</summary>
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

        var errors = new FieldErrors();
        CheckNames(errors, nameVi, nameEn);
        ThrowIfAny(errors);
        var now = clock.GetUtcNow();
        return new Jurisdiction
        {
            Code = code.Trim(),
            NameVi = nameVi.Trim(),
            NameEn = EnglishName(nameVi, nameEn),
            TimeZone = "Asia/Ho_Chi_Minh",
            IsSynthetic = isSynthetic,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Every field error of a change of settings, so a form or an API client learns them all at once.</summary>
    public static FieldErrors CheckSettings(string? nameVi, string? nameEn, string? hotline, string? email, string? website)
    {
        var errors = new FieldErrors();
        CheckNames(errors, nameVi, nameEn);
        if (hotline is { Length: > 0 } && (hotline.Length > 40 || !hotline.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '.' or '(' or ')')))
        {
            errors.Add("hotline", "The hotline is a phone number: digits, spaces and + - . ( ) only, at most 40 characters.");
        }

        if (email is { Length: > 0 } && (email.Length > 200 || PlainText.Problem(email, 200) is not null || !MailAddress.TryCreate(email, out _)))
        {
            errors.Add("email", "The e-mail address is not valid.");
        }

        if (website is { Length: > 0 }
            && (website.Length > 400 || !Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors.Add("website", "The website must be an absolute http(s) URL.");
        }

        return errors;
    }

    /// <summary>Changes what an administrator may change; an empty English name means the Vietnamese one, as at creation.</summary>
    public void UpdateSettings(string nameVi, string? nameEn, string? hotline, string? email, string? website, TimeProvider clock)
    {
        ThrowIfAny(CheckSettings(nameVi, nameEn, hotline, email, website));
        NameVi = nameVi.Trim();
        NameEn = EnglishName(nameVi, nameEn);
        Hotline = Normalize(hotline);
        Email = Normalize(email);
        Website = Normalize(website);
        UpdatedAt = clock.GetUtcNow();
    }

    private static void CheckNames(FieldErrors errors, string? nameVi, string? nameEn)
    {
        if (string.IsNullOrWhiteSpace(nameVi))
        {
            errors.Add("nameVi", "The Vietnamese name is required.");
        }
        else if (PlainText.Problem(nameVi.Trim(), MaxNameLength) is { } problem)
        {
            errors.Add("nameVi", "The Vietnamese name " + problem);
        }

        if (PlainText.Problem(nameEn?.Trim(), MaxNameLength) is { } english)
        {
            errors.Add("nameEn", "The English name " + english);
        }
    }

    private static string EnglishName(string nameVi, string? nameEn) => string.IsNullOrWhiteSpace(nameEn) ? nameVi.Trim() : nameEn.Trim();

    private static void ThrowIfAny(FieldErrors errors)
    {
        if (!errors.IsEmpty)
        {
            throw DomainException.Invalid(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
