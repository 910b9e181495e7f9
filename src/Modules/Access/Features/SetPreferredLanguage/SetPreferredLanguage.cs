using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.SetPreferredLanguage;

internal sealed record SetPreferredLanguageRequest(string? Language);

internal sealed record PreferredLanguageResponse(string Language);

/// <summary><c>PUT /api/v1/me/language</c>: the language e-mails and notifications are written in for the signed-in user.</summary>
internal static class SetPreferredLanguageEndpoint
{
    public static async Task<Results<Ok<PreferredLanguageResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        SetPreferredLanguageRequest request, ClaimsPrincipal user, AccessDbContext db, CancellationToken cancellationToken)
    {
        if (!UserLanguages.TryNormalize(request.Language, out var language))
        {
            return TypedResults.ValidationProblem(
                new FieldErrors().Add("language", "language must be 'vi' or 'en'.").ToDictionary(), type: ProblemTypes.Validation);
        }

        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var parsed) ? parsed : Guid.Empty;
        var account = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (account is null)
        {
            // An API key is a system, not a person with a profile.
            return Problem.NotFound("No user profile", "Only a signed-in user has a preferred language; API keys do not.");
        }

        account.PreferredLanguage = language;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PreferredLanguageResponse(language));
    }
}
