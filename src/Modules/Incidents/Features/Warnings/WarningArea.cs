using System.Globalization;
using System.Text;
using Mekong.Modules.AdminUnits.Contracts;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Simplify;

namespace Mekong.Modules.Incidents.Features.Warnings;

/// <summary>A warning's area as CAP carries it: the communes' names and codes, and polygons as <c>lat,lon</c> pairs.</summary>
internal sealed record CapArea(string DescriptionVi, string DescriptionEn, IReadOnlyList<(string Code, string NameVi, string NameEn)> Communes, IReadOnlyList<string> Polygons);

/// <summary>
/// Builds the area of a warning from the affected communes' boundaries (<see cref="IAdminUnitDirectory.BoundaryAsync"/>):
/// their union, simplified (topology kept) until all its outer rings together hold at most <see cref="MaxPoints"/> points,
/// one CAP polygon per part (CAP polygons have no holes: a commune inside the area but not warned is inside the ring).
/// </summary>
internal sealed class WarningArea(IAdminUnitDirectory adminUnits)
{
    public const int MaxPoints = 400;

    public async Task<CapArea> BuildAsync(IReadOnlyList<string> communes, DateOnly at, CancellationToken cancellationToken)
    {
        var named = new List<(string, string, string)>();
        var shapes = new List<Geometry>();
        foreach (var code in communes)
        {
            var unit = await adminUnits.FindAsync(code, at, cancellationToken);
            named.Add((code, unit?.NameVi ?? code, unit?.NameEn ?? unit?.NameVi ?? code));
            if (await adminUnits.BoundaryAsync(code, at, cancellationToken) is { IsEmpty: false } boundary)
            {
                shapes.Add(boundary);
            }
        }

        return new CapArea(
            string.Join(", ", named.Select(n => n.Item2)),
            string.Join(", ", named.Select(n => n.Item3)),
            named,
            shapes.Count == 0 ? [] : Polygons(shapes));
    }

    public static IReadOnlyList<string> Polygons(IReadOnlyList<Geometry> shapes)
    {
        var union = CascadedPolygonUnion.Union(shapes.SelectMany(Parts).Cast<Geometry>().ToList());
        var tolerance = 0.0002;
        var simplified = union;
        while (true)
        {
            simplified = TopologyPreservingSimplifier.Simplify(union, tolerance);
            if (Parts(simplified).Sum(p => p.ExteriorRing.NumPoints) <= MaxPoints || tolerance > 0.5)
            {
                break;
            }

            tolerance *= 2;
        }

        return Parts(simplified).Where(p => p.ExteriorRing.NumPoints >= 4).Select(Ring).ToList();
    }

    private static IEnumerable<Polygon> Parts(Geometry geometry) => geometry switch
    {
        Polygon p => [p],
        GeometryCollection c => c.Geometries.SelectMany(Parts),
        _ => [],
    };

    /// <summary>The outer ring as CAP writes it: <c>lat,lon</c> pairs (WGS 84) separated by spaces, the first repeated last.</summary>
    private static string Ring(Polygon polygon)
    {
        var text = new StringBuilder();
        foreach (var c in polygon.ExteriorRing.Coordinates)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(Math.Round(c.Y, 5).ToString("0.#####", CultureInfo.InvariantCulture)).Append(',').Append(Math.Round(c.X, 5).ToString("0.#####", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
