using System.Net.Mail;
using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features.UpdateJurisdiction;

/// <summary>The settings an administrator of a jurisdiction may change.</summary>
internal sealed record UpdateJurisdictionRequest(string? NameVi, string? NameEn, string? Hotline, string? Email, string? Website);

/// <summary><c>PUT /api/v1/jurisdictions/{code}</c> (Administrator of that jurisdiction).</summary>
internal static class UpdateJurisdiction
{
    public static async Task<Results<Ok<JurisdictionInfo>, ProblemHttpResult, ValidationProblem, ForbidHttpResult>> Handle(
        string code, UpdateJurisdictionRequest request, ClaimsPrincipal user, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActorScope.CanAccess(user, code))
        {
            return TypedResults.Forbid();
        }

        var errors = Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var jurisdiction = await db.Jurisdictions.FirstOrDefaultAsync(j => j.Code == code, cancellationToken);
        if (jurisdiction is null)
        {
            return TypedResults.Problem(new ProblemDetails { Type = ProblemTypes.NotFound, Title = "Jurisdiction not found", Status = StatusCodes.Status404NotFound, Detail = $"There is no jurisdiction '{code}'." });
        }

        jurisdiction.UpdateSettings(request.NameVi!, request.NameEn ?? request.NameVi!, request.Hotline, request.Email, request.Website, clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(jurisdiction.ToInfo());
    }

    internal static FieldErrors Validate(UpdateJurisdictionRequest request)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.NameVi))
        {
            errors.Add("nameVi", "The Vietnamese name is required.");
        }
        else if (request.NameVi.Length > 200)
        {
            errors.Add("nameVi", "The Vietnamese name is at most 200 characters.");
        }

        if (request.NameEn is { Length: > 200 })
        {
            errors.Add("nameEn", "The English name is at most 200 characters.");
        }

        if (request.Hotline is { Length: > 0 } hotline && (hotline.Length > 40 || !hotline.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '.' or '(' or ')')))
        {
            errors.Add("hotline", "The hotline is a phone number: digits, spaces and + - . ( ) only, at most 40 characters.");
        }

        if (request.Email is { Length: > 0 } email && (email.Length > 200 || !MailAddress.TryCreate(email, out _)))
        {
            errors.Add("email", "The e-mail address is not valid.");
        }

        if (request.Website is { Length: > 0 } website
            && (website.Length > 400 || !Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors.Add("website", "The website must be an absolute http(s) URL.");
        }

        return errors;
    }
}
