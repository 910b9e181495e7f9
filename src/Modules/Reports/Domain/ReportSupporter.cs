using System.Net.Mail;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Domain;

/// <summary>
/// A resident who said "this is my problem too" (<i>tôi cũng gặp vấn đề này</i>) on an open public report: counted on
/// the report and, with an e-mail, told of its public changes like the reporter. One per person and report — the same
/// account, the same e-mail or the same browser (an anonymous client cookie) counts once. The e-mail is personal data:
/// officers and the notifier read it, no public answer does.
/// </summary>
internal sealed class ReportSupporter
{
    public const int EmailMaxLength = 254;
    public const int ClientIdMaxLength = 64;

    private ReportSupporter()
    {
        Language = "vi";
    }

    public Guid Id { get; private set; }

    public long ReportId { get; private set; }

    /// <summary>Where to tell the supporter of changes (optional), lower case.</summary>
    public string? Email { get; private set; }

    /// <summary>The signed-in user's id, if any.</summary>
    public string? UserId { get; private set; }

    /// <summary>The anonymous browser's id (the <c>.Mekong.Supporter</c> cookie).</summary>
    public string? ClientId { get; private set; }

    /// <summary><c>vi</c> or <c>en</c>: the language of the messages.</summary>
    public string Language { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static ReportSupporter For(long reportId, string? email, string? userId, string? clientId, string language, DateTimeOffset at)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (email is not null && (email.Length > EmailMaxLength || !MailAddress.TryCreate(email, out var parsed) || !string.Equals(parsed.Address, email, StringComparison.OrdinalIgnoreCase)))
        {
            throw DomainException.Invalid("email is not an e-mail address.");
        }

        if (email is null && userId is null && clientId is null)
        {
            throw DomainException.Invalid("A supporter is known by an account, an e-mail or the browser's cookie.");
        }

        return new ReportSupporter
        {
            Id = Guid.CreateVersion7(),
            ReportId = reportId,
            Email = email,
            UserId = userId,
            ClientId = clientId is { Length: > ClientIdMaxLength } ? clientId[..ClientIdMaxLength] : clientId,
            Language = language == "en" ? "en" : "vi",
            At = at,
        };
    }

    /// <summary>A later visit by the same person may add the e-mail it did not give the first time.</summary>
    public bool AddEmail(string? email)
    {
        if (Email is not null || string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        Email = For(ReportId, email, null, null, Language, At).Email;
        return true;
    }
}
