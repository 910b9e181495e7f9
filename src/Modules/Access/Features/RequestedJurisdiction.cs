using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Access.Features;

/// <summary>The jurisdiction a new user or key is asked for, checked against who asks and against the directory.</summary>
internal static class RequestedJurisdiction
{
    /// <summary>
    /// A confined administrator gets their own jurisdiction whatever they asked for (asking for another is an error
    /// <paramref name="notYours"/>); anyone else gets what they asked for, which must exist.
    /// </summary>
    public static async Task<string?> ResolveAsync(
        ClaimsPrincipal? actor, string? requested, IAdminUnitDirectory directory, FieldErrors errors, string notYours, CancellationToken cancellationToken)
    {
        var jurisdiction = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        if (ActorScope.IsConfined(actor, out var own))
        {
            if (jurisdiction is not null && jurisdiction != own)
            {
                errors.Add("jurisdiction", notYours);
            }

            jurisdiction = own;
        }

        if (jurisdiction is not null && await directory.FindJurisdictionAsync(jurisdiction, cancellationToken) is null)
        {
            errors.Add("jurisdiction", $"There is no jurisdiction '{jurisdiction}'.");
        }

        return jurisdiction;
    }
}
