using System.Diagnostics;
using System.Globalization;
using Mekong.Platform.Spatial;
using Mekong.Platform.Storage;
using Mekong.Platform.Storage.Bulk;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Mekong.Bench;

/// <summary>
/// Rows/s of the platform's bulk insert (<see cref="BulkInsert"/>) beside the raw provider API it wraps and beside EF's
/// change tracking, in one run, into the same table (a telemetry-like reading: Guid key, text, timestamp, double,
/// nullable int, enum as text, a PostGIS/WKB point). On PostgreSQL: binary COPY written by hand with Npgsql; on SQLite:
/// one prepared INSERT with Microsoft.Data.Sqlite in one transaction. Each case runs three times on an emptied table,
/// in rotating order, and the fastest run counts.
/// </summary>
internal static class BulkBench
{
    private const int Rounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = int.Parse(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "100000", CultureInfo.InvariantCulture);
        var pg = args.SkipWhile(a => a != "--pg").Skip(1).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("MEKONG_BENCH_PG") ?? Environment.GetEnvironmentVariable("MEKONG_TEST_PG");
        Console.WriteLine($"Bulk insert of {rows:N0} readings per case, best of {Rounds}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        var directory = Directory.CreateTempSubdirectory("mekong-bench-bulk").FullName;
        try
        {
            await RunSqliteAsync(Path.Combine(directory, "bench.db"), rows);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        if (string.IsNullOrEmpty(pg))
        {
            Console.WriteLine("PostgreSQL: skipped (give --pg <connection string> or MEKONG_BENCH_PG)");
            return 0;
        }

        await RunPostgresAsync(pg, rows);
        return 0;
    }

    private static async Task RunSqliteAsync(string path, int rows)
    {
        var connectionString = $"Data Source={path};Pooling=True";
        BenchDbContext Open() => new BenchSqliteDbContext(new DbContextOptionsBuilder<BenchSqliteDbContext>().UseModuleSqlite(connectionString, BenchDbContext.Schema).Options);
        await using (var db = Open())
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
        }

        async Task RawAsync(int count)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """INSERT INTO "bench_readings" ("Id", "SensorCode", "At", "Value", "Quality", "Kind", "Location") VALUES (@id, @sensor, @at, @value, @quality, @kind, @location)""";
            var id = command.Parameters.Add("@id", SqliteType.Text);
            var sensor = command.Parameters.Add("@sensor", SqliteType.Text);
            var at = command.Parameters.Add("@at", SqliteType.Text);
            var value = command.Parameters.Add("@value", SqliteType.Real);
            var quality = command.Parameters.Add("@quality", SqliteType.Integer);
            var kind = command.Parameters.Add("@kind", SqliteType.Text);
            var location = command.Parameters.Add("@location", SqliteType.Blob);
            command.Prepare();
            var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false);
            foreach (var reading in Reading.Generate(count))
            {
                id.Value = reading.Id;
                sensor.Value = reading.SensorCode;
                at.Value = reading.At;
                value.Value = reading.Value;
                quality.Value = reading.Quality is { } q ? q : DBNull.Value;
                kind.Value = reading.Kind.ToString();
                location.Value = wkb.Write(reading.Location);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        await CompareAsync("SQLite", "raw prepared INSERT (Microsoft.Data.Sqlite), one transaction", rows, Open, RawAsync, "DELETE FROM \"bench_readings\"");
    }

    private static async Task RunPostgresAsync(string server, int rows)
    {
        var name = "mekong_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        builder.UseNetTopologySuite();
        var dataSource = builder.Build();
        try
        {
            BenchDbContext Open() => new BenchPostgresDbContext(new DbContextOptionsBuilder<BenchPostgresDbContext>().UseModulePostgres(dataSource, BenchDbContext.Schema, spatial: true).Options);
            await using (var db = Open())
            {
                await db.Database.EnsureCreatedAsync();
            }

            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ReloadTypesAsync();
            }

            async Task RawAsync(int count)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var importer = await connection.BeginBinaryImportAsync(
                    """COPY bench.readings ("Id", "SensorCode", "At", "Value", "Quality", "Kind", "Location") FROM STDIN (FORMAT BINARY)"""))
                {
                    foreach (var reading in Reading.Generate(count))
                    {
                        await importer.StartRowAsync();
                        await importer.WriteAsync(reading.Id, NpgsqlDbType.Uuid);
                        await importer.WriteAsync(reading.SensorCode, NpgsqlDbType.Varchar);
                        await importer.WriteAsync(reading.At, NpgsqlDbType.TimestampTz);
                        await importer.WriteAsync(reading.Value, NpgsqlDbType.Double);
                        if (reading.Quality is { } quality)
                        {
                            await importer.WriteAsync(quality, NpgsqlDbType.Integer);
                        }
                        else
                        {
                            await importer.WriteNullAsync();
                        }

                        await importer.WriteAsync(reading.Kind.ToString(), NpgsqlDbType.Varchar);
                        await importer.WriteAsync(reading.Location, NpgsqlDbType.Geometry);
                    }

                    await importer.CompleteAsync();
                }

                await transaction.CommitAsync();
            }

            await CompareAsync("PostgreSQL", "raw binary COPY (Npgsql), one transaction", rows, Open, RawAsync, "TRUNCATE bench.readings");
        }
        finally
        {
            await dataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task CompareAsync(string provider, string rawName, int rows, Func<BenchDbContext> open, Func<int, Task> raw, string empty)
    {
        async Task PlatformAsync(int count)
        {
            await using var db = open();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync(Reading.Generate(count));
            await transaction.CommitAsync();
        }

        async Task EfAsync(int count)
        {
            await using var db = open();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Readings.AddRange(Reading.Generate(count));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        (string Name, Func<int, Task> Run)[] cases = [("reference: " + rawName, raw), ("Mekong.Platform BulkInsertAsync", PlatformAsync), ("EF AddRange + SaveChanges (the old way)", EfAsync)];
        var best = new double[cases.Length];
        async Task<double> TimeAsync(Func<int, Task> run, int count)
        {
            await using (var db = open())
            {
                await db.Database.ExecuteSqlRawAsync(empty);
            }

            var watch = Stopwatch.StartNew();
            await run(count);
            var rate = count / watch.Elapsed.TotalSeconds;
            await using (var db = open())
            {
                var stored = await db.Readings.CountAsync();
                if (stored != count)
                {
                    throw new InvalidOperationException($"{provider}: {stored} rows stored, {count} written");
                }
            }

            return rate;
        }

        foreach (var (_, run) in cases)
        {
            await TimeAsync(run, Math.Min(rows, 2_000));
        }

        // Each round starts with another case, so that none always runs first (or right after EF's big collection).
        for (var round = 0; round < Rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var i = (round + k) % cases.Length;
                best[i] = Math.Max(best[i], await TimeAsync(cases[i].Run, rows));
            }
        }

        Console.WriteLine(provider);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[0].Name,-62} {best[0],10:N0} rows/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[1].Name,-62} {best[1],10:N0} rows/s  ({best[1] / best[0]:F2}x reference, {best[1] / best[2]:F1}x EF)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[2].Name,-62} {best[2],10:N0} rows/s  ({best[2] / best[0]:F2}x reference)"));
    }

    internal enum ReadingKind
    {
        WaterLevel,
        Rainfall,
        Salinity,
    }

    /// <summary>A sensor reading, the shape telemetry will bulk-insert.</summary>
    internal sealed class Reading
    {
        public Guid Id { get; set; }

        public string SensorCode { get; set; } = string.Empty;

        public DateTimeOffset At { get; set; }

        public double Value { get; set; }

        public int? Quality { get; set; }

        public ReadingKind Kind { get; set; }

        public Geometry Location { get; set; } = Geo.Point(0, 0);

        private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public static IEnumerable<Reading> Generate(int count)
        {
            for (var i = 0; i < count; i++)
            {
                yield return new Reading
                {
                    Id = Guid.CreateVersion7(),
                    SensorCode = string.Create(CultureInfo.InvariantCulture, $"ST-{i % 500:D4}"),
                    At = Start.AddSeconds(i),
                    Value = 1.25 + (i % 1000 / 100.0),
                    Quality = i % 10 == 0 ? null : i % 100,
                    Kind = (ReadingKind)(i % 3),
                    Location = Geo.Point(105.9 + (i % 500 / 1000.0), 9.5 + (i % 250 / 1000.0)),
                };
            }
        }
    }

    internal abstract class BenchDbContext(DbContextOptions options) : DbContext(options)
    {
        public const string Schema = "bench";

        public DbSet<Reading> Readings => Set<Reading>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var sqlite = Database.IsSqlite();
            modelBuilder.Entity<Reading>(r =>
            {
                r.ToTable("readings");
                r.HasKey(x => x.Id);
                r.Property(x => x.SensorCode).HasMaxLength(32);
                r.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
                if (sqlite)
                {
                    r.Property(x => x.Location).HasConversion(new GeometryWkbConverter(), GeometryWkbConverter.Comparer);
                }
                else
                {
                    r.Property(x => x.Location).HasColumnType("geometry(Point, 4326)");
                }
            });
            if (!sqlite)
            {
                modelBuilder.HasPostgresExtension("postgis");
            }

            modelBuilder.UseModuleSchema(Schema, sqlite);
        }
    }

    internal sealed class BenchSqliteDbContext(DbContextOptions<BenchSqliteDbContext> options) : BenchDbContext(options);

    internal sealed class BenchPostgresDbContext(DbContextOptions<BenchPostgresDbContext> options) : BenchDbContext(options);
}
