using System.Security.Claims;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Access.Features.Me;

internal sealed record MeResponse(string Name, string DisplayName, IReadOnlyList<string> Roles, string? Jurisdiction, string? Department, bool IsApiKey);

/// <summary><c>GET /api/v1/me</c>: who the caller is, as the server sees them.</summary>
internal static class MeEndpoint
{
    public static Ok<MeResponse> Handle(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        user.Identity?.Name ?? string.Empty,
        user.FindFirstValue(MekongClaims.DisplayName) ?? user.Identity?.Name ?? string.Empty,
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.FindFirstValue(MekongClaims.Jurisdiction),
        user.FindFirstValue(MekongClaims.Department),
        user.HasClaim(c => c.Type == MekongClaims.ApiKeyId)));
}
