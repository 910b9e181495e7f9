using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Registry;

/// <summary>The registry under <c>/api/v1/cameras</c>: every signed-in role reads its jurisdiction's cameras, administrators write.</summary>
internal static class CameraEndpoints
{
    public const int MaxSearchLength = 100;

    public static RouteGroupBuilder MapCameraRegistry(this RouteGroupBuilder api)
    {
        api.MapGet("/", List).WithName("ListCameras").ProducesValidationProblem();
        api.MapGet("/near", Near).WithName("ListCamerasNear").ProducesValidationProblem();
        api.MapGet("/{id:guid}", Get).WithName("GetCamera").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Create).RequireAuthorization(Policies.Administrator).WithName("CreateCamera");
        api.MapPut("/{id:guid}", Update).RequireAuthorization(Policies.Administrator).WithName("UpdateCamera").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Administrator).WithName("DeleteCamera").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<PagedList<CameraResponse>>, ValidationProblem>> List(
        HttpRequest request, ClaimsPrincipal user, CamerasDbContext db, string? type, string? status, string? commune, string? contractor, string? q,
        QueryBox? bbox, PageLimit? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var box = errors.Box("bbox", bbox);
        var take = errors.Limit(limit);
        var after = errors.Cursor(cursor);
        var search = errors.Search("q", q, 5, MaxSearchLength);
        CameraState? state = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (CameraFaults.TryParseState(status.Trim(), out var parsed))
            {
                state = parsed;
            }
            else
            {
                errors.Add("status", "status is one of unknown, online, degraded, offline, maintenance.");
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var cameras = Visible(db, user);
        if (CameraInput.Blank(type) is { } t)
        {
            var lower = t.ToLowerInvariant();
            cameras = cameras.Where(c => c.Type == lower);
        }

        if (state is { } s)
        {
            cameras = cameras.Where(c => c.State == s);
        }

        if (CameraInput.Blank(commune) is { } communeCode)
        {
            cameras = cameras.Where(c => c.CommuneCode == communeCode);
        }

        if (CameraInput.Blank(contractor) is { } contractorName)
        {
            cameras = cameras.Where(c => c.Contractor == contractorName);
        }

        if (search is not null)
        {
            foreach (var word in search.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var pattern = "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
                cameras = cameras.Where(c => EF.Functions.Like(c.Code.ToLower(), pattern, "\\") || EF.Functions.Like(c.Name.ToLower(), pattern, "\\"));
            }
        }

        if (box is { } b)
        {
            cameras = cameras.Where(c => c.Longitude >= b.MinLon && c.Longitude <= b.MaxLon && c.Latitude >= b.MinLat && c.Latitude <= b.MaxLat);
        }

        var total = await cameras.CountAsync(cancellationToken);
        // Keyset on (jurisdiction, code): unique, stable, and what an operator sorts a fleet table by.
        var ordered = cameras.OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code);
        if (after is not null && after.Split('\n') is [var j, var code])
        {
            ordered = cameras.Where(c => c.JurisdictionCode.CompareTo(j) > 0 || (c.JurisdictionCode == j && c.Code.CompareTo(code) > 0))
                .OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code);
        }

        var page = await ordered.Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? KeysetCursor.NextUrl(request, page[take - 1].JurisdictionCode + "\n" + page[take - 1].Code) : null;
        return TypedResults.Ok(new PagedList<CameraResponse>(page.Take(take).Select(CameraResponse.Of).ToList(), total, next));
    }

    /// <summary>The cameras within <c>radius</c> metres (default 500, at most 5,000) of <c>lat</c>/<c>long</c>, nearest first.</summary>
    private static async Task<Results<Ok<NearbyCamerasResponse>, ValidationProblem>> Near(
        ClaimsPrincipal user, CamerasDbContext db, QueryNumber? lat, QueryNumber? @long, QueryNumber? radius, PageLimit? limit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var latitude = errors.Number("lat", lat, -90, 90, required: true);
        var longitude = errors.Number("long", @long, -180, 180, required: true);
        var metres = errors.Number("radius", radius, 1, Contracts.ICameraDirectory.MaxRadiusMetres, required: false) ?? 500;
        var take = limit is null ? 10 : errors.Limit(limit);
        if (take > NearbyCameras.MaxLimit)
        {
            errors.Add("limit", $"limit is at most {NearbyCameras.MaxLimit} here.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var items = await NearbyCameras.NearAsync(Visible(db, user), latitude!.Value, longitude!.Value, (int)Math.Ceiling(metres), take, cancellationToken);
        return TypedResults.Ok(new NearbyCamerasResponse(items, (int)Math.Ceiling(metres)));
    }

    private static async Task<Ok<CameraDetailResponse>> Get(Guid id, ClaimsPrincipal user, CameraRegistry registry, CamerasDbContext db, CancellationToken cancellationToken)
    {
        var camera = await registry.FindAsync(id, user, cancellationToken);
        var history = await db.StateChanges.AsNoTracking().Where(h => h.CameraId == id).OrderByDescending(h => h.At).Take(100).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CameraDetailResponse(CameraResponse.Of(camera), history.Select(StateChangeResponse.Of).ToList()));
    }

    private static async Task<Results<Created<CameraResponse>, ValidationProblem>> Create(CameraInput body, ClaimsPrincipal user, CameraRegistry registry, CancellationToken cancellationToken)
    {
        var (created, errors) = await registry.CreateAsync(body, user, cancellationToken);
        return created is null ? Invalid(errors) : TypedResults.Created($"/api/v1/cameras/{created.Id}", created);
    }

    private static async Task<Results<Ok<CameraResponse>, ValidationProblem>> Update(Guid id, CameraInput body, ClaimsPrincipal user, CameraRegistry registry, CancellationToken cancellationToken)
    {
        var (updated, errors) = await registry.UpdateAsync(id, body, user, cancellationToken);
        return updated is null ? Invalid(errors) : TypedResults.Ok(updated);
    }

    private static async Task<NoContent> Delete(Guid id, ClaimsPrincipal user, CameraRegistry registry, CancellationToken cancellationToken)
    {
        await registry.DeleteAsync(id, user, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The cameras the actor may see: its own jurisdiction's, or all for an installation administrator.</summary>
    public static IQueryable<Camera> Visible(CamerasDbContext db, ClaimsPrincipal? user)
    {
        var cameras = db.Cameras.AsNoTracking();
        return ActorScope.IsConfined(user, out var own) ? cameras.Where(c => c.JurisdictionCode == own) : cameras;
    }

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
}

/// <summary>The answer of <c>GET /api/v1/cameras/near</c>.</summary>
internal sealed record NearbyCamerasResponse(IReadOnlyList<Contracts.NearbyCamera> Items, int RadiusMetres);
