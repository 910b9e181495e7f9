using Mekong.Platform.Auth;
using Mekong.Platform.Live;
using Microsoft.AspNetCore.SignalR;

namespace Mekong.Web.Live;

/// <summary>
/// The live channel operator screens connect to. A client watches topics; it only ever joins groups of its own
/// jurisdiction (an installation administrator names the jurisdiction it watches, or hears them all).
/// </summary>
internal sealed class LiveHub : Hub
{
    /// <summary>A signed-in person's connection joins their own group, from the identity the server authenticated (never from what the client asks).</summary>
    public override async Task OnConnectedAsync()
    {
        if (SignalRLiveChannel.UserOf(Context.User) is { } userId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SignalRLiveChannel.UserGroup(userId));
        }

        await base.OnConnectedAsync();
    }

    public async Task Watch(string topic, string? jurisdiction = null)
    {
        if (string.IsNullOrWhiteSpace(topic) || topic.Length > 100)
        {
            throw new HubException("Nothing to watch: a topic is needed.");
        }

        var target = Target(Context.User!, jurisdiction)
            ?? throw new HubException("Nothing to watch: the account belongs to no jurisdiction.");
        await Groups.AddToGroupAsync(Context.ConnectionId, SignalRLiveChannel.Group(target, topic));
    }

    public Task Unwatch(string topic, string? jurisdiction = null)
    {
        var target = Target(Context.User!, jurisdiction);
        return target is null ? Task.CompletedTask : Groups.RemoveFromGroupAsync(Context.ConnectionId, SignalRLiveChannel.Group(target, topic));
    }

    /// <summary>
    /// The jurisdiction whose group to join: the user's own; an installation administrator names one, or watches
    /// every jurisdiction (<see cref="SignalRLiveChannel.AllJurisdictions"/>) when naming none.
    /// </summary>
    private static string? Target(System.Security.Claims.ClaimsPrincipal user, string? jurisdiction) =>
        ActorScope.IsInstallationAdministrator(user)
            ? string.IsNullOrWhiteSpace(jurisdiction) ? SignalRLiveChannel.AllJurisdictions : jurisdiction
            : ActorScope.JurisdictionOf(user);
}

/// <summary><see cref="ILiveChannel"/> over SignalR groups named <c>jurisdiction:topic</c>.</summary>
internal sealed class SignalRLiveChannel(IHubContext<LiveHub> hub) : ILiveChannel
{
    public const string Method = "update";

    /// <summary>The pseudo-jurisdiction of installation administrators' screens, which see every jurisdiction.</summary>
    public const string AllJurisdictions = "*";

    public static string Group(string jurisdiction, string topic) => $"{jurisdiction}:{topic}";

    /// <summary>A user's own group. It has no ':', so no <see cref="Group"/> a client can make by watching equals it.</summary>
    public static string UserGroup(Guid userId) => $"user/{userId:N}";

    /// <summary>The signed-in person's id; null for an API key (a system has no screens of its own) or no user.</summary>
    public static Guid? UserOf(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && !user.HasClaim(c => c.Type == MekongClaims.ApiKeyId)
        && Guid.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id)
            ? id
            : null;

    public Task PublishToUserAsync(Guid userId, string topic, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Group(UserGroup(userId)).SendAsync(Method, topic, payload, cancellationToken);

    public Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Groups(Group(jurisdictionCode, topic), Group(AllJurisdictions, topic)).SendAsync(Method, topic, payload, cancellationToken);
}
