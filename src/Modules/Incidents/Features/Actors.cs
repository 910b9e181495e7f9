using System.Security.Claims;
using Mekong.Platform.Auth;

namespace Mekong.Modules.Incidents.Features;

/// <summary>Who acts, as the timeline names them (the jurisdiction they work in is <see cref="ActorScope.WorkingJurisdiction"/>).</summary>
internal static class Actors
{
    public static string Name(ClaimsPrincipal actor) =>
        actor.FindFirstValue(MekongClaims.DisplayName) ?? actor.Identity?.Name ?? actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    /// <summary>The signed-in account's id; none for an API key.</summary>
    public static Guid? AccountId(ClaimsPrincipal actor) =>
        actor.Identity?.IsAuthenticated == true && actor.FindFirst(MekongClaims.ApiKeyId) is null
        && Guid.TryParse(actor.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
