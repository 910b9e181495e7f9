using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features.GetAdminUnit;

/// <summary>
/// <c>GET /api/v1/admin-units/{code}?at=</c>: the version valid on <c>at</c>; without <c>at</c>, the version in force
/// today or, for a unit that no longer exists, its last version.
/// </summary>
internal static class GetAdminUnit
{
    public static async Task<Results<Ok<AdminUnitDetail>, ProblemHttpResult, ValidationProblem>> Handle(
        string code, QueryDate? at, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var date = errors.Date("at", at);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var versions = db.AdminUnits.AsNoTracking().Where(u => u.Code == code);
        var unit = date is { } d
            ? await versions.ValidOn(d).FirstOrDefaultAsync(cancellationToken)
            : await versions.ValidOn(VietnamTime.Today(clock)).FirstOrDefaultAsync(cancellationToken)
              ?? await versions.OrderByDescending(u => u.ValidFrom).FirstOrDefaultAsync(cancellationToken);
        if (unit is null)
        {
            return Problem.NotFound("Administrative unit not found", date is null
                    ? $"There is no administrative unit with code '{code}'."
                    : $"There is no administrative unit with code '{code}' on {date:yyyy-MM-dd}.");
        }

        return TypedResults.Ok(unit.ToDetail());
    }
}
