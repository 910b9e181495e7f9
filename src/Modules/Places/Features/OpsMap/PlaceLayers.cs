using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Routing;
using Mekong.Modules.Places.Storage;
using Mekong.Modules.Places.Ui;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Map;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Places.Features.OpsMap;

/// <summary>A layer of the operator map: the places of a few categories that belong together (health: clinics and pharmacies).</summary>
internal sealed record PlaceLayerGroup(string Key, string TitleVi, string TitleEn, IReadOnlyList<string> Categories, MapLayerStyle Style, int Order);

/// <summary>
/// The operator map's places layers, one per group of categories, and the closed roads (ADR 0037):
/// <c>GET /api/v1/places/map.geojson?group=&amp;bbox=</c> (Viewer) and <c>GET /api/v1/routes/closures.geojson</c>
/// (Operator). A view with more than <see cref="ClusterAbove"/> places of a group is drawn as clusters on a grid,
/// as the camera layer is.
/// </summary>
internal static class PlaceLayers
{
    public const string LayerUrl = "/api/v1/places/map.geojson";
    public const string ClosuresLayerId = "places.closures";
    public const string ClosuresLayerUrl = "/api/v1/routes/closures.geojson";
    public const string OtherGroup = "other";
    public const int ClusterAbove = 300;
    public const int GridColumns = 24;
    public const int GridRows = 16;

    public static readonly IReadOnlyList<PlaceLayerGroup> Groups =
    [
        new("government", "Địa điểm: cơ quan nhà nước", "Places: government offices", ["government"], new("#1e3a8a", "#3b82f6", 0.9, 1.5), 40),
        new("health", "Địa điểm: y tế, nhà thuốc", "Places: health and pharmacies", ["health", "pharmacy"], new("#991b1b", "#ef4444", 0.9, 1.5), 41),
        new("education", "Địa điểm: trường học", "Places: schools", ["school"], new("#854d0e", "#eab308", 0.9, 1.5), 42),
        new("tourism", "Địa điểm: du lịch, lưu trú", "Places: sights and hotels", ["tourism", "hotel"], new("#6b21a8", "#a855f7", 0.9, 1.5), 43),
        new("market", "Địa điểm: chợ", "Places: markets", ["market"], new("#065f46", "#10b981", 0.9, 1.5), 44),
    ];

    public static readonly PlaceLayerGroup Other = new(OtherGroup, "Địa điểm khác", "Other places", [], new("#374151", "#9ca3af", 0.9, 1.5), 45);

    public static string LayerId(PlaceLayerGroup group) => "places." + group.Key;

    /// <summary>The layers to register: the built-in groups, and "other" when the configuration adds categories of its own.</summary>
    public static IEnumerable<MapLayer> MapLayers(bool hasOtherCategories)
    {
        foreach (var group in hasOtherCategories ? [.. Groups, Other] : Groups)
        {
            yield return new MapLayer(LayerId(group), group.TitleVi, group.TitleEn, $"{LayerUrl}?group={group.Key}&bbox={{bbox}}", group.Style,
                group.Order, VisibleByDefault: false, LabelProperty: "label", LiveTopic: null, Policies.Viewer);
        }

        yield return new MapLayer(ClosuresLayerId, "Đường đang cấm", "Closed roads", ClosuresLayerUrl, new MapLayerStyle("#b91c1c", "#b91c1c", 0, 6),
            Order: 70, VisibleByDefault: true, LabelProperty: "label", LiveTopic: null, Policies.Operator);
    }

    internal sealed record FeatureCollection(string Type, bool Clustered, int Places, IReadOnlyList<Feature> Features);

    internal sealed record Feature(string Type, string Id, object Geometry, IReadOnlyDictionary<string, object?> Properties);

    internal sealed record PointGeometry(string Type, double[] Coordinates);

    internal sealed record LineGeometry(string Type, double[][] Coordinates);

    internal sealed record PopupRow(string Label, string Value, string? Mark);

    internal sealed record Popup(string Title, IReadOnlyList<PopupRow> Rows, PopupLink? Link);

    internal sealed record PopupLink(string Href, string Text);

    public static async Task<Results<JsonHttpResult<FeatureCollection>, ValidationProblem, ForbidHttpResult>> Places(
        string? group, QueryBox? bbox, string? jurisdiction, ClaimsPrincipal user, PlaceIndex index, PlaceCategories categories, IAdminUnitDirectory adminUnits,
        IStringLocalizer<PlacesText> text, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var box = errors.Box("bbox", bbox);
        var known = Groups.Append(Other).ToList();
        var chosen = known.FirstOrDefault(g => g.Key == group?.Trim());
        if (chosen is null)
        {
            errors.Add("group", $"group must be one of: {string.Join(", ", known.Select(g => g.Key))}.");
        }

        var code = await DirectoryJurisdiction.ResolveAsync(errors, jurisdiction ?? ActorScope.JurisdictionOf(user), adminUnits, cancellationToken);
        if (!errors.IsEmpty || code is null || chosen is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        if (!ActorScope.CanAccess(user, code))
        {
            return TypedResults.Forbid();
        }

        var grouped = Groups.SelectMany(g => g.Categories).ToHashSet(StringComparer.Ordinal);
        bool InGroup(string category) => chosen.Key == OtherGroup ? !grouped.Contains(category) : chosen.Categories.Contains(category);
        var places = (await index.GetAsync(code, cancellationToken)).Places.Where(p => InGroup(p.Category)).ToList();
        if (box is { } b)
        {
            places = places.Where(p => p.Longitude >= b.MinLon && p.Longitude <= b.MaxLon && p.Latitude >= b.MinLat && p.Latitude <= b.MaxLat).ToList();
        }

        var clustered = places.Count > ClusterAbove && box is not null;
        var features = clustered ? Clusters(places, box!.Value, chosen, categories, text) : places.Select(p => PlaceFeature(p, categories, text)).ToList();
        return TypedResults.Json(new FeatureCollection("FeatureCollection", clustered, places.Count, features), contentType: "application/geo+json");
    }

    public static async Task<Results<JsonHttpResult<FeatureCollection>, ValidationProblem, ForbidHttpResult>> Closures(
        string? jurisdiction, ClaimsPrincipal user, PlacesDbContext db, RouteEngine engine, IAdminUnitDirectory adminUnits, TimeProvider clock,
        IStringLocalizer<PlacesText> text, CancellationToken cancellationToken)
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
        var closures = (await db.Closures.AsNoTracking().Where(c => c.JurisdictionCode == code).ToListAsync(cancellationToken)).Where(c => c.IsActive(now)).ToList();
        var network = closures.Count == 0 ? null : await engine.GetAsync(code, cancellationToken);
        var features = new List<Feature>();
        foreach (var closure in closures.OrderBy(c => c.CreatedAt))
        {
            var road = network?.Roads.Roads.FirstOrDefault(r => r.OsmId == closure.WayOsmId);
            if (road is null)
            {
                continue;
            }

            var line = PackedCoordinates.Unpack(road.Coordinates).Select(c => new[] { Math.Round(c.Lon, 6), Math.Round(c.Lat, 6) }).ToArray();
            var name = closure.RoadName ?? text["UnnamedRoad"];
            var rows = new List<PopupRow>
            {
                new(text["ClosureReason"], closure.Reason, null),
                new(text["ClosureSince"], Mekong.Platform.VietnamTime.ToLocal(closure.CreatedAt).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), null),
            };
            if (closure.EndsAt is { } ends)
            {
                rows.Add(new(text["OpsClosureEnds"], Mekong.Platform.VietnamTime.ToLocal(ends).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), null));
            }

            features.Add(new Feature("Feature", closure.Id.ToString(), new LineGeometry("LineString", line), new Dictionary<string, object?>
            {
                ["label"] = $"{name} – {closure.Reason}",
                ["wayId"] = closure.WayOsmId,
                ["popup"] = new Popup(name, rows, null),
            }));
        }

        return TypedResults.Json(new FeatureCollection("FeatureCollection", false, features.Count, features), contentType: "application/geo+json");
    }

    private static Feature PlaceFeature(IndexedPlace p, PlaceCategories categories, IStringLocalizer<PlacesText> text)
    {
        var name = PlacesText.English && p.NameEn is { } en ? en : p.NameVi;
        var category = categories.Find(p.Category) is { } c ? (PlacesText.English ? c.NameEn : c.NameVi) : p.Category;
        var rows = new List<PopupRow> { new(text["Category"], category, null) };
        if (p.Address is { } address)
        {
            rows.Add(new(text["Address"], address, null));
        }

        if (p.Phone is { } phone)
        {
            rows.Add(new(text["Phone"], phone, null));
        }

        if (p.OpeningHours is { } hours)
        {
            rows.Add(new(text["OpeningHours"], hours, null));
        }

        return new Feature("Feature", p.Id.ToString(), Point(p.Longitude, p.Latitude), new Dictionary<string, object?>
        {
            ["label"] = name,
            ["category"] = p.Category,
            ["marker"] = "place place-" + p.Category,
            ["popup"] = new Popup(name, rows, new PopupLink($"/places/{p.Id}", text["OpenPlace"])),
        });
    }

    /// <summary>The view cut into a grid; a cell with one place shows it, with several a cluster sized by their number.</summary>
    internal static List<Feature> Clusters(List<IndexedPlace> places, BoundingBox view, PlaceLayerGroup group, PlaceCategories categories, IStringLocalizer<PlacesText> text)
    {
        var width = (view.MaxLon - view.MinLon) / GridColumns;
        var height = (view.MaxLat - view.MinLat) / GridRows;
        var features = new List<Feature>();
        foreach (var cell in places.GroupBy(p => (Column: Math.Clamp((int)((p.Longitude - view.MinLon) / width), 0, GridColumns - 1), Row: Math.Clamp((int)((p.Latitude - view.MinLat) / height), 0, GridRows - 1)))
                     .OrderBy(c => c.Key.Row).ThenBy(c => c.Key.Column))
        {
            var members = cell.ToList();
            if (members.Count == 1)
            {
                features.Add(PlaceFeature(members[0], categories, text));
                continue;
            }

            var label = text["ClusterLabel", members.Count].Value;
            features.Add(new Feature("Feature", $"cluster-{group.Key}-{cell.Key.Column}-{cell.Key.Row}", Point(members.Average(m => m.Longitude), members.Average(m => m.Latitude)), new Dictionary<string, object?>
            {
                ["cluster"] = true,
                ["count"] = members.Count,
                ["label"] = label,
                ["marker"] = "place place-cluster",
                ["radius"] = Math.Round(7 + (2.5 * Math.Log2(members.Count)), 1),
                ["popup"] = new Popup(label, [], null),
            }));
        }

        return features;
    }

    private static PointGeometry Point(double lon, double lat) => new("Point", [Math.Round(lon, 6), Math.Round(lat, 6)]);
}
