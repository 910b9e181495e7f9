using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Modules.AdminUnits.Features.LocateAdminUnit;

/// <summary><c>GET /api/v1/admin-units/locate?lat=&amp;lon=&amp;at=</c>: the commune (or lowest unit) that contains a point on a date.</summary>
internal static class LocateAdminUnit
{
    public static async Task<Results<Ok<LocateResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string? lat, string? lon, string? at, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var latitude = errors.Number("lat", lat, -90, 90, required: true);
        var longitude = errors.Number("lon", lon, -180, 180, required: true);
        var date = errors.Date("at", at) ?? VietnamTime.Today(clock);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var units = await db.CoveringAsync(Geo.Point(longitude!.Value, latitude!.Value), date, cancellationToken);
        if (units.Count == 0)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Type = ProblemTypes.NotFound,
                Title = "No administrative unit here",
                Status = StatusCodes.Status404NotFound,
                Detail = $"No administrative unit contains {latitude:0.######}, {longitude:0.######} on {date:yyyy-MM-dd}; the point may be at sea or outside every jurisdiction.",
            });
        }

        return TypedResults.Ok(new LocateResponse(latitude.Value, longitude.Value, date, units[0].ToItem(), units.Skip(1).Select(u => u.ToItem()).ToList()));
    }
}
