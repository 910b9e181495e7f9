namespace Mekong.Modules.Notifications.Contracts;

/// <summary>An in-app notification as its recipient sees it, in one language.</summary>
public sealed record InAppNotification(Guid Id, string EventType, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>A user's in-app notifications, for screens of other modules (the console's own bell, a dashboard).</summary>
public interface INotificationInbox
{
    Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The newest notifications first, in <paramref name="language"/> (<c>vi</c> or <c>en</c>).</summary>
    Task<IReadOnlyList<InAppNotification>> ListAsync(Guid userId, string language, CancellationToken cancellationToken);
}
