using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Routing;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Features.Routes;

internal sealed record LineString(string Type, IReadOnlyList<double[]> Coordinates);

internal sealed record SnappedResponse(double Latitude, double Longitude, double SnapDistanceMetres);

internal sealed record StepResponse(
    string Maneuver, string? Modifier, string? Road, string Instruction, string InstructionVi, string InstructionEn, double Distance, double Duration, double[] Location);

internal sealed record RouteResponse(
    string Profile, double Distance, double Duration, LineString Geometry, IReadOnlyList<StepResponse> Steps, SnappedResponse From, SnappedResponse To, bool AvoidsClosures);

internal sealed record ClosureResponse(Guid Id, long WayId, string? Road, string Reason, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? EndsAt);

internal sealed record CreateClosureRequest(long? WayId, double? Latitude, double? Longitude, string? Reason, DateTimeOffset? EndsAt, string? Jurisdiction);

/// <summary>
/// <c>GET /api/v1/routes?from=lat,lon&amp;to=lat,lon&amp;profile=car|motorbike|bicycle|foot</c> (public, like the
/// directory) and the road closures operators set by hand (<c>/api/v1/routes/closures</c>, ADR 0035).
/// </summary>
internal static class RouteEndpoints
{
    /// <summary>Stable problem type of a pair of points no road joins for the profile.</summary>
    public const string NoRouteType = "/problems/no-route";

    public static async Task<Results<Ok<RouteResponse>, ValidationProblem, ProblemHttpResult>> Route(
        string? from, string? to, string? profile, string? jurisdiction, string? lang, RouteEngine engine, IAdminUnitDirectory adminUnits, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var start = ParsePoint(errors, "from", from);
        var end = ParsePoint(errors, "to", to);
        RoutingProfile? mode = string.IsNullOrWhiteSpace(profile) ? RoutingProfile.Car : RoutingProfiles.Parse(profile);
        if (mode is null)
        {
            errors.Add("profile", "profile must be one of: car, motorbike, bicycle, foot.");
        }

        var code = await DirectoryJurisdiction.ResolveAsync(errors, jurisdiction, adminUnits, cancellationToken);
        if (!errors.IsEmpty || code is null || start is null || end is null || mode is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var planned = await RoutePlanner.PlanAsync(engine, code, mode.Value, start.Value, end.Value, cancellationToken);
        if (planned.NoNetwork)
        {
            return Problem.NotFound("No road network", $"Jurisdiction {code} has no road network yet: import one with 'import osm FILE'.");
        }

        if (planned is not { Path: { } path, Description: { } described })
        {
            var failure = planned.Failure;
            var (field, detail) = failure switch
            {
                RouteFailure.FromTooFar => ("from", $"from: no road a {mode.Value.Key()} may use lies within {RoutingNetwork.MaxSnapMetres:0} m of this point."),
                RouteFailure.ToTooFar => ("to", $"to: no road a {mode.Value.Key()} may use lies within {RoutingNetwork.MaxSnapMetres:0} m of this point."),
                _ => ("to", $"No road a {mode.Value.Key()} may use joins these two points (a one-way, a closure or a missing link cuts them apart)."),
            };
            return failure == RouteFailure.Unreachable
                ? TypedResults.Problem(type: NoRouteType, title: "No route", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, type: ProblemTypes.Validation);
        }

        var english = lang == "en";
        return TypedResults.Ok(new RouteResponse(
            mode.Value.Key(), described.DistanceMetres, described.DurationSeconds, new LineString("LineString", described.Coordinates),
            [.. described.Steps.Select(s => new StepResponse(s.Maneuver, s.Modifier, s.Road, english ? s.InstructionEn : s.InstructionVi, s.InstructionVi, s.InstructionEn, s.DistanceMetres, s.DurationSeconds, s.Location))],
            new SnappedResponse(path.From.Latitude, path.From.Longitude, path.From.DistanceMetres),
            new SnappedResponse(path.To.Latitude, path.To.Longitude, path.To.DistanceMetres),
            path.AvoidedClosure));
    }

    public static async Task<Results<Ok<IReadOnlyList<ClosureResponse>>, ValidationProblem, ForbidHttpResult>> ListClosures(
        string? jurisdiction, ClaimsPrincipal user, PlacesDbContext db, IAdminUnitDirectory adminUnits, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var code = await DirectoryJurisdiction.ResolveAsync(errors, jurisdiction ?? ActorScope.JurisdictionOf(user), adminUnits, cancellationToken);
        if (code is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        if (!ActorScope.CanAccess(user, code))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var closures = await db.Closures.AsNoTracking().Where(c => c.JurisdictionCode == code).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ClosureResponse>>([.. closures.Where(c => c.IsActive(now)).OrderBy(c => c.CreatedAt).Select(ToResponse)]);
    }

    /// <summary><c>POST /api/v1/routes/closures</c>: closes a way, named by its OSM id or by a point on it (the nearest road a car may use).</summary>
    public static async Task<Results<Created<ClosureResponse>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> CreateClosure(
        CreateClosureRequest? request, ClaimsPrincipal user, PlacesDbContext db, RouteEngine engine, IAdminUnitDirectory adminUnits, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required: { wayId | latitude, longitude, reason, endsAt? }."] }, type: ProblemTypes.Validation);
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > RoadClosure.ReasonMaxLength)
        {
            errors.Add("reason", $"reason is required, at most {RoadClosure.ReasonMaxLength} characters.");
        }

        var byPoint = request.Latitude is not null || request.Longitude is not null;
        if (request.WayId is null == !byPoint)
        {
            errors.Add("wayId", "give either wayId (an OSM way id) or latitude and longitude of a point on the road, not both.");
        }

        if (byPoint && (request.Latitude is not (>= -90 and <= 90) || request.Longitude is not (>= -180 and <= 180)))
        {
            errors.Add("latitude", "latitude (-90 to 90) and longitude (-180 to 180) are both required to close the road at a point.");
        }

        if (request.EndsAt is { } ends && ends <= clock.GetUtcNow())
        {
            errors.Add("endsAt", "endsAt must be in the future.");
        }

        var code = await DirectoryJurisdiction.ResolveAsync(errors, request.Jurisdiction ?? ActorScope.JurisdictionOf(user), adminUnits, cancellationToken);
        if (!errors.IsEmpty || code is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        if (!ActorScope.CanAccess(user, code))
        {
            return TypedResults.Forbid();
        }

        if (await engine.GetAsync(code, cancellationToken) is not { } network)
        {
            return Problem.NotFound("No road network", $"Jurisdiction {code} has no road network yet.");
        }

        Road? road;
        if (request.WayId is { } wayId)
        {
            road = network.Roads.Roads.FirstOrDefault(r => r.OsmId == wayId);
            if (road is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["wayId"] = [$"there is no road with OSM way id {wayId} in {code}."] }, type: ProblemTypes.Validation);
            }
        }
        else
        {
            var snapped = network.Snap(RoutingProfile.Car, request.Latitude!.Value, request.Longitude!.Value) ?? network.Snap(RoutingProfile.Foot, request.Latitude.Value, request.Longitude!.Value);
            if (snapped is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["latitude"] = [$"no road lies within {RoutingNetwork.MaxSnapMetres:0} m of this point."] }, type: ProblemTypes.Validation);
            }

            road = network.Roads.Roads[network.Roads.EdgeRoad[snapped.Edge]];
        }

        var closure = new RoadClosure
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = code,
            WayOsmId = road.OsmId,
            RoadName = road.Name ?? road.Ref,
            Reason = reason!,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.FindFirstValue(MekongClaims.DisplayName) ?? user.Identity?.Name,
            EndsAt = request.EndsAt,
        };
        db.Closures.Add(closure);
        await db.SaveChangesAsync(cancellationToken);
        engine.InvalidateClosures(code);
        return TypedResults.Created($"/api/v1/routes/closures/{closure.Id}", ToResponse(closure));
    }

    /// <summary><c>DELETE /api/v1/routes/closures/{id}</c>: lifts a closure.</summary>
    public static async Task<Results<NoContent, ForbidHttpResult, ProblemHttpResult>> DeleteClosure(
        Guid id, ClaimsPrincipal user, PlacesDbContext db, RouteEngine engine, CancellationToken cancellationToken)
    {
        var closure = await db.Closures.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (closure is null)
        {
            return Problem.NotFound("No such closure", $"There is no road closure {id}.");
        }

        if (!ActorScope.CanAccess(user, closure.JurisdictionCode))
        {
            return TypedResults.Forbid();
        }

        db.Closures.Remove(closure);
        await db.SaveChangesAsync(cancellationToken);
        engine.InvalidateClosures(closure.JurisdictionCode);
        return TypedResults.NoContent();
    }

    private static ClosureResponse ToResponse(RoadClosure c) => new(c.Id, c.WayOsmId, c.RoadName, c.Reason, c.CreatedAt, c.CreatedBy, c.EndsAt);

    /// <summary>A <c>lat,lon</c> parameter in degrees; the error names the parameter.</summary>
    private static (double Lat, double Lon)? ParsePoint(FieldErrors errors, string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(name, $"{name} is required: lat,lon in degrees.");
            return null;
        }

        var inner = new FieldErrors();
        var point = SearchPlaces.SearchPlaces.ParseNear(inner, text);
        if (point is null)
        {
            errors.Add(name, $"{name} must be lat,lon in degrees (latitude -90 to 90, longitude -180 to 180).");
        }

        return point;
    }
}
