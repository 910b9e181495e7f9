using System.Globalization;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Spatial;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Mekong.IntegrationTests.Bulk;

/// <summary>
/// The platform's bulk path (binary COPY on PostgreSQL, one prepared INSERT on SQLite) against real databases: values of
/// every type stored exactly as EF stores them, geometry that round-trips, all or nothing with the caller's transaction,
/// errors that name the row and the column, and a streamed source that is never held in memory.
/// </summary>
public sealed class BulkInsertTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Every_column_type_is_stored_exactly_as_EF_stores_it(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        var full = Sample(1);
        var empty = Sample(2);
        (empty.Note, empty.MaybeCount, empty.EndDay, empty.MaybeKind, empty.Payload) = (null, null, null, null, null);
        var byEf = new[] { Copy(full, "ef-full"), Copy(empty, "ef-empty") };
        var byBulk = new[] { Copy(full, "bulk-full"), Copy(empty, "bulk-empty") };

        await using (var db = database.Open())
        {
            db.Samples.AddRange(byEf);
            await db.SaveChangesAsync(Cancellation);
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            Assert.Equal(2, await db.BulkInsertAsync(byBulk, Cancellation));
            await transaction.CommitAsync(Cancellation);
        }

        var stored = await database.RawRowsAsync();
        Assert.Equal(4, stored.Count);
        Assert.Equal(stored["ef-full"], stored["bulk-full"]);
        Assert.Equal(stored["ef-empty"], stored["bulk-empty"]);

        await using var read = database.Open();
        var back = await read.Samples.AsNoTracking().SingleAsync(s => s.Code == "bulk-full", Cancellation);
        Assert.Equal(
            (full.Note, full.Count, full.Big, full.Small, full.MaybeCount, full.Ratio, full.Amount, full.Flag, full.Day, full.EndDay, full.AtUtc, full.At, full.Kind, full.KindNumber, full.MaybeKind),
            (back.Note, back.Count, back.Big, back.Small, back.MaybeCount, back.Ratio, back.Amount, back.Flag, back.Day, back.EndDay, back.AtUtc, back.At, back.Kind, back.KindNumber, back.MaybeKind));
        Assert.Equal(full.Payload, back.Payload);
        Assert.Equal(byBulk[0].Id, back.Id);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Geometries_round_trip_with_their_holes_parts_and_srid(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        var reader = new NetTopologySuite.IO.WKTReader(NetTopologySuite.NtsGeometryServices.Instance);
        string[] shapes =
        [
            "POINT (105.9723 9.6031)",
            "LINESTRING (105.9 9.5, 105.95 9.55, 106 9.52)",
            "POLYGON ((105.9 9.5, 106 9.5, 106 9.6, 105.9 9.6, 105.9 9.5), (105.93 9.53, 105.96 9.53, 105.96 9.56, 105.93 9.53))",
            "MULTIPOLYGON (((105 9, 105.1 9, 105.1 9.1, 105 9, 105 9)), ((106 10, 106.2 10, 106.2 10.2, 106 10)))",
        ];
        var rows = shapes.Select((wkt, i) =>
        {
            var sample = Sample(i);
            sample.Shape = reader.Read(wkt);
            sample.Shape.SRID = Geo.Wgs84;
            return sample;
        }).ToList();

        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            await db.BulkInsertAsync(rows, Cancellation);
            await transaction.CommitAsync(Cancellation);
        }

        await using var read = database.Open();
        var back = await read.Samples.AsNoTracking().ToDictionaryAsync(s => s.Id, Cancellation);
        foreach (var row in rows)
        {
            Assert.True(row.Shape.EqualsExact(back[row.Id].Shape), $"{row.Shape} came back as {back[row.Id].Shape}");
            Assert.Equal(Geo.Wgs84, back[row.Id].Shape.SRID);
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_rows_commit_and_roll_back_with_the_callers_other_changes(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            db.Samples.Add(Sample(0, "tracked"));
            await db.SaveChangesAsync(Cancellation);
            await db.BulkInsertAsync(Enumerable.Range(1, 500).Select(i => Sample(i)), Cancellation);
            Assert.Equal(501, await db.Samples.CountAsync(Cancellation));
            await transaction.RollbackAsync(Cancellation);
        }

        Assert.Equal(0, await database.CountAsync());

        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            db.Samples.Add(Sample(0, "tracked"));
            await db.SaveChangesAsync(Cancellation);
            await db.BulkInsertAsync(Enumerable.Range(1, 500).Select(i => Sample(i)), Cancellation);
            await transaction.CommitAsync(Cancellation);
        }

        Assert.Equal(501, await database.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_null_in_a_not_null_column_mid_stream_names_the_row_and_column_and_leaves_nothing(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            db.Samples.Add(Sample(0, "tracked"));
            await db.SaveChangesAsync(Cancellation);
            var rows = Enumerable.Range(1, 2_000).Select(i => i == 700 ? Sample(i, code: null!) : Sample(i));

            var error = await Assert.ThrowsAsync<BulkInsertException>(() => db.BulkInsertAsync(rows, Cancellation));

            Assert.Equal((700L, "Code"), (error.Row, error.Column));
            Assert.Contains("row 700, column Code", error.Message, StringComparison.Ordinal);
            Assert.Contains("NOT NULL", error.Message, StringComparison.Ordinal);

            // The rows before the bad one are gone already, while the caller's own change is still in its transaction.
            Assert.Equal(["tracked"], await db.Samples.Select(s => s.Code).ToListAsync(Cancellation));
            await transaction.RollbackAsync(Cancellation);
        }

        Assert.Equal(0, await database.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_value_too_long_for_its_column_is_refused_with_the_column_its_limit_and_the_row(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        await using var db = database.Open();
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        var rows = Enumerable.Range(1, 50).Select(i => i == 42 ? Sample(i, code: new string('x', 17)) : Sample(i));

        var error = await Assert.ThrowsAsync<BulkInsertException>(() => db.BulkInsertAsync(rows, Cancellation));

        Assert.Equal((42L, "Code"), (error.Row, error.Column));
        Assert.Contains("17 characters long and the column holds at most 16", error.Message, StringComparison.Ordinal);
        Assert.Contains(kind == DatabaseKind.Sqlite ? "bulk_samples" : "bulk.samples", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Samples.CountAsync(Cancellation));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_row_the_database_refuses_is_named_and_the_caller_can_still_commit_its_other_changes(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            db.Samples.Add(Sample(0, "tracked"));
            await db.SaveChangesAsync(Cancellation);

            // The unique index on Code: only the database knows the 300th row repeats the 10th.
            var rows = Enumerable.Range(1, 400).Select(i => i == 300 ? Sample(i, code: "code-10") : Sample(i));
            var error = await Assert.ThrowsAsync<BulkInsertException>(() => db.BulkInsertAsync(rows, Cancellation));

            Assert.Equal(300L, error.Row);
            Assert.Contains("row 300", error.Message, StringComparison.Ordinal);
            await transaction.CommitAsync(Cancellation);
        }

        Assert.Equal(1, await database.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task An_unset_client_generated_key_and_a_missing_transaction_are_refused(DatabaseKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(kind);
        await using var db = database.Open();

        var outside = await Assert.ThrowsAsync<InvalidOperationException>(() => db.BulkInsertAsync([Sample(1)], Cancellation));
        Assert.Contains("BeginTransactionAsync", outside.Message, StringComparison.Ordinal);

        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        var unset = Sample(2);
        unset.Id = Guid.Empty;
        var error = await Assert.ThrowsAsync<BulkInsertException>(() => db.BulkInsertAsync([Sample(1), unset], Cancellation));
        Assert.Equal((2L, "Id"), (error.Row, error.Column));
        Assert.Contains("Guid.CreateVersion7", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a kill -9 of the writing process looks like to PostgreSQL: its connection ends in the middle of the COPY
    /// (here the server ends it, from another session). The transaction never committed, so nothing of it remains.
    /// SQLite's side of a kill -9 is <c>ImportCrashTests</c>, through the importer's bulk insert.
    /// </summary>
    [Fact]
    public async Task A_connection_lost_in_the_middle_of_a_copy_leaves_nothing()
    {
        await using var database = await SampleDatabase.CreateAsync(DatabaseKind.PostgreSql);
        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            db.Samples.Add(Sample(0, "tracked"));
            await db.SaveChangesAsync(Cancellation);
            var backend = ((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID;

            async IAsyncEnumerable<BulkSample> RowsUntilTheConnectionDies()
            {
                for (var i = 1; i <= 100_000; i++)
                {
                    if (i == 20_000)
                    {
                        await database.TerminateAsync(backend);
                    }

                    yield return Sample(i);
                }
            }

            var error = await Assert.ThrowsAnyAsync<Exception>(() => db.BulkInsertAsync(RowsUntilTheConnectionDies(), Cancellation));
            Assert.True(error is NpgsqlException || error.InnerException is NpgsqlException, $"not the lost connection: {error}");
        }

        Assert.Equal(0, await database.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_large_streamed_source_is_written_row_by_row_without_being_held_in_memory(DatabaseKind kind)
    {
        const int Rows = 30_000;
        await using var database = await SampleDatabase.CreateAsync(kind);
        var source = new TrackedSource(Rows);

        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            Assert.Equal(Rows, await db.BulkInsertAsync(source.Generate(), Cancellation));
            await transaction.CommitAsync(Cancellation);
        }

        Assert.Equal(Rows, await database.CountAsync());
        Assert.Equal(Rows / TrackedSource.Every, source.Checks);

        // Had the rows been gathered first, every sampled row yielded before a check would still be reachable there.
        Assert.True(source.MostAlive <= 2, $"{source.MostAlive} of the sampled rows yielded earlier were still in memory at a check");
    }

    /// <summary>
    /// Yields generated rows; keeps a weak reference to every <see cref="Every"/>th, and at each of those forces a
    /// collection and counts how many of the earlier sampled rows are still alive (a writer that streams holds none).
    /// </summary>
    private sealed class TrackedSource(int count)
    {
        // Six checks: enough to tell streaming from gathering (at the last, five earlier rows would still be held),
        // few enough that the full collections do not stall the other tests sharing this process.
        public const int Every = 5_000;

        private readonly List<WeakReference<BulkSample>> _sampled = [];

        public int MostAlive { get; private set; }

        public int Checks { get; private set; }

        public IEnumerable<BulkSample> Generate()
        {
            for (var i = 1; i <= count; i++)
            {
                var row = Sample(i);
                if (i % Every == 0)
                {
                    GC.Collect();
                    MostAlive = Math.Max(MostAlive, _sampled.Count(w => w.TryGetTarget(out _)));
                    Checks++;
                    _sampled.Add(new WeakReference<BulkSample>(row));
                }

                yield return row;
            }
        }
    }

    private static BulkSample Sample(int i, string? code = "") => new()
    {
        Id = Guid.CreateVersion7(),
        Code = code == string.Empty ? $"code-{i}" : code!,
        Note = $"Đường ngập {i} — nước lên 0,5 m",
        Count = i,
        Big = 9_000_000_000L + i,
        Small = (short)(i % 30_000),
        MaybeCount = i * 2,
        Ratio = i / 7.0,
        Amount = 1234.5678m + i,
        Flag = i % 2 == 0,
        Day = new DateOnly(2025, 7, 1).AddDays(i % 300),
        EndDay = new DateOnly(2026, 1, 1),
        AtUtc = new DateTime(2026, 12, 1, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560).AddSeconds(i),
        At = new DateTimeOffset(2026, 12, 1, 3, 4, 5, TimeSpan.Zero).AddTicks(7_654_320).AddSeconds(i),
        Kind = (SampleKind)(i % 3),
        KindNumber = (SampleKind)((i + 1) % 3),
        MaybeKind = SampleKind.Landslide,
        Payload = [0, 1, 2, 255, (byte)(i % 256)],
        Shape = Geo.Point(105.9 + (i % 1000 / 10_000.0), 9.5),
    };

    private static BulkSample Copy(BulkSample s, string code) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = code,
        Note = s.Note,
        Count = s.Count,
        Big = s.Big,
        Small = s.Small,
        MaybeCount = s.MaybeCount,
        Ratio = s.Ratio,
        Amount = s.Amount,
        Flag = s.Flag,
        Day = s.Day,
        EndDay = s.EndDay,
        AtUtc = s.AtUtc,
        At = s.At,
        Kind = s.Kind,
        KindNumber = s.KindNumber,
        MaybeKind = s.MaybeKind,
        Payload = s.Payload,
        Shape = s.Shape.Copy(),
    };

    /// <summary>A fresh database with the samples table (created by EF from the model), on either provider.</summary>
    private sealed class SampleDatabase : IAsyncDisposable
    {
        private readonly TestStorage _storage;
        private readonly NpgsqlDataSource? _dataSource;

        private SampleDatabase(TestStorage storage, NpgsqlDataSource? dataSource) => (_storage, _dataSource) = (storage, dataSource);

        public static async Task<SampleDatabase> CreateAsync(DatabaseKind kind)
        {
            if (kind == DatabaseKind.PostgreSql)
            {
                await PostgresServer.RequireAsync();
            }

            var storage = await TestStorage.CreateAsync(kind);
            NpgsqlDataSource? dataSource = null;
            if (kind == DatabaseKind.PostgreSql)
            {
                var builder = new NpgsqlDataSourceBuilder(storage.ConnectionString);
                builder.UseNetTopologySuite();
                dataSource = builder.Build();
            }

            var database = new SampleDatabase(storage, dataSource);
            await using var db = database.Open();
            await db.Database.EnsureCreatedAsync();
            if (dataSource is not null)
            {
                // The postgis extension was created by this connection's EnsureCreated: load its types for the next ones.
                await using var connection = await dataSource.OpenConnectionAsync();
                await connection.ReloadTypesAsync();
            }

            return database;
        }

        public BulkSamplesDbContext Open() => BulkSamplesDbContext.Open(_storage, _dataSource);

        public async Task<int> CountAsync()
        {
            await using var db = Open();
            return await db.Samples.CountAsync(Cancellation);
        }

        /// <summary>Ends a server process from another session, as the server does when its client dies.</summary>
        public async Task TerminateAsync(int backend)
        {
            await using var connection = await _dataSource!.OpenConnectionAsync(Cancellation);
            await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
            command.Parameters.AddWithValue("pid", backend);
            Assert.True((bool)(await command.ExecuteScalarAsync(Cancellation))!);
        }

        /// <summary>Every column of every row as the database holds it (its type and value), by code, Id left out.</summary>
        public async Task<Dictionary<string, string[]>> RawRowsAsync()
        {
            await using var db = Open();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(Cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = _storage.Kind == DatabaseKind.Sqlite ? "SELECT * FROM bulk_samples" : "SELECT * FROM bulk.samples";
            await using var reader = await command.ExecuteReaderAsync(Cancellation);
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            while (await reader.ReadAsync(Cancellation))
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Where(i => reader.GetName(i) is not ("Id" or "Code"))
                    .Select(i => $"{reader.GetName(i)}={reader.GetDataTypeName(i)}:{Show(reader.GetValue(i))}")
                    .ToArray();
                rows[reader.GetString(reader.GetOrdinal("Code"))] = values;
            }

            return rows;
        }

        private static string Show(object value) => value switch
        {
            DBNull => "NULL",
            byte[] bytes => Convert.ToHexString(bytes),
            Geometry geometry => $"{geometry.AsText()};SRID={geometry.SRID}",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        public async ValueTask DisposeAsync()
        {
            if (_dataSource is not null)
            {
                await _dataSource.DisposeAsync();
            }

            await _storage.DisposeAsync();
        }
    }
}
