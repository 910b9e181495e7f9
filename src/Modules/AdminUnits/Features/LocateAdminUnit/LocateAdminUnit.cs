using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.AdminUnits.Features.LocateAdminUnit;

/// <summary>
/// <c>GET /api/v1/admin-units/locate?lat=&amp;lon=&amp;at=&amp;tolerance=</c>: the commune (or lowest unit) that contains a
/// point on a date. With <c>tolerance</c> (metres, up to 5,000) a point just outside every unit — a phone's fix on
/// the river bank or a little out to sea — resolves to the nearest commune within that distance.
/// </summary>
internal static class LocateAdminUnit
{
    public static async Task<Results<Ok<LocateResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        QueryNumber? lat, QueryNumber? lon, QueryDate? at, QueryNumber? tolerance, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var latitude = errors.Number("lat", lat, -90, 90, required: true);
        var longitude = errors.Number("lon", lon, -180, 180, required: true);
        var date = errors.Date("at", at) ?? VietnamTime.Today(clock);
        var maxMetres = errors.Number("tolerance", tolerance, 0, 5000, required: false) ?? 0;
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var point = Geo.Point(longitude!.Value, latitude!.Value);
        var units = await db.CoveringAsync(point, date, cancellationToken);
        var distance = 0.0;
        if (units.Count == 0 && maxMetres > 0)
        {
            var nearest = await db.NearestAsync(point, AdminLevel.Commune, date, maxMetres, 1, cancellationToken);
            if (nearest.Count == 1)
            {
                distance = Math.Round(nearest[0].Metres, 1);
                var inside = nearest[0].Unit.Geometry.InteriorPoint;
                units = [nearest[0].Unit, .. (await db.CoveringAsync(inside, date, cancellationToken)).Where(u => u.Level != AdminLevel.Commune)];
            }
        }

        if (units.Count == 0)
        {
            return Problem.NotFound("No administrative unit here", string.Create(CultureInfo.InvariantCulture, $"No administrative unit contains {latitude:0.######}, {longitude:0.######} on {date:yyyy-MM-dd}; the point may be at sea or outside every jurisdiction{(maxMetres > 0 ? $" (none within {maxMetres:0} m either)" : "; add tolerance=<metres> to accept the nearest commune")}."));
        }

        return TypedResults.Ok(new LocateResponse(latitude.Value, longitude.Value, date, distance, units[0].ToItem(), units.Skip(1).Select(u => u.ToItem()).ToList()));
    }
}
