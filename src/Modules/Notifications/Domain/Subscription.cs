using Mekong.Platform.Notifications;

namespace Mekong.Modules.Notifications.Domain;

/// <summary>How a subscription is delivered.</summary>
internal enum Channel
{
    /// <summary>An e-mail to every matching user, in the user's language.</summary>
    Email,

    /// <summary>A notification in the bell of every matching user.</summary>
    InApp,

    /// <summary>A signed HTTP POST to another system's URL (Standard Webhooks).</summary>
    Webhook,
}

/// <summary>
/// Who gets what: notices of an event type (exact, <c>prefix.*</c> or <c>*</c>) in a jurisdiction (null: every
/// jurisdiction, installation administrators only), optionally only one department's, only those carrying the given
/// filter keys; delivered to the users of a role (and department) or to a webhook.
/// </summary>
internal sealed class Subscription
{
    private Subscription()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? JurisdictionCode { get; private set; }

    public string EventType { get; private set; } = string.Empty;

    public Channel Channel { get; private set; }

    /// <summary>E-mail and in-app: the role of the recipients; null: every role.</summary>
    public string? Role { get; private set; }

    /// <summary>Only notices about this department, and for people only this department's users.</summary>
    public string? DepartmentCode { get; private set; }

    /// <summary>The module's filter keys as <c>key=value</c> lines, sorted; empty: no filter.</summary>
    public string Filters { get; private set; } = string.Empty;

    public string? WebhookUrl { get; private set; }

    /// <summary>The webhook secret encrypted with Data Protection (never the secret itself).</summary>
    public string? ProtectedSecret { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public static Subscription ForPeople(string name, string? jurisdiction, string eventType, Channel channel, string? role, string? department,
        IReadOnlyDictionary<string, string> filters, string createdBy, TimeProvider clock)
    {
        if (channel == Channel.Webhook)
        {
            throw new ArgumentException("A webhook subscription needs a URL and a secret.", nameof(channel));
        }

        return new Subscription
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = name,
            JurisdictionCode = jurisdiction,
            EventType = eventType,
            Channel = channel,
            Role = role,
            DepartmentCode = department,
            Filters = FormatFilters(filters),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
    }

    public static Subscription ForWebhook(string name, string? jurisdiction, string eventType, string? department, Uri url, string protectedSecret,
        IReadOnlyDictionary<string, string> filters, string createdBy, TimeProvider clock) => new()
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = name,
            JurisdictionCode = jurisdiction,
            EventType = eventType,
            Channel = Channel.Webhook,
            DepartmentCode = department,
            Filters = FormatFilters(filters),
            WebhookUrl = url.AbsoluteUri,
            ProtectedSecret = protectedSecret,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };

    public IReadOnlyDictionary<string, string> FilterKeys => ParseFilters(Filters);

    /// <summary>Whether this subscription hears <paramref name="notice"/>.</summary>
    public bool Matches(Notice notice)
    {
        if (JurisdictionCode is not null && JurisdictionCode != notice.JurisdictionCode)
        {
            return false;
        }

        if (!EventTypeMatches(EventType, notice.EventType))
        {
            return false;
        }

        if (DepartmentCode is not null && DepartmentCode != notice.DepartmentCode)
        {
            return false;
        }

        foreach (var (key, value) in FilterKeys)
        {
            if (!notice.Keys.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>*</c> hears everything, <c>reports.*</c> every event under <c>reports.</c>, anything else only itself.</summary>
    public static bool EventTypeMatches(string pattern, string eventType) =>
        pattern == "*"
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && eventType.StartsWith(pattern[..^1], StringComparison.Ordinal))
        || pattern == eventType;

    public static bool IsValidPattern(string? pattern) =>
        pattern == "*"
        || (pattern is { Length: > 2 } && pattern.EndsWith(".*", StringComparison.Ordinal) && Notice.IsValidEventType(pattern[..^2] + ".x"))
        || Notice.IsValidEventType(pattern);

    private static string FormatFilters(IReadOnlyDictionary<string, string> filters) =>
        string.Join('\n', filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));

    private static Dictionary<string, string> ParseFilters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            result[line[..at]] = line[(at + 1)..];
        }

        return result;
    }
}
