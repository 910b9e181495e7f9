using System.Text.Json;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Spatial;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Precision;
using NetTopologySuite.Simplify;

namespace Mekong.Modules.AdminUnits.Features.UploadAdminUnits;

/// <summary>
/// The dry run as a GeoJSON FeatureCollection for the screen's map: the file's units (<c>kind=unit</c>, rejected or not)
/// and the places of problems (<c>kind=issue</c>). Simplified to ~20 m and rounded to ~10 cm, so a province's file stays
/// small enough to ride in the page.
/// </summary>
internal static class ImportMapData
{
    /// <summary>About 20 m at Vietnam's latitudes: invisible at the zoom a province fits in.</summary>
    public const double Tolerance = 0.0002;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new GeoJsonConverterFactory() } };

    private static readonly PrecisionModel Rounding = new(1e6);

    public static string Build(ImportReport report)
    {
        var rejected = report.Rejections.Where(r => r.Feature is not null).Select(r => r.Feature!.Value).ToHashSet();
        var collection = new FeatureCollection();
        foreach (var shape in report.Shapes ?? [])
        {
            collection.Add(new Feature(Display(shape.Geometry), new AttributesTable
            {
                { "kind", "unit" },
                { "feature", shape.Feature },
                { "code", shape.Code },
                { "name", shape.Name },
                { "rejected", rejected.Contains(shape.Feature) },
            }));
        }

        foreach (var issue in report.Issues.Where(i => i.Where is { IsEmpty: false }))
        {
            collection.Add(new Feature(Display(issue.Where!), new AttributesTable
            {
                { "kind", "issue" },
                { "severity", issue.Severity == IssueSeverity.Rejection ? "rejection" : "warning" },
                { "code", issue.Code ?? string.Empty },
                { "text", issue.ToString() },
            }));
        }

        return JsonSerializer.Serialize(collection, Json);
    }

    private static Geometry Display(Geometry geometry)
    {
        if (geometry is Point or MultiPoint)
        {
            return geometry;
        }

        var simple = TopologyPreservingSimplifier.Simplify(geometry, Tolerance);
        var rounded = GeometryPrecisionReducer.Reduce(simple, Rounding);
        // A sliver narrower than the rounding collapses: show where it was instead of nothing.
        return rounded.IsEmpty ? Geo.Factory.CreatePoint(geometry.InteriorPoint.Coordinate) : rounded;
    }
}
