using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Storage;

/// <summary>
/// Queries over unit versions that both providers answer alike: PostGIS evaluates spatial predicates with its GiST
/// index; SQLite pre-filters by the R*Tree and NetTopologySuite decides the exact predicate.
/// </summary>
internal static class AdminUnitQueries
{
    public static IQueryable<AdminUnit> ValidOn(this IQueryable<AdminUnit> units, DateOnly date) =>
        units.Where(u => u.ValidFrom <= date && (u.ValidTo == null || u.ValidTo > date));

    /// <summary>Units whose geometry covers the point (boundary included), valid on <paramref name="date"/>, lowest level first.</summary>
    public static async Task<List<AdminUnit>> CoveringAsync(this AdminUnitsDbContext db, Point point, DateOnly date, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            var candidates = await db.AdminUnits
                .FromSqlRaw(AdminUnitsDbContext.UnitsIndex.CandidatesSql(), point.X, point.Y, point.X, point.Y)
                .AsNoTracking().ValidOn(date).ToListAsync(cancellationToken);
            return Order(candidates.Where(u => u.Geometry.Covers(point)));
        }

        var units = await db.AdminUnits.AsNoTracking().ValidOn(date)
            .Where(u => u.Geometry.Covers(point)).ToListAsync(cancellationToken);
        return Order(units);
    }

    /// <summary>The query restricted to units whose geometry may meet <paramref name="box"/>; call <see cref="ExactlyIntersecting"/> on the result.</summary>
    public static IQueryable<AdminUnit> MeetingBox(this AdminUnitsDbContext db, BoundingBox box)
    {
        if (db.IsSqlite)
        {
            return db.AdminUnits.FromSqlRaw(AdminUnitsDbContext.UnitsIndex.CandidatesSql(), box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
        }

        var polygon = box.ToPolygon();
        return db.AdminUnits.Where(u => u.Geometry.Intersects(polygon));
    }

    public static IEnumerable<AdminUnit> ExactlyIntersecting(this IEnumerable<AdminUnit> units, BoundingBox? box)
    {
        if (box is null)
        {
            return units;
        }

        var polygon = box.Value.ToPolygon();
        return units.Where(u => u.Geometry.Intersects(polygon));
    }

    /// <summary>
    /// The units of <paramref name="level"/> valid on <paramref name="date"/> nearest to the point within
    /// <paramref name="maxMetres"/>, closest first, with their distance. Both providers pre-filter by the box around the
    /// point (R*Tree or GiST) and measure here, so they answer alike.
    /// </summary>
    public static async Task<List<(AdminUnit Unit, double Metres)>> NearestAsync(
        this AdminUnitsDbContext db, Point point, AdminLevel level, DateOnly date, double maxMetres, int count, CancellationToken cancellationToken)
    {
        var box = BoundingBox.Around(point.X, point.Y, maxMetres);
        var candidates = await db.MeetingBox(box).AsNoTracking().ValidOn(date).Where(u => u.Level == level).ToListAsync(cancellationToken);
        return candidates
            .Select(u => (Unit: u, Metres: DistanceMetres(u.Geometry, point)))
            .Where(x => x.Metres <= maxMetres)
            .OrderBy(x => x.Metres).ThenBy(x => x.Unit.Code, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }

    /// <summary>Distance in metres on a local equirectangular projection around the point: within 0.5 % over the few kilometres this is used for.</summary>
    public static double DistanceMetres(Geometry geometry, Point point)
    {
        var (perLon, perLat) = Geo.MetresPerDegree(point.Y);
        var projected = geometry.Map((x, y) => (x * perLon, y * perLat));
        var origin = new Point(point.X * perLon, point.Y * perLat);
        return projected.Distance(origin);
    }

    private static List<AdminUnit> Order(IEnumerable<AdminUnit> units) =>
        units.OrderByDescending(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
}
