using Mekong.Modules.Access.Domain;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Modules.Access.Authentication;

/// <summary>The four roles exist in every installation, demo or not.</summary>
internal sealed class EnsureRoles(RoleManager<MekongRole> roles) : IStartupTask
{
    public int Order => 0;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new MekongRole(role));
                if (!result.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
