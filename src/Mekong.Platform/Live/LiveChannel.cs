namespace Mekong.Platform.Live;

/// <summary>
/// Pushes updates to connected operator screens (SignalR under the hood; a Redis backplane carries them across
/// nodes when configured). Topics are dotted names, e.g. <c>layers.admin-units.communes</c>.
/// </summary>
public interface ILiveChannel
{
    /// <summary>Sends to everyone watching <paramref name="topic"/> in <paramref name="jurisdictionCode"/>.</summary>
    Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken);
}
