using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features.UpdateJurisdiction;

/// <summary>The settings an administrator of a jurisdiction may change.</summary>
internal sealed record UpdateJurisdictionRequest(string? NameVi, string? NameEn, string? Hotline, string? Email, string? Website);

internal enum UpdateJurisdictionStatus
{
    Updated,
    Invalid,
    Forbidden,
    NotFound,
}

internal sealed record UpdateJurisdictionResult(UpdateJurisdictionStatus Status, JurisdictionInfo? Jurisdiction, FieldErrors Errors);

/// <summary>
/// Changes a jurisdiction's settings: <c>PUT /api/v1/jurisdictions/{code}</c> and the page <c>/admin/jurisdiction</c>
/// both come here, so they accept and store the same; the rules are <see cref="Jurisdiction"/>'s.
/// </summary>
internal sealed class UpdateJurisdictionHandler(AdminUnitsDbContext db, LocateCache cache, TimeProvider clock)
{
    /// <summary>The jurisdictions <paramref name="actor"/> may change: their own, or any for an installation administrator.</summary>
    public async Task<List<JurisdictionInfo>> EditableByAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var query = db.Jurisdictions.AsNoTracking();
        if (!ActorScope.IsInstallationAdministrator(actor))
        {
            var own = ActorScope.JurisdictionOf(actor);
            query = query.Where(j => j.Code == own);
        }

        return (await query.OrderBy(j => j.Code).ToListAsync(cancellationToken)).Select(j => j.ToInfo()).ToList();
    }

    public async Task<UpdateJurisdictionResult> HandleAsync(string code, UpdateJurisdictionRequest request, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var none = new FieldErrors();
        if (!ActorScope.CanAccess(actor, code))
        {
            return new(UpdateJurisdictionStatus.Forbidden, null, none);
        }

        var errors = Jurisdiction.CheckSettings(request.NameVi, request.NameEn, request.Hotline, request.Email, request.Website);
        if (!errors.IsEmpty)
        {
            return new(UpdateJurisdictionStatus.Invalid, null, errors);
        }

        var jurisdiction = await db.Jurisdictions.FirstOrDefaultAsync(j => j.Code == code, cancellationToken);
        if (jurisdiction is null)
        {
            return new(UpdateJurisdictionStatus.NotFound, null, none);
        }

        jurisdiction.UpdateSettings(request.NameVi!, request.NameEn, request.Hotline, request.Email, request.Website, clock);
        await db.SaveChangesAsync(cancellationToken);
        cache.Jurisdictions.Clear();
        return new(UpdateJurisdictionStatus.Updated, jurisdiction.ToInfo(), none);
    }
}

/// <summary><c>PUT /api/v1/jurisdictions/{code}</c> (Administrator of that jurisdiction).</summary>
internal static class UpdateJurisdiction
{
    public static async Task<Results<Ok<JurisdictionInfo>, ProblemHttpResult, ValidationProblem, ForbidHttpResult>> Handle(
        string code, UpdateJurisdictionRequest request, ClaimsPrincipal user, UpdateJurisdictionHandler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(code, request, user, cancellationToken);
        return result.Status switch
        {
            UpdateJurisdictionStatus.Updated => TypedResults.Ok(result.Jurisdiction!),
            UpdateJurisdictionStatus.Invalid => TypedResults.ValidationProblem(result.Errors.ToDictionary(), type: ProblemTypes.Validation),
            UpdateJurisdictionStatus.Forbidden => TypedResults.Forbid(),
            _ => Problem.NotFound("Jurisdiction not found", $"There is no jurisdiction '{code}'."),
        };
    }
}
