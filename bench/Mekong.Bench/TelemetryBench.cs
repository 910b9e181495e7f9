using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Mekong.Bench;

/// <summary>
/// Telemetry ingest (issue 15's targets, bench/README.md), one provider per run: the real server with 500 water-level
/// gauges; <c>--clients</c> concurrent clients POST <c>/api/v1/telemetry</c> batches of <c>--batch</c> readings (each
/// answer after its commit, rollups and latest values included) until <c>--readings</c> are stored: readings/s. In the
/// same run, the reference: the same number of rows written raw into the same table, <c>telemetry.readings</c> by
/// Npgsql binary COPY on as many connections (PostgreSQL), <c>telemetry_readings</c> by one prepared INSERT per row in
/// transactions of one batch (SQLite): rows/s. The bodies are made before the clock starts.
/// </summary>
internal static partial class TelemetryBench
{
    private const int Devices = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var server = Arg("--server");
        if (server is null || !File.Exists(server))
        {
            Console.Error.WriteLine("telemetry: --server must name the built Mekong.Server.dll");
            return 2;
        }

        server = Path.GetFullPath(server);
        var provider = (Arg("--provider") ?? "sqlite").ToLowerInvariant();
        var total = int.Parse(Arg("--readings") ?? "1000000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Arg("--batch") ?? "10000", CultureInfo.InvariantCulture);
        var clients = int.Parse(Arg("--clients") ?? (provider == "postgresql" ? "4" : "2"), CultureInfo.InvariantCulture);
        var pg = Arg("--pg") ?? Environment.GetEnvironmentVariable("MEKONG_BENCH_PG") ?? Environment.GetEnvironmentVariable("MEKONG_TEST_PG");
        if (provider == "postgresql" && pg is null)
        {
            Console.Error.WriteLine("telemetry --provider postgresql needs --pg, MEKONG_BENCH_PG or MEKONG_TEST_PG");
            return 2;
        }

        var data = Directory.CreateTempSubdirectory("mekong-bench-telemetry").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Mekong__DataDirectory"] = data,
            ["Mekong__Demo"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        string? database = null;
        string? connectionString = null;
        if (provider == "postgresql")
        {
            database = "mekong_bench_" + Guid.NewGuid().ToString("N")[..10];
            await using (var admin = new NpgsqlConnection(pg))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0", admin);
                await create.ExecuteNonQueryAsync();
            }

            connectionString = new NpgsqlConnectionStringBuilder(pg) { Database = database }.ConnectionString;
            environment["Mekong__Database__Provider"] = "PostgreSQL";
            environment["ConnectionStrings__Mekong"] = connectionString;
        }

        try
        {
            Console.WriteLine($"telemetry bench, {provider}, {total:N0} readings in batches of {batch:N0}, {clients} clients, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load {File.ReadAllText("/proc/loadavg").Trim()}");
            await Open311Bench.CliAsync(server, environment, "migrate");
            await Open311Bench.CliAsync(server, environment, "jurisdictions", "create", "--code", "99", "--name-vi", "Tỉnh Thử");
            var key = KeyLine().Match(await Open311Bench.CliAsync(server, environment, "apikeys", "create", "--name", "bench", "--role", "Administrator", "--jurisdiction", "99")).Value;
            var port = Open311Bench.FreePort();
            using var mekong = Open311Bench.Start(server, environment, port);
            try
            {
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
                {
                    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                    Timeout = TimeSpan.FromMinutes(5),
                };
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
                await Open311Bench.WaitReadyAsync(http, $"http://127.0.0.1:{port}/health/ready", mekong);
                var ids = new long[Devices];
                for (var i = 0; i < Devices; i++)
                {
                    using var created = await http.PostAsJsonAsync("/api/v1/devices", new { code = $"B-{i:000}", name = "Bench", type = "water-level", latitude = 9.6, longitude = 105.95, ownerAgency = "Bench", jurisdiction = "99" });
                    created.EnsureSuccessStatusCode();
                    ids[i] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("device").GetProperty("id").GetInt64();
                }

                // Every reading a new key: batch k holds the devices' readings of seconds [k·s, (k+1)·s) from an hour ago.
                var perDevice = batch / Devices;
                var batches = total / batch;
                var start = DateTimeOffset.UtcNow.AddHours(-20);
                var bodies = Enumerable.Range(0, batches).Select(k => Body(ids, start, k * perDevice, perDevice)).ToArray();
                Console.WriteLine($"{batches} bodies of {bodies[0].Length / 1024.0 / 1024:F1} MiB made");

                // Warm-up: one batch of other seconds.
                (await http.PostAsync("/api/v1/telemetry", Content(Body(ids, start.AddHours(-2), 0, perDevice)))).EnsureSuccessStatusCode();
                var next = -1;
                long stored = 0;
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
                {
                    int k;
                    while ((k = Interlocked.Increment(ref next)) < batches)
                    {
                        using var response = await http.PostAsync("/api/v1/telemetry", Content(bodies[k]));
                        response.EnsureSuccessStatusCode();
                        Interlocked.Add(ref stored, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());
                    }
                }));
                var ingest = stored / watch.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP batch ingest: {stored:N0} readings stored in {watch.Elapsed.TotalSeconds:F2} s = {ingest:N0} readings/s (durable, rollups and latest included)"));

                var raw = provider == "postgresql"
                    ? await RawCopyAsync(connectionString!, ids, start.AddHours(10), batches, perDevice, clients)
                    : RawSqliteInserts(Path.Combine(data, "mekong.db"), ids, start.AddHours(10), batches, perDevice);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"raw {(provider == "postgresql" ? $"binary COPY ({clients} connections)" : "prepared INSERT, one transaction per batch")} into the same table: {raw:N0} rows/s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: HTTP ingest = {ingest / raw:P0} of raw"));
            }
            finally
            {
                Open311Bench.Stop(mekong);
            }

            return 0;
        }
        finally
        {
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(pg);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static byte[] Body(long[] ids, DateTimeOffset start, int firstSecond, int seconds)
    {
        var json = new StringBuilder("{\"readings\":[");
        var random = new Random(firstSecond);
        var first = true;
        foreach (var id in ids)
        {
            for (var s = 0; s < seconds; s++)
            {
                json.Append(first ? string.Empty : ",");
                first = false;
                json.Append(CultureInfo.InvariantCulture, $"{{\"device\":{id},\"measurement\":\"water_level\",\"ts\":{start.AddSeconds(firstSecond + s).ToUnixTimeMilliseconds()},\"value\":{Math.Round(random.NextDouble() * 3, 3)}}}");
            }
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static async Task<double> RawCopyAsync(string connectionString, long[] ids, DateTimeOffset start, int batches, int perDevice, int clients)
    {
        var next = -1;
        long rows = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            int k;
            while ((k = Interlocked.Increment(ref next)) < batches)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var importer = await connection.BeginBinaryImportAsync("COPY telemetry.readings (device_id, measurement_id, ts, value) FROM STDIN (FORMAT BINARY)"))
                {
                    var random = new Random(k);
                    foreach (var id in ids)
                    {
                        for (var s = 0; s < perDevice; s++)
                        {
                            await importer.StartRowAsync();
                            await importer.WriteAsync(id, NpgsqlDbType.Bigint);
                            await importer.WriteAsync((short)1, NpgsqlDbType.Smallint);
                            await importer.WriteAsync(start.AddSeconds((k * perDevice) + s).UtcDateTime, NpgsqlDbType.TimestampTz);
                            await importer.WriteAsync(Math.Round(random.NextDouble() * 3, 3), NpgsqlDbType.Double);
                        }
                    }

                    Interlocked.Add(ref rows, (long)await importer.CompleteAsync());
                }

                await transaction.CommitAsync();
            }
        }));
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static double RawSqliteInserts(string file, long[] ids, DateTimeOffset start, int batches, int perDevice)
    {
        using var connection = new SqliteConnection($"Data Source={file};Default Timeout=30;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO telemetry_readings (device_id, measurement_id, ts, value) VALUES ($d, 1, $t, $v)";
        var d = command.Parameters.Add("$d", SqliteType.Integer);
        var t = command.Parameters.Add("$t", SqliteType.Integer);
        var v = command.Parameters.Add("$v", SqliteType.Real);
        long rows = 0;
        var watch = Stopwatch.StartNew();
        for (var k = 0; k < batches; k++)
        {
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            command.Prepare();
            var random = new Random(k);
            foreach (var id in ids)
            {
                for (var s = 0; s < perDevice; s++)
                {
                    d.Value = id;
                    t.Value = start.AddSeconds((k * perDevice) + s).ToUnixTimeMilliseconds();
                    v.Value = Math.Round(random.NextDouble() * 3, 3);
                    rows += command.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        return rows / watch.Elapsed.TotalSeconds;
    }

    [GeneratedRegex("mk_[A-Za-z0-9]+_[A-Za-z0-9]+")]
    private static partial Regex KeyLine();
}
