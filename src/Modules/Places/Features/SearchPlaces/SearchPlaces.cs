using System.Globalization;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Domain;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Places.Features.SearchPlaces;

internal sealed record PlaceSummaryResponse(
    Guid Id, string Category, string Name, string NameVi, string? NameEn, string? Address, string? CommuneCode, string? Phone,
    string? OpeningHours, double Latitude, double Longitude, double? DistanceMetres, double Score);

internal sealed record ReverseGeocodeResponse(double Latitude, double Longitude, AdminUnitInfo? Commune, NearestStreet? Street);

/// <summary>
/// <c>GET /api/v1/places?q=&amp;category=&amp;near=lat,lon&amp;radius=&amp;commune=&amp;jurisdiction=&amp;limit=&amp;cursor=</c>
/// (anonymous: the directory is public data): the foundation's list form, ranked by relevance and distance. The
/// cursor is the offset in the ranking (a ranking has no stable key to page by).
/// </summary>
internal static class SearchPlaces
{
    public const int MaxQueryLength = 200;
    public const double MaxRadiusMetres = 200_000;

    public static async Task<Results<Ok<PagedList<PlaceSummaryResponse>>, ValidationProblem>> Handle(
        HttpRequest request, string? q, string? category, string? near, QueryNumber? radius, string? commune, string? jurisdiction,
        PageLimit? limit, string? cursor, string? lang, PlaceIndex index, PlaceCategories categories, IAdminUnitDirectory adminUnits, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var text = errors.Search("q", q, 10, MaxQueryLength);
        var categoryKey = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (categoryKey is not null && categories.Find(categoryKey) is null)
        {
            errors.Add("category", $"category must be one of: {string.Join(", ", categories.Keys)}.");
        }

        var point = ParseNear(errors, near);
        var radiusMetres = errors.Number("radius", radius, 1, MaxRadiusMetres, required: false);
        if (radiusMetres is not null && point is null)
        {
            errors.Add("radius", "radius needs near=lat,lon.");
        }

        var take = errors.Limit(limit);
        var offset = 0;
        if (cursor is not null && (errors.Cursor(cursor) is not { } key || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            errors.Add("cursor", "cursor is not one this server handed out; follow the 'next' link as given.");
        }

        var code = await DirectoryJurisdiction.ResolveAsync(errors, jurisdiction, adminUnits, cancellationToken);
        IReadOnlySet<string>? communes = null;
        if (code is not null && !string.IsNullOrWhiteSpace(commune))
        {
            if (commune.Length > 200)
            {
                errors.Add("commune", "commune is a code or a name of at most 200 characters.");
            }
            else
            {
                var resolved = await adminUnits.ResolveCommuneAsync(code, commune, null, cancellationToken);
                if (resolved.Count == 0)
                {
                    errors.Add("commune", $"no commune, current or former, has the code or name '{commune.Trim()}'.");
                }

                communes = resolved.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
            }
        }

        if (!errors.IsEmpty || code is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var search = await index.GetAsync(code, cancellationToken);
        var (page, total) = search.Search(new PlaceQuery(text, categoryKey, point?.Lat, point?.Lon, radiusMetres, communes), offset, take);
        var english = lang == "en";
        var items = page.Select(h => new PlaceSummaryResponse(
            h.Place.Id, h.Place.Category, english && h.Place.NameEn is { } en ? en : h.Place.NameVi, h.Place.NameVi, h.Place.NameEn, h.Place.Address,
            h.Place.CommuneCode, h.Place.Phone, h.Place.OpeningHours, h.Place.Latitude, h.Place.Longitude,
            h.DistanceMetres is { } d ? Math.Round(d) : null, Math.Round(h.Score, 3))).ToList();
        var next = offset + take < total ? KeysetCursor.NextUrl(request, (offset + take).ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new PagedList<PlaceSummaryResponse>(items, total, next));
    }

    /// <summary><c>GET /api/v1/places/reverse?lat=&amp;lon=</c>: the commune and the nearest named street of a point.</summary>
    public static async Task<Results<Ok<ReverseGeocodeResponse>, ValidationProblem>> Reverse(
        QueryNumber? lat, QueryNumber? lon, string? jurisdiction, PlaceIndex index, IAdminUnitDirectory adminUnits, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var latitude = errors.Number("lat", lat, -90, 90, required: true);
        var longitude = errors.Number("lon", lon, -180, 180, required: true);
        var code = await DirectoryJurisdiction.ResolveAsync(errors, jurisdiction, adminUnits, cancellationToken);
        if (!errors.IsEmpty || code is null || latitude is null || longitude is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var commune = await adminUnits.LocateAsync(latitude.Value, longitude.Value, null, cancellationToken);
        var street = (await index.GetAsync(code, cancellationToken)).Streets.Nearest(latitude.Value, longitude.Value);
        return TypedResults.Ok(new ReverseGeocodeResponse(latitude.Value, longitude.Value, commune, street));
    }

    /// <summary><c>near=lat,lon</c> in degrees.</summary>
    public static (double Lat, double Lon)? ParseNear(FieldErrors errors, string? near)
    {
        if (string.IsNullOrWhiteSpace(near))
        {
            return null;
        }

        var parts = near.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
        {
            return (lat, lon);
        }

        errors.Add("near", "near must be lat,lon in degrees (latitude -90 to 90, longitude -180 to 180).");
        return null;
    }
}

/// <summary>Which jurisdiction's directory a public request reads: the one named, or the installation's first.</summary>
internal static class DirectoryJurisdiction
{
    public static async Task<string?> ResolveAsync(FieldErrors errors, string? jurisdiction, IAdminUnitDirectory adminUnits, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(jurisdiction))
        {
            var code = jurisdiction.Trim();
            if (code.Length > 8 || await adminUnits.FindJurisdictionAsync(code, cancellationToken) is null)
            {
                errors.Add("jurisdiction", $"there is no jurisdiction '{(code.Length > 40 ? code[..40] + "…" : code)}'.");
                return null;
            }

            return code;
        }

        if (await adminUnits.ListJurisdictionsAsync(cancellationToken) is [var first, ..])
        {
            return first.Code;
        }

        errors.Add("jurisdiction", "This installation serves no jurisdiction yet.");
        return null;
    }
}
