using Mekong.Platform.Errors;

namespace Mekong.Modules.Incidents.Domain;

/// <summary>The texts of a warning in one language (CAP <c>info</c>: headline, description, instruction).</summary>
internal sealed record WarningText(string Headline, string Description, string Instruction);

/// <summary>What an operator gives for a warning, checked.</summary>
internal sealed record WarningContent(
    string MessageType, Guid? References, WarningText Vi, WarningText En, string Severity, string Urgency, string Certainty,
    IReadOnlyList<string> Communes, DateTimeOffset Onset, DateTimeOffset Expires);

/// <summary>
/// A public warning (<i>cảnh báo công cộng</i>) issued from an incident: one CAP 1.2 message. An Update or a Cancel
/// references the message it replaces, which then is no longer current (<see cref="SupersededAt"/>); a chain's latest
/// message stays in the CAP feed until it expires, and the portal shows it unless it is a Cancel.
/// </summary>
internal sealed class Warning
{
    public const int HeadlineMaxLength = 160;
    public const int TextMaxLength = 4000;

    private Warning()
    {
        JurisdictionCode = MessageType = Severity = Urgency = Certainty = CapCategory = EventVi = EventEn = SentBy = string.Empty;
        Vi = En = new WarningText(string.Empty, string.Empty, string.Empty);
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public Guid IncidentId { get; private set; }

    /// <summary>Alert, Update or Cancel.</summary>
    public string MessageType { get; private set; }

    /// <summary>The warning this one updates or cancels.</summary>
    public Guid? ReferencesId { get; private set; }

    public string CapCategory { get; private set; }

    public string EventVi { get; private set; }

    public string EventEn { get; private set; }

    public WarningText Vi { get; private set; }

    public WarningText En { get; private set; }

    public string Severity { get; private set; }

    public string Urgency { get; private set; }

    public string Certainty { get; private set; }

    public List<string> Communes { get; private set; } = [];

    public string CommuneKey { get; private set; } = "|";

    public DateTimeOffset Sent { get; private set; }

    public DateTimeOffset Onset { get; private set; }

    public DateTimeOffset Expires { get; private set; }

    public string SentBy { get; private set; }

    /// <summary>When an Update or Cancel replaced this message.</summary>
    public DateTimeOffset? SupersededAt { get; private set; }

    /// <summary>In the CAP feed: the latest of its chain and not expired.</summary>
    public bool IsInFeed(DateTimeOffset now) => SupersededAt is null && Expires > now;

    /// <summary>On the portal and in the public JSON: in the feed and not a Cancel.</summary>
    public bool IsInForce(DateTimeOffset now) => IsInFeed(now) && MessageType != "Cancel";

    /// <summary>
    /// Issues a warning from <paramref name="incident"/>. An Update or Cancel must reference a current warning of the
    /// same incident (<paramref name="previous"/>), which it supersedes.
    /// </summary>
    public static Warning Issue(Incident incident, WarningContent content, Warning? previous, string by, DateTimeOffset now)
    {
        if (incident.IsClosed && content.MessageType != "Cancel")
        {
            throw DomainException.Conflict($"Incident {incident.Id} is closed: only a Cancel of its warnings may be issued.");
        }

        if (content.MessageType == "Alert" && content.References is not null)
        {
            throw DomainException.Invalid("An Alert is a first message and references nothing; send an Update to change a warning.");
        }

        if (content.MessageType != "Alert")
        {
            if (previous is null || previous.IncidentId != incident.Id)
            {
                throw DomainException.Invalid($"An {content.MessageType} references a warning of this incident (references).");
            }

            if (!previous.IsInFeed(now))
            {
                throw DomainException.Conflict($"Warning {previous.Id} was already updated, cancelled or has expired.");
            }
        }

        if (content.Expires <= content.Onset || content.Expires <= now)
        {
            throw DomainException.Invalid("expires must be after onset and in the future.");
        }

        previous?.Supersede(now);
        var warning = new Warning
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = incident.JurisdictionCode,
            IncidentId = incident.Id,
            MessageType = content.MessageType,
            ReferencesId = previous?.Id,
            CapCategory = incident.CapCategory,
            EventVi = incident.TypeNameVi,
            EventEn = incident.TypeNameEn,
            Vi = content.Vi,
            En = content.En,
            Severity = content.Severity,
            Urgency = content.Urgency,
            Certainty = content.Certainty,
            Communes = [.. content.Communes],
            CommuneKey = CommuneKeys.Of(content.Communes),
            Sent = now,
            Onset = content.Onset,
            Expires = content.Expires,
            SentBy = by,
        };
        incident.RecordWarning($"Public warning {content.MessageType} issued for {content.Communes.Count} commune(s): {content.En.Headline} / {content.Vi.Headline}.", by, now);
        return warning;
    }

    private void Supersede(DateTimeOffset now) => SupersededAt = now;
}

/// <summary>
/// A resident's subscription to the public warnings of some communes: by e-mail, confirmed through the link sent to it
/// (nobody subscribes someone else's address), or by a signed-in account, which also gets the warning in its bell.
/// </summary>
internal sealed class WarningSubscription
{
    public const int MaxCommunes = 20;

    private WarningSubscription()
    {
        JurisdictionCode = Email = Language = Token = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public string Email { get; private set; }

    /// <summary><c>vi</c> or <c>en</c>.</summary>
    public string Language { get; private set; }

    public List<string> Communes { get; private set; } = [];

    public string CommuneKey { get; private set; } = "|";

    public Guid? UserId { get; private set; }

    /// <summary>The secret of the confirm and unsubscribe links (random, 128 bits).</summary>
    public string Token { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public static WarningSubscription Create(string jurisdictionCode, string email, string language, IReadOnlyList<string> communes, Guid? userId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JurisdictionCode = jurisdictionCode,
        Email = email,
        Language = language,
        Communes = [.. communes],
        CommuneKey = CommuneKeys.Of(communes),
        UserId = userId,
        Token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
        CreatedAt = now,
        // An account's own address is known to be its owner's.
        ConfirmedAt = userId is null ? null : now,
    };

    public void Confirm(DateTimeOffset now) => ConfirmedAt ??= now;

    public void ChangeCommunes(IReadOnlyList<string> communes)
    {
        Communes = [.. communes];
        CommuneKey = CommuneKeys.Of(communes);
    }
}
