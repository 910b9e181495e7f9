namespace Mekong.Modules.Notifications.Domain;

/// <summary>An in-app notification in one user's bell, in both languages (the page shows the reader's).</summary>
internal sealed class InboxItem
{
    private InboxItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string EventType { get; private set; } = string.Empty;

    public string TitleVi { get; private set; } = string.Empty;

    public string TitleEn { get; private set; } = string.Empty;

    public string BodyVi { get; private set; } = string.Empty;

    public string BodyEn { get; private set; } = string.Empty;

    public string? Link { get; private set; }

    /// <summary>The outbox delivery that wrote it: unique, so a delivery repeated after a crash adds nothing.</summary>
    public string DeliveryKey { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    public static InboxItem Create(Guid userId, string eventType, string titleVi, string titleEn, string bodyVi, string bodyEn, string? link, string deliveryKey, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        UserId = userId,
        EventType = eventType,
        TitleVi = Truncate(titleVi, 200),
        TitleEn = Truncate(titleEn, 200),
        BodyVi = Truncate(bodyVi, 4000),
        BodyEn = Truncate(bodyEn, 4000),
        Link = link,
        DeliveryKey = deliveryKey,
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>Reading twice keeps the first time.</summary>
    public void MarkRead(TimeProvider clock) => ReadAt ??= clock.GetUtcNow();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
