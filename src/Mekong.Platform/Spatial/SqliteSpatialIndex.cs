using System.Globalization;

namespace Mekong.Platform.Spatial;

/// <summary>
/// An R*Tree index over the bounding-box columns of a SQLite table, kept in step by triggers. A migration holds the
/// SQL of <see cref="CreateSql"/> written out, never a call into this type (history must not change when it does);
/// queries join <see cref="CandidatesSql"/> to find rows whose box meets a box, then test the exact predicate
/// (contains, intersects, distance) with NetTopologySuite.
/// </summary>
public sealed record SqliteSpatialIndex(string Table, string IdColumn = "Id",
    string MinLon = "MinLon", string MinLat = "MinLat", string MaxLon = "MaxLon", string MaxLat = "MaxLat")
{
    public string IndexTable => Table + "_rtree";

    public string CreateSql() => string.Format(CultureInfo.InvariantCulture, """
        CREATE VIRTUAL TABLE "{0}" USING rtree(id, min_x, max_x, min_y, max_y);
        INSERT INTO "{0}" SELECT "{2}", "{3}", "{5}", "{4}", "{6}" FROM "{1}";
        CREATE TRIGGER "{0}_insert" AFTER INSERT ON "{1}" BEGIN
          INSERT INTO "{0}" VALUES (new."{2}", new."{3}", new."{5}", new."{4}", new."{6}");
        END;
        CREATE TRIGGER "{0}_update" AFTER UPDATE OF "{3}", "{4}", "{5}", "{6}" ON "{1}" BEGIN
          UPDATE "{0}" SET min_x = new."{3}", max_x = new."{5}", min_y = new."{4}", max_y = new."{6}" WHERE id = new."{2}";
        END;
        CREATE TRIGGER "{0}_delete" AFTER DELETE ON "{1}" BEGIN
          DELETE FROM "{0}" WHERE id = old."{2}";
        END;
        """, IndexTable, Table, IdColumn, MinLon, MinLat, MaxLon, MaxLat);

    public string DropSql() => string.Format(CultureInfo.InvariantCulture, """
        DROP TRIGGER IF EXISTS "{0}_insert";
        DROP TRIGGER IF EXISTS "{0}_update";
        DROP TRIGGER IF EXISTS "{0}_delete";
        DROP TABLE IF EXISTS "{0}";
        """, IndexTable);

    /// <summary>
    /// SELECT of the table's rows whose box meets the parameters {0}=minLon, {1}=minLat, {2}=maxLon, {3}=maxLat
    /// (positional parameters for <c>FromSqlRaw</c>), composable with further LINQ.
    /// </summary>
    public string CandidatesSql() => string.Format(CultureInfo.InvariantCulture, """
        SELECT t.* FROM "{1}" AS t
        WHERE t."{2}" IN (SELECT id FROM "{0}" WHERE max_x >= {{0}} AND min_y <= {{3}} AND min_x <= {{2}} AND max_y >= {{1}})
        """, IndexTable, Table, IdColumn);
}
