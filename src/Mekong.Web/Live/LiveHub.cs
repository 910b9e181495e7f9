using Mekong.Platform.Auth;
using Mekong.Platform.Live;
using Microsoft.AspNetCore.SignalR;

namespace Mekong.Web.Live;

/// <summary>
/// The live channel operator screens connect to. A client watches topics; it only ever joins groups of its own
/// jurisdiction (an installation administrator names the jurisdiction it watches).
/// </summary>
internal sealed class LiveHub : Hub
{
    public async Task Watch(string topic, string? jurisdiction = null)
    {
        var user = Context.User!;
        var own = ActorScope.JurisdictionOf(user);
        var target = ActorScope.IsInstallationAdministrator(user) && !string.IsNullOrWhiteSpace(jurisdiction) ? jurisdiction : own;
        if (string.IsNullOrWhiteSpace(target) || string.IsNullOrWhiteSpace(topic) || topic.Length > 100)
        {
            throw new HubException("Nothing to watch: a topic and a jurisdiction are needed.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, SignalRLiveChannel.Group(target, topic));
    }

    public Task Unwatch(string topic, string? jurisdiction = null)
    {
        var user = Context.User!;
        var target = ActorScope.IsInstallationAdministrator(user) && !string.IsNullOrWhiteSpace(jurisdiction) ? jurisdiction : ActorScope.JurisdictionOf(user);
        return target is null ? Task.CompletedTask : Groups.RemoveFromGroupAsync(Context.ConnectionId, SignalRLiveChannel.Group(target, topic));
    }
}

/// <summary><see cref="ILiveChannel"/> over SignalR groups named <c>jurisdiction:topic</c>.</summary>
internal sealed class SignalRLiveChannel(IHubContext<LiveHub> hub) : ILiveChannel
{
    public const string Method = "update";

    public static string Group(string jurisdiction, string topic) => $"{jurisdiction}:{topic}";

    public Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Group(Group(jurisdictionCode, topic)).SendAsync(Method, topic, payload, cancellationToken);
}
