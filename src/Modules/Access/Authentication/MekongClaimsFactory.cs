using System.Security.Claims;
using Mekong.Modules.Access.Domain;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Access.Authentication;

/// <summary>Puts the user's jurisdiction, department and display name into the sign-in cookie.</summary>
internal sealed class MekongClaimsFactory(UserManager<MekongUser> users, RoleManager<MekongRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MekongUser, MekongRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(MekongUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.JurisdictionCode is not null)
        {
            identity.AddClaim(new Claim(MekongClaims.Jurisdiction, user.JurisdictionCode));
        }

        if (user.DepartmentCode is not null)
        {
            identity.AddClaim(new Claim(MekongClaims.Department, user.DepartmentCode));
        }

        identity.AddClaim(new Claim(MekongClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName));
        return identity;
    }
}
