using System.Security.Claims;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Articles;

/// <summary>
/// Who writes and publishes (ADR 0032): not a fifth role but a grant to officers. Administrators, and officers of the
/// departments in <c>Mekong:News:EditorDepartments</c>, are the jurisdiction's editors. The four eyes (an author does
/// not approve their own article) are the article's rule, not the policy's.
/// </summary>
internal static class NewsEditors
{
    public const string Policy = "news:editor";

    public static IServiceCollection AddNewsEditorPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireAssertion(context =>
        {
            var options = context.Resource is HttpContext http
                ? http.RequestServices.GetRequiredService<IOptions<NewsOptions>>().Value
                : null;
            return IsEditor(context.User, options?.EditorDepartments ?? []);
        }));
        return services;
    }

    public static bool IsEditor(ClaimsPrincipal user, IReadOnlyCollection<string> editorDepartments) =>
        user.IsInRole(Roles.Administrator)
        || (user.IsInRole(Roles.DepartmentOfficer) && user.FindFirstValue(MekongClaims.Department) is { } department
            && editorDepartments.Contains(department, StringComparer.OrdinalIgnoreCase));

    /// <summary>An editor works in their own jurisdiction; an installation administrator names one.</summary>
    public static string? JurisdictionOf(ClaimsPrincipal actor, string? requested)
    {
        if (ActorScope.IsInstallationAdministrator(actor))
        {
            return string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        }

        var own = ActorScope.JurisdictionOf(actor);
        return own is not null && (string.IsNullOrWhiteSpace(requested) || requested.Trim() == own) ? own : null;
    }

    public static string Id(ClaimsPrincipal actor) =>
        actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? actor.FindFirstValue(MekongClaims.ApiKeyId) ?? actor.Identity?.Name ?? "unknown";

    public static string Name(ClaimsPrincipal actor) =>
        actor.FindFirstValue(MekongClaims.DisplayName) ?? actor.Identity?.Name ?? Id(actor);
}
