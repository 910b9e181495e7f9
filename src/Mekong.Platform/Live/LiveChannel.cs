namespace Mekong.Platform.Live;

/// <summary>
/// Pushes updates to connected operator screens (SignalR under the hood; a Redis backplane carries them across
/// nodes when configured). Topics are dotted names, e.g. <c>layers.admin-units.communes</c>.
/// </summary>
public interface ILiveChannel
{
    /// <summary>Sends to everyone watching <paramref name="topic"/> in <paramref name="jurisdictionCode"/>.</summary>
    Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken);

    /// <summary>
    /// Sends to the signed-in user <paramref name="userId"/>'s own screens only (every tab, every node). The hub joins a
    /// connection to its user from the authenticated identity; no client can ask to hear another user.
    /// </summary>
    Task PublishToUserAsync(Guid userId, string topic, object payload, CancellationToken cancellationToken);
}
