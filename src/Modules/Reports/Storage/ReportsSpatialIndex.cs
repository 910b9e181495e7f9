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

    /// <summary>
    /// SQLite, a small box (<see cref="SqliteSmallBoxSquareDegrees"/>): the ids of one Open311 page, newest first, in one
    /// hand-written statement led by the R*Tree — or null for any other case (then <see cref="Within"/>). EF Core does
    /// not cache the SQL of a <c>FromSql</c> query: it generated it again on every call, under a lock that all
    /// concurrent calls of that query share, and that was most of a request's time under load (ADR 0026). The page is
    /// then read by its ids, a query EF caches. Columns as the model stores them on SQLite: status by name, times as
    /// UTC ticks, booleans as 0/1.
    /// </summary>
    public static async Task<List<long>?> SqlitePageIdsAsync(
        ReportsDbContext db, string jurisdictionCode, bool publicOnly, GeoArea area, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<ReportStatus>? statuses, IReadOnlyList<string>? serviceCodes, int limit, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite() || (area.MaxLon - area.MinLon) * (area.MaxLat - area.MinLat) > SqliteSmallBoxSquareDegrees)
        {
            return null;
        }

        var sql = new System.Text.StringBuilder(
            """
            SELECT t."Id" FROM "reports_reports_rtree" AS s CROSS JOIN "reports_reports" AS t ON t."Id" = s.id
            WHERE s.max_x >= $minLon AND s.min_x <= $maxLon AND s.max_y >= $minLat AND s.min_y <= $maxLat
              AND t."Location_Longitude" >= $minLon AND t."Location_Longitude" <= $maxLon AND t."Location_Latitude" >= $minLat AND t."Location_Latitude" <= $maxLat
              AND t."JurisdictionCode" = $jurisdiction AND t."RequestedAt" >= $from AND t."RequestedAt" <= $to
            """);
        if (publicOnly)
        {
            sql.Append(""" AND t."IsPublic" = 1""");
        }

        if (statuses is not null)
        {
            sql.Append(""" AND t."Status" IN (SELECT value FROM json_each($statuses))""");
        }

        if (serviceCodes is not null)
        {
            sql.Append(""" AND t."ServiceCode" IN (SELECT value FROM json_each($codes))""");
        }

        if (area.Circle is not null)
        {
            sql.Append(""" AND ((t."Location_Latitude" - $lat) * (t."Location_Latitude" - $lat) * $latScale2) + ((t."Location_Longitude" - $lon) * (t."Location_Longitude" - $lon) * $lonScale2) <= $r2""");
        }

        sql.Append(""" ORDER BY t."RequestedAt" DESC, t."Id" DESC LIMIT $limit""");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            void Add(string name, object value)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            Add("$minLon", area.MinLon);
            Add("$maxLon", area.MaxLon);
            Add("$minLat", area.MinLat);
            Add("$maxLat", area.MaxLat);
            Add("$jurisdiction", jurisdictionCode);
            Add("$from", from.UtcTicks);
            Add("$to", to.UtcTicks);
            Add("$limit", limit);
            if (statuses is not null)
            {
                Add("$statuses", System.Text.Json.JsonSerializer.Serialize(statuses.Select(x => x.ToString()).ToArray()));
            }

            if (serviceCodes is not null)
            {
                Add("$codes", System.Text.Json.JsonSerializer.Serialize(serviceCodes.ToArray()));
            }

            if (area.Circle is { } circle)
            {
                Add("$lat", circle.Lat);
                Add("$lon", circle.Lon);
                Add("$latScale2", GeoArea.MetresPerDegree * GeoArea.MetresPerDegree);
                Add("$lonScale2", area.LonScale2);
                Add("$r2", circle.Metres * circle.Metres);
            }

            var ids = new List<long>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
