using System.Data.Common;
using Mekong.Modules.Telemetry.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mekong.Modules.Telemetry.Storage;

/// <summary>What one write did: how many readings were new; the others were already stored (a repeat is idempotent).</summary>
internal readonly record struct WriteOutcome(int Offered, int Stored)
{
    public int Duplicates => Offered - Stored;
}

/// <summary>One bucket of a rollup summed outside the store; <see cref="Bucket"/> in Unix milliseconds.</summary>
internal readonly record struct RollupRow(long DeviceId, short MeasurementId, long Bucket, ReadingStore.Fold Fold);

/// <summary>A point of a series: a raw reading (count 1) or a rollup bucket.</summary>
internal readonly record struct SeriesPoint(DateTimeOffset At, double Average, double Min, double Max, int Count);

/// <summary>The newest value of one measurement of one device, and when anything last arrived from it.</summary>
internal readonly record struct LatestValue(long DeviceId, short MeasurementId, DateTimeOffset At, double Value, DateTimeOffset ReceivedAt);

/// <summary>
/// The time-series storage of both providers (ADR 0027). A write is one transaction that stores the new readings
/// (a repeated device, measurement and time is skipped, not an error), folds exactly those into the 1 min, 1 h and
/// 1 day rollups (count, sum, min, max: mergeable, so late and out-of-order readings land in their own buckets) and
/// moves the latest value forward. PostgreSQL: binary COPY into a temporary table, then one statement does the rest.
/// SQLite: prepared statements reused for every row, in one transaction; the rollups are summed in memory first.
/// When <see cref="WriteAsync"/> returns, the readings are committed.
/// </summary>
internal sealed class ReadingStore(TelemetryDbContext db, TimeProvider clock)
{
    public bool IsPostgres => db.Database.IsNpgsql();

    private TimeSeriesSql Sql => IsPostgres ? TimeSeriesSql.Postgres : TimeSeriesSql.Sqlite;

    public async Task<WriteOutcome> WriteAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return new WriteOutcome(0, 0);
        }

        var received = clock.GetUtcNow();
        // Nothing of a write may be half done: the caller cancelling (a client hanging up) does not stop a commit midway.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var stored = IsPostgres
                ? await WritePostgresAsync(transaction, readings, received)
                : WriteSqlite(transaction, readings, received);
            await transaction.CommitAsync(CancellationToken.None);
            return new WriteOutcome(readings.Count, stored);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<int> WritePostgresAsync(IDbContextTransaction transaction, IReadOnlyList<Reading> readings, DateTimeOffset received)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_readings (device_id bigint, measurement_id smallint, ts timestamptz, value double precision) ON COMMIT DELETE ROWS",
            connection, tx))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY incoming_readings (device_id, measurement_id, ts, value) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in readings)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(r.DeviceId, NpgsqlDbType.Bigint);
                await importer.WriteAsync(r.MeasurementId, NpgsqlDbType.Smallint);
                await importer.WriteAsync(r.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(r.Value, NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        await using var fold = new NpgsqlCommand(PostgresFold, connection, tx);
        fold.Parameters.Add(new NpgsqlParameter<DateTime>("received", NpgsqlDbType.TimestampTz) { TypedValue = received.UtcDateTime });
        return Convert.ToInt32(await fold.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One statement: insert what is new, and fold only that (RETURNING) into the rollups and the latest values.</summary>
    private const string PostgresFold = """
        WITH ins AS (
            INSERT INTO telemetry.readings (device_id, measurement_id, ts, value)
            SELECT device_id, measurement_id, ts, value FROM incoming_readings
            ON CONFLICT DO NOTHING
            RETURNING device_id, measurement_id, ts, value),
        m AS (
            INSERT INTO telemetry.rollups_1m AS r (device_id, measurement_id, bucket, n, total, low, high)
            SELECT device_id, measurement_id, date_trunc('minute', ts), count(*), sum(value), min(value), max(value) FROM ins GROUP BY 1, 2, 3
            ON CONFLICT (device_id, measurement_id, bucket) DO UPDATE
            SET n = r.n + excluded.n, total = r.total + excluded.total, low = least(r.low, excluded.low), high = greatest(r.high, excluded.high)),
        h AS (
            INSERT INTO telemetry.rollups_1h AS r (device_id, measurement_id, bucket, n, total, low, high)
            SELECT device_id, measurement_id, date_trunc('hour', ts), count(*), sum(value), min(value), max(value) FROM ins GROUP BY 1, 2, 3
            ON CONFLICT (device_id, measurement_id, bucket) DO UPDATE
            SET n = r.n + excluded.n, total = r.total + excluded.total, low = least(r.low, excluded.low), high = greatest(r.high, excluded.high)),
        d AS (
            INSERT INTO telemetry.rollups_1d AS r (device_id, measurement_id, bucket, n, total, low, high)
            SELECT device_id, measurement_id, date_trunc('day', ts + interval '7 hours') - interval '7 hours', count(*), sum(value), min(value), max(value)
            FROM ins GROUP BY 1, 2, 3
            ON CONFLICT (device_id, measurement_id, bucket) DO UPDATE
            SET n = r.n + excluded.n, total = r.total + excluded.total, low = least(r.low, excluded.low), high = greatest(r.high, excluded.high)),
        l AS (
            INSERT INTO telemetry.latest AS x (device_id, measurement_id, ts, value, received_at)
            SELECT DISTINCT ON (device_id, measurement_id) device_id, measurement_id, ts, value, @received FROM ins
            ORDER BY device_id, measurement_id, ts DESC
            ON CONFLICT (device_id, measurement_id) DO UPDATE
            SET ts = CASE WHEN excluded.ts > x.ts THEN excluded.ts ELSE x.ts END,
                value = CASE WHEN excluded.ts > x.ts THEN excluded.value ELSE x.value END,
                received_at = excluded.received_at)
        SELECT count(*) FROM ins
        """;

    private int WriteSqlite(IDbContextTransaction transaction, IReadOnlyList<Reading> readings, DateTimeOffset received)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var tx = (SqliteTransaction)transaction.GetDbTransaction();
        var stored = 0;
        var minutes = new Dictionary<(long, short, long), Fold>();
        var hours = new Dictionary<(long, short, long), Fold>();
        var days = new Dictionary<(long, short, long), Fold>();
        var latest = new Dictionary<(long, short), (long Ts, double Value)>();
        using (var insert = Prepare(connection, tx, "INSERT OR IGNORE INTO telemetry_readings (device_id, measurement_id, ts, value) VALUES ($d, $m, $t, $v)", 4))
        {
            foreach (var r in readings)
            {
                var ts = Buckets.UnixMs(r.At);
                insert.Parameters[0].Value = r.DeviceId;
                insert.Parameters[1].Value = r.MeasurementId;
                insert.Parameters[2].Value = ts;
                insert.Parameters[3].Value = r.Value;
                if (insert.ExecuteNonQuery() != 1)
                {
                    continue;
                }

                stored++;
                Add(minutes, (r.DeviceId, r.MeasurementId, Buckets.Start(Resolution.Minute, ts)), r.Value);
                Add(hours, (r.DeviceId, r.MeasurementId, Buckets.Start(Resolution.Hour, ts)), r.Value);
                Add(days, (r.DeviceId, r.MeasurementId, Buckets.Start(Resolution.Day, ts)), r.Value);
                if (!latest.TryGetValue((r.DeviceId, r.MeasurementId), out var newest) || ts > newest.Ts)
                {
                    latest[(r.DeviceId, r.MeasurementId)] = (ts, r.Value);
                }
            }
        }

        FoldSqlite(connection, tx, "telemetry_rollups_1m", minutes);
        FoldSqlite(connection, tx, "telemetry_rollups_1h", hours);
        FoldSqlite(connection, tx, "telemetry_rollups_1d", days);
        using (var upsert = Prepare(connection, tx, """
            INSERT INTO telemetry_latest (device_id, measurement_id, ts, value, received_at) VALUES ($d, $m, $t, $v, $r)
            ON CONFLICT (device_id, measurement_id) DO UPDATE
            SET ts = CASE WHEN excluded.ts > ts THEN excluded.ts ELSE ts END,
                value = CASE WHEN excluded.ts > ts THEN excluded.value ELSE value END,
                received_at = excluded.received_at
            """, 5))
        {
            var receivedMs = Buckets.UnixMs(received);
            foreach (var ((device, measurement), (ts, value)) in latest)
            {
                upsert.Parameters[0].Value = device;
                upsert.Parameters[1].Value = measurement;
                upsert.Parameters[2].Value = ts;
                upsert.Parameters[3].Value = value;
                upsert.Parameters[4].Value = receivedMs;
                upsert.ExecuteNonQuery();
            }
        }

        return stored;
    }

    private static void FoldSqlite(SqliteConnection connection, SqliteTransaction tx, string table, Dictionary<(long, short, long), Fold> buckets) =>
        FoldSqlite(connection, tx, table, buckets.Select(b => (b.Key.Item1, b.Key.Item2, b.Key.Item3, b.Value)));

    private static void FoldSqlite(SqliteConnection connection, SqliteTransaction tx, string table, IEnumerable<(long Device, short Measurement, long Bucket, Fold Fold)> buckets)
    {
        using var upsert = Prepare(connection, tx, $"""
            INSERT INTO {table} (device_id, measurement_id, bucket, n, total, low, high) VALUES ($d, $m, $b, $n, $s, $lo, $hi)
            ON CONFLICT (device_id, measurement_id, bucket) DO UPDATE
            SET n = n + excluded.n, total = total + excluded.total, low = min(low, excluded.low), high = max(high, excluded.high)
            """, 7);
        foreach (var (device, measurement, bucket, fold) in buckets)
        {
            upsert.Parameters[0].Value = device;
            upsert.Parameters[1].Value = measurement;
            upsert.Parameters[2].Value = bucket;
            upsert.Parameters[3].Value = fold.Count;
            upsert.Parameters[4].Value = fold.Sum;
            upsert.Parameters[5].Value = fold.Min;
            upsert.Parameters[6].Value = fold.Max;
            upsert.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var names = System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z]+").Select(m => m.Value).Distinct().ToList();
        if (names.Count != parameters)
        {
            throw new InvalidOperationException($"Expected {parameters} parameters in: {sql}");
        }

        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Add(Dictionary<(long, short, long), Fold> buckets, (long, short, long) key, double value)
    {
        buckets[key] = buckets.TryGetValue(key, out var fold) ? fold.With(value) : new Fold(1, value, value, value);
    }

    /// <summary>A bucket's running count, sum, min and max.</summary>
    internal readonly record struct Fold(int Count, double Sum, double Min, double Max)
    {
        public Fold With(double value) => new(Count + 1, Sum + value, Math.Min(Min, value), Math.Max(Max, value));
    }

    /// <summary>
    /// Merges buckets summed elsewhere (the demo's compact history) into one rollup, as the ingest does: counts and sums
    /// add, minimum and maximum widen. Commits before it returns.
    /// </summary>
    public async Task MergeRollupsAsync(Resolution resolution, IReadOnlyList<RollupRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (IsPostgres)
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
                await using (var create = new NpgsqlCommand(
                    "CREATE TEMP TABLE IF NOT EXISTS incoming_rollups (device_id bigint, measurement_id smallint, bucket timestamptz, n integer, total double precision, low double precision, high double precision) ON COMMIT DELETE ROWS",
                    connection, tx))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var importer = await connection.BeginBinaryImportAsync("COPY incoming_rollups (device_id, measurement_id, bucket, n, total, low, high) FROM STDIN (FORMAT BINARY)", cancellationToken))
                {
                    foreach (var row in rows)
                    {
                        await importer.StartRowAsync(cancellationToken);
                        await importer.WriteAsync(row.DeviceId, NpgsqlDbType.Bigint, cancellationToken);
                        await importer.WriteAsync(row.MeasurementId, NpgsqlDbType.Smallint, cancellationToken);
                        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.Bucket).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                        await importer.WriteAsync(row.Fold.Count, NpgsqlDbType.Integer, cancellationToken);
                        await importer.WriteAsync(row.Fold.Sum, NpgsqlDbType.Double, cancellationToken);
                        await importer.WriteAsync(row.Fold.Min, NpgsqlDbType.Double, cancellationToken);
                        await importer.WriteAsync(row.Fold.Max, NpgsqlDbType.Double, cancellationToken);
                    }

                    await importer.CompleteAsync(cancellationToken);
                }

                await using var merge = new NpgsqlCommand($"""
                    INSERT INTO {Sql.Rollup(resolution)} AS r (device_id, measurement_id, bucket, n, total, low, high)
                    SELECT device_id, measurement_id, bucket, n, total, low, high FROM incoming_rollups
                    ON CONFLICT (device_id, measurement_id, bucket) DO UPDATE
                    SET n = r.n + excluded.n, total = r.total + excluded.total, low = least(r.low, excluded.low), high = greatest(r.high, excluded.high)
                    """, connection, tx);
                await merge.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                FoldSqlite(
                    (SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(), Sql.Rollup(resolution),
                    rows.Select(r => (r.DeviceId, r.MeasurementId, r.Bucket, r.Fold)));
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // ---- Reads -------------------------------------------------------------------------------------------------

    /// <summary>The latest values of the given devices (every measurement): one read of the latest table's key.</summary>
    public async Task<List<LatestValue>> LatestAsync(IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken)
    {
        var values = new List<LatestValue>(deviceIds.Count * 2);
        if (deviceIds.Count == 0)
        {
            return values;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            if (IsPostgres)
            {
                command.CommandText = "SELECT device_id, measurement_id, ts, value, received_at FROM telemetry.latest WHERE device_id = ANY(@ids)";
                command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = deviceIds.ToArray() });
            }
            else
            {
                // A JSON array of ids is one parameter, however many devices.
                command.CommandText = "SELECT device_id, measurement_id, ts, value, received_at FROM telemetry_latest WHERE device_id IN (SELECT value FROM json_each($ids))";
                command.Parameters.Add(new SqliteParameter("$ids", System.Text.Json.JsonSerializer.Serialize(deviceIds)));
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                values.Add(new LatestValue(reader.GetInt64(0), Convert.ToInt16(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Instant(reader, 2), reader.GetDouble(3), Instant(reader, 4)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return values;
    }

    /// <summary>Raw readings of one series in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    public Task<List<SeriesPoint>> RawAsync(long deviceId, short measurementId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT ts, value, value, value, 1 FROM {Sql.Readings} WHERE device_id = @d AND measurement_id = @m AND ts >= @from AND ts < @to ORDER BY ts LIMIT @limit",
            deviceId, measurementId, from, to, limit, cancellationToken);

    /// <summary>Buckets of one rollup in [from, to), oldest first.</summary>
    public Task<List<SeriesPoint>> RollupAsync(Resolution resolution, long deviceId, short measurementId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT bucket, total / n, low, high, n FROM {Sql.Rollup(resolution)} WHERE device_id = @d AND measurement_id = @m AND bucket >= @from AND bucket < @to ORDER BY bucket LIMIT @limit",
            deviceId, measurementId, from, to, limit, cancellationToken);

    /// <summary>The newest <paramref name="count"/> raw readings of one series in [from, to), newest first.</summary>
    public Task<List<SeriesPoint>> RawNewestAsync(long deviceId, short measurementId, DateTimeOffset from, DateTimeOffset to, int count, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT ts, value, value, value, 1 FROM {Sql.Readings} WHERE device_id = @d AND measurement_id = @m AND ts >= @from AND ts < @to ORDER BY ts DESC LIMIT @limit",
            deviceId, measurementId, from, to, count, cancellationToken);

    /// <summary>Buckets of one rollup in [from, to), oldest first, as folded: count, sum, min, max (the sum exact, not avg × n).</summary>
    public async Task<List<(DateTimeOffset Bucket, int Count, double Sum, double Min, double Max)>> FoldsAsync(
        Resolution resolution, long deviceId, short measurementId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        // The sum rides in the "average" column and the count in the last: one reader for both shapes.
        var rows = await QueryAsync(
            $"SELECT bucket, total, low, high, n FROM {Sql.Rollup(resolution)} WHERE device_id = @d AND measurement_id = @m AND bucket >= @from AND bucket < @to ORDER BY bucket LIMIT @limit",
            deviceId, measurementId, from, to, limit, cancellationToken);
        return rows.Select(r => (r.At, r.Count, r.Average, r.Min, r.Max)).ToList();
    }

    private async Task<List<SeriesPoint>> QueryAsync(string sql, long deviceId, short measurementId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var points = new List<SeriesPoint>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = IsPostgres ? sql : sql.Replace('@', '$');
            AddParameter(command, "d", deviceId);
            AddParameter(command, "m", measurementId);
            AddInstant(command, "from", from);
            AddInstant(command, "to", to);
            AddParameter(command, "limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                points.Add(new SeriesPoint(Instant(reader, 0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return points;
    }

    private void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = IsPostgres ? name : "$" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private void AddInstant(DbCommand command, string name, DateTimeOffset at)
    {
        if (IsPostgres)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>(name, NpgsqlDbType.TimestampTz) { TypedValue = at.UtcDateTime });
        }
        else
        {
            AddParameter(command, name, Buckets.UnixMs(at));
        }
    }

    private DateTimeOffset Instant(DbDataReader reader, int ordinal) =>
        IsPostgres
            ? new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero)
            : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
