using System.Text.Json;
using Mekong.Platform.Notifications;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>The outbox message types of this module, and their payloads (JSON, web defaults).</summary>
internal static class MessageTypes
{
    public const string Email = "notify.email";
    public const string Webhook = "notify.webhook";
    public const string InApp = "notify.inapp";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Webhook bodies keep Vietnamese letters as they are (UTF-8), not as \u escapes: receivers log and read them.</summary>
    public static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)
        ?? throw new Mekong.Platform.Outbox.PermanentDeliveryException($"The outbox payload is not a {typeof(T).Name}.");
}

/// <summary>One e-mail to one person, rendered at delivery in the language chosen when it was enqueued.</summary>
internal sealed record EmailPayload(string MessageId, Guid SubscriptionId, string? JurisdictionCode, Guid UserId, string Email, string DisplayName, string Language,
    string EventType, LocalizedText Title, LocalizedText Body, string? Link);

/// <summary>One webhook to one subscription: the body is fixed when enqueued, so every retry sends the same bytes.</summary>
internal sealed record WebhookPayload(string MessageId, Guid SubscriptionId, string? JurisdictionCode, string EventType, string Body);

/// <summary>One in-app notification to one person.</summary>
internal sealed record InAppPayload(Guid UserId, string? JurisdictionCode, string EventType, LocalizedText Title, LocalizedText Body, string? Link);
