using System.Security.Claims;
using Mekong.Platform.Auth;

namespace Mekong.Modules.Incidents.Features;

/// <summary>Who acts, as the timeline names them, and in which jurisdiction.</summary>
internal static class Actors
{
    /// <summary>An operator works in their own jurisdiction; an installation administrator names one (<c>?jurisdiction=</c>).</summary>
    public static string? JurisdictionOf(ClaimsPrincipal actor, string? requested)
    {
        if (ActorScope.IsInstallationAdministrator(actor))
        {
            return string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        }

        var own = ActorScope.JurisdictionOf(actor);
        return own is not null && (string.IsNullOrWhiteSpace(requested) || requested.Trim() == own) ? own : null;
    }

    public static string Name(ClaimsPrincipal actor) =>
        actor.FindFirstValue(MekongClaims.DisplayName) ?? actor.Identity?.Name ?? actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    /// <summary>The signed-in account's id; none for an API key.</summary>
    public static Guid? AccountId(ClaimsPrincipal actor) =>
        actor.Identity?.IsAuthenticated == true && actor.FindFirst(MekongClaims.ApiKeyId) is null
        && Guid.TryParse(actor.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
