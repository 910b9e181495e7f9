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
        // A requirement with its own handler rather than an assertion over context.Resource: the options come from DI,
        // so the policy answers the same for an endpoint, a page (AuthorizeRouteView) and a navigation link (no resource).
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().AddRequirements(new EditorRequirement()));
        services.AddSingleton<IAuthorizationHandler, EditorHandler>();
        return services;
    }

    private sealed class EditorRequirement : IAuthorizationRequirement;

    private sealed class EditorHandler(IOptionsMonitor<NewsOptions> options) : AuthorizationHandler<EditorRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EditorRequirement requirement)
        {
            if (IsEditor(context.User, options.CurrentValue.EditorDepartments))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    public static bool IsEditor(ClaimsPrincipal user, IReadOnlyCollection<string> editorDepartments) =>
        user.IsInRole(Roles.Administrator)
        || (user.IsInRole(Roles.DepartmentOfficer) && user.FindFirstValue(MekongClaims.Department) is { } department
            && editorDepartments.Contains(department, StringComparer.OrdinalIgnoreCase));

    /// <summary>An editor works in their own jurisdiction; an installation administrator names one.</summary>
    public static string? JurisdictionOf(ClaimsPrincipal actor, string? requested) => ActorScope.WorkingJurisdiction(actor, requested);

    public static string Id(ClaimsPrincipal actor) =>
        actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? actor.FindFirstValue(MekongClaims.ApiKeyId) ?? actor.Identity?.Name ?? "unknown";

    public static string Name(ClaimsPrincipal actor) =>
        actor.FindFirstValue(MekongClaims.DisplayName) ?? actor.Identity?.Name ?? Id(actor);
}
