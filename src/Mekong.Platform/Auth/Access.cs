using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Auth;

/// <summary>The four roles of the foundation. A DepartmentOfficer is bound to one department.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Operator = "Operator";
    public const string DepartmentOfficer = "DepartmentOfficer";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Administrator, Operator, DepartmentOfficer, Viewer];

    public static bool TryNormalize(string? role, out string normalized)
    {
        normalized = All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return normalized.Length > 0;
    }
}

/// <summary>Claims Mekong adds to a user or API key principal.</summary>
public static class MekongClaims
{
    /// <summary>The jurisdiction (province code) the principal belongs to. Absent: installation-wide (system administrator).</summary>
    public const string Jurisdiction = "mekong:jurisdiction";
    public const string Department = "mekong:department";
    public const string ApiKeyId = "mekong:apikey";
    public const string DisplayName = "mekong:name";
}

/// <summary>Named authorization policies. Every endpoint names one (or AllowAnonymous); the fallback denies.</summary>
public static class Policies
{
    /// <summary>Anyone signed in or holding a key: read operational data of their jurisdiction.</summary>
    public const string Viewer = "mekong:viewer";

    /// <summary>Department officers and above: work on cases.</summary>
    public const string Officer = "mekong:officer";

    /// <summary>Operators and administrators: run the operations centre.</summary>
    public const string Operator = "mekong:operator";

    /// <summary>Administrators: users, keys, settings.</summary>
    public const string Administrator = "mekong:administrator";

    public static IServiceCollection AddMekongPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Officer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.Operator, Roles.DepartmentOfficer))
            .AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.Operator))
            .AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator))
            // An endpoint that forgot to state its policy is closed, not open. What is not one of our endpoints passes
            // on to its own answer: no endpoint at all (404), or routing's stand-ins for a wrong method (405) or a wrong
            // content type (415), which are plain endpoints, not route endpoints.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(context =>
                context.Resource is HttpContext http && http.GetEndpoint() is null or not RouteEndpoint).Build());
        return services;
    }
}

/// <summary>What a principal may see, by jurisdiction.</summary>
public static class ActorScope
{
    public static string? JurisdictionOf(ClaimsPrincipal user) => user.FindFirstValue(MekongClaims.Jurisdiction);

    /// <summary>An administrator with no jurisdiction runs the installation and sees every jurisdiction.</summary>
    public static bool IsInstallationAdministrator(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Administrator) && JurisdictionOf(user) is null;

    /// <summary>
    /// Whether <paramref name="actor"/> is confined to one jurisdiction, <paramref name="own"/> (null for an account that
    /// has none, which then sees only installation-wide records). Not confined: the local command line (no actor)
    /// and installation administrators.
    /// </summary>
    public static bool IsConfined(ClaimsPrincipal? actor, out string? own)
    {
        own = actor is null ? null : JurisdictionOf(actor);
        return actor is not null && !IsInstallationAdministrator(actor);
    }

    /// <summary>
    /// The jurisdiction <paramref name="actor"/> works in when asking for <paramref name="requested"/>: an installation
    /// administrator's is the one asked (null: every jurisdiction); anyone else's is their own, and null when they have
    /// none or asked for another.
    /// </summary>
    public static string? WorkingJurisdiction(ClaimsPrincipal actor, string? requested)
    {
        if (IsInstallationAdministrator(actor))
        {
            return string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        }

        var own = JurisdictionOf(actor);
        return own is not null && (string.IsNullOrWhiteSpace(requested) || requested.Trim() == own) ? own : null;
    }

    public static bool CanAccess(ClaimsPrincipal user, string jurisdictionCode) =>
        IsInstallationAdministrator(user) || string.Equals(JurisdictionOf(user), jurisdictionCode, StringComparison.Ordinal);
}
