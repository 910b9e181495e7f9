using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.Open311;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.Reports.Storage;

/// <summary>
/// The reports' spatial index: on PostgreSQL the generated <c>"Position"</c> geometry under GiST, on SQLite an R*Tree
/// <c>reports_reports_rtree</c> over the point columns, kept by triggers that the HPerf migration creates (its SQL is
/// written out there; reports without a point are not in it). <see cref="Within"/> is the one query over either.
/// </summary>
internal static class ReportsSpatialIndex
{
    public const string PositionProperty = "Position";

    public const string SqliteIndexTable = "reports_reports_rtree";

    /// <summary>About 10 km × 10 km in the province: below it the R*Tree leads the SQLite query (see <see cref="Within"/>).</summary>
    public const double SqliteSmallBoxSquareDegrees = 0.01;

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>Reports whose point is in <paramref name="area"/>: candidates from the index, then the exact test.</summary>
    public static IQueryable<Report> Within(ReportsDbContext db, GeoArea area)
    {
        IQueryable<Report> candidates;
        if (db.Database.IsSqlite())
        {
            // The R*Tree stores 32-bit floats rounded outwards: a superset, cut to the exact box below. SQLite has no
            // statistics to weigh the box against the date window, and left alone it walks the date index and tests
            // every report of the window against the box (100,000s at 1M reports). A small box (the usual map view)
            // therefore drives the query from the R*Tree (CROSS JOIN fixes SQLite's join order); a large one keeps the
            // planner's choice, where the date index is the better start.
            candidates = (area.MaxLon - area.MinLon) * (area.MaxLat - area.MinLat) <= SqliteSmallBoxSquareDegrees
                ? db.Reports.FromSqlRaw(
                    """
                    SELECT t.* FROM "reports_reports_rtree" AS s CROSS JOIN "reports_reports" AS t ON t."Id" = s.id
                    WHERE s.max_x >= {0} AND s.min_x <= {2} AND s.max_y >= {1} AND s.min_y <= {3}
                    """,
                    area.MinLon, area.MinLat, area.MaxLon, area.MaxLat)
                : db.Reports.FromSqlRaw(
                    """
                    SELECT t.* FROM "reports_reports" AS t
                    WHERE t."Id" IN (SELECT id FROM "reports_reports_rtree" WHERE max_x >= {0} AND min_x <= {2} AND max_y >= {1} AND min_y <= {3})
                    """,
                    area.MinLon, area.MinLat, area.MaxLon, area.MaxLat);
        }
        else
        {
            var box = Wgs84.ToGeometry(new Envelope(area.MinLon, area.MaxLon, area.MinLat, area.MaxLat));
            candidates = db.Reports.Where(r => EF.Property<Point>(r, PositionProperty).Intersects(box));
        }

        var (minLon, minLat, maxLon, maxLat) = (area.MinLon, area.MinLat, area.MaxLon, area.MaxLat);
        var inBox = candidates.Where(r => r.Location.Longitude >= minLon && r.Location.Longitude <= maxLon && r.Location.Latitude >= minLat && r.Location.Latitude <= maxLat);
        if (area.Circle is not { } circle)
        {
            return inBox;
        }

        // Equirectangular distance: exact enough within 50 km, and plain arithmetic on both providers.
        var (lat, lon, r2, latScale2, lonScale2) = (circle.Lat, circle.Lon, circle.Metres * circle.Metres, GeoArea.MetresPerDegree * GeoArea.MetresPerDegree, area.LonScale2);
        return inBox.Where(r => ((r.Location.Latitude - lat) * (r.Location.Latitude - lat) * latScale2) + ((r.Location.Longitude - lon) * (r.Location.Longitude - lon) * lonScale2) <= r2);
    }
}
