namespace Mekong.Modules.Telemetry.Storage;

/// <summary>
/// The time-series tables, made by the SQL of the first migration of each provider (as written there) and
/// named here once for <see cref="ReadingStore"/>. PostgreSQL: <c>telemetry.readings</c> is range-partitioned by day
/// (UTC) with a BRIN index on time, a default partition for what no day partition holds, and the function
/// <c>telemetry.ensure_reading_partitions</c> that the migration and <see cref="Features.Partitions.ReadingPartitionJob"/>
/// call to make the days ahead. SQLite: WITHOUT ROWID tables clustered on their key, time as Unix milliseconds.
/// </summary>
internal sealed record TimeSeriesSql(string Readings, string Latest, string Devices, string Minute, string Hour, string Day)
{
    public static readonly TimeSeriesSql Postgres = new(
        "telemetry.readings", "telemetry.latest", "telemetry.devices", "telemetry.rollups_1m", "telemetry.rollups_1h", "telemetry.rollups_1d");

    public static readonly TimeSeriesSql Sqlite = new(
        "telemetry_readings", "telemetry_latest", "telemetry_devices", "telemetry_rollups_1m", "telemetry_rollups_1h", "telemetry_rollups_1d");

    public string Rollup(Domain.Resolution resolution) => resolution switch
    {
        Domain.Resolution.Minute => Minute,
        Domain.Resolution.Hour => Hour,
        Domain.Resolution.Day => Day,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Raw readings are not a rollup."),
    };
}
