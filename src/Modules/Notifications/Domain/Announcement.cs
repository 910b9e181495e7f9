namespace Mekong.Modules.Notifications.Domain;

/// <summary>
/// A notice an administrator sends to the subscribers of <c>notifications.announcement</c> (a drill, a maintenance
/// window). Kept as a record of what was announced; its deliveries are committed with it through the outbox.
/// </summary>
internal sealed class Announcement
{
    public const string EventType = "notifications.announcement";

    private Announcement()
    {
    }

    public Guid Id { get; private set; }

    public string? JurisdictionCode { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    public string? DepartmentCode { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public static Announcement Create(string? jurisdiction, string title, string body, string? department, string createdBy, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        JurisdictionCode = jurisdiction,
        Title = title,
        Body = body,
        DepartmentCode = department,
        CreatedBy = createdBy,
        CreatedAt = clock.GetUtcNow(),
    };
}
