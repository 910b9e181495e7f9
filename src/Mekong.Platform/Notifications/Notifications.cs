using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Notifications;

/// <summary>
/// Tells people and systems what happened: e-mail, signed webhooks and in-app notifications, to whoever subscribed
/// to the notice's event type (by role, department, jurisdiction and the module's own filter keys).
/// Nothing is sent here: every delivery is written to the outbox of <paramref name="context"/>, the caller's own
/// DbContext (its model must call <c>AddOutbox</c>), so it is committed with the caller's change by the caller's
/// SaveChanges, or not at all, and delivered afterwards at least once.
/// </summary>
public interface INotifications
{
    /// <summary>Enqueues one delivery per matching subscription and recipient; returns how many.</summary>
    Task<int> NotifyAsync(DbContext context, Notice notice, CancellationToken cancellationToken);
}

/// <summary>A text in the two languages Mekong speaks; the recipient's language picks one.</summary>
public sealed record LocalizedText(string Vi, string En)
{
    /// <summary>English for <c>en</c>, Vietnamese for anything else.</summary>
    public string In(string? language) => string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? En : Vi;

    public static LocalizedText Same(string text) => new(text, text);
}

/// <summary>
/// What happened, as a module tells it. <see cref="EventType"/> is a dotted lower-case name owned by the module
/// (<c>reports.assigned</c>); subscriptions name it exactly or by prefix (<c>reports.*</c>).
/// </summary>
public sealed partial record Notice(string EventType, string? JurisdictionCode, LocalizedText Title, LocalizedText Body)
{
    /// <summary>The department the event concerns; subscriptions for one department only hear their own.</summary>
    public string? DepartmentCode { get; init; }

    /// <summary>The module's own filter keys (<c>category=flood</c>); a subscription's filters must all be present with the same value.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The machine-readable part, the webhook body's <c>data</c>. Serialized as JSON (web defaults).</summary>
    public object? Data { get; init; }

    /// <summary>A path in Mekong (<c>/ops</c>) the e-mail and the bell link to; made absolute with <c>Mekong:PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>A stable id of the event, the base of every delivery's idempotency key; a new one when not given.</summary>
    public string? EventId { get; init; }

    /// <summary>
    /// People the module names itself (a unit's officers, its head): each gets the notice in the bell and by e-mail, in
    /// their language, besides whatever subscriptions reach; someone reached both ways gets one message per channel.
    /// </summary>
    public IReadOnlyList<Guid> Recipients { get; init; } = [];

    public static bool IsValidEventType(string? eventType) => eventType is { Length: > 0 and <= 100 } && EventTypePattern().IsMatch(eventType);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();
}
