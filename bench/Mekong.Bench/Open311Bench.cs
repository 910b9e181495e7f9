using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mekong.Bench;

/// <summary>
/// Open311 under load, one provider per run (issue 14's performance targets, bench/README.md): loads N reports (default
/// 1,000,000) with <c>reports generate</c> (the bulk writer), starts the real server and bare Kestrel, then measures with
/// 32 concurrent clients for a fixed time each:
/// <list type="bullet">
/// <item>GET <c>/open311/v2/requests.json</c> with a status, a 90-day window and a ~2 km bounding box at random places:
/// p50, p99, requests/s — beside bare Kestrel's <c>/json</c> measured in the same run;</item>
/// <item>POST <c>/open311/v2/requests.json</c> (form, X-Api-Key): acknowledged reports/s, each committed before its
/// answer — beside raw single-row INSERT commits at the same concurrency on the same database.</item>
/// </list>
/// The rate limits are raised for the run (Mekong__RateLimits__*), since the limiter is not what is measured.
/// </summary>
internal static partial class Open311Bench
{
    private const int Concurrency = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var server = Arg("--server");
        var bare = Arg("--bare");
        if (server is null || bare is null || !File.Exists(server) || !File.Exists(bare))
        {
            Console.Error.WriteLine("open311: --server and --bare must name the built Mekong.Server.dll and BareKestrel.dll");
            return 2;
        }

        server = Path.GetFullPath(server);
        bare = Path.GetFullPath(bare);
        var provider = (Arg("--provider") ?? "sqlite").ToLowerInvariant();
        var rows = int.Parse(Arg("--rows") ?? "1000000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds") ?? "20", CultureInfo.InvariantCulture);
        // --cases get,post,raw (default all three): a profiling run may measure one.
        var cases = (Arg("--cases") ?? "get,post,raw").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pg = Arg("--pg") ?? Environment.GetEnvironmentVariable("MEKONG_BENCH_PG") ?? Environment.GetEnvironmentVariable("MEKONG_TEST_PG");
        if (provider == "postgresql" && pg is null)
        {
            Console.Error.WriteLine("open311 --provider postgresql needs --pg, MEKONG_BENCH_PG or MEKONG_TEST_PG");
            return 2;
        }

        // --data DIR keeps the volume between runs (a 1M generation takes minutes): the first run writes it and the key,
        // later runs with the same DIR (and, on PostgreSQL, --database NAME) reuse it. Keep DIR outside the repository.
        var keep = Arg("--data");
        var data = keep is null ? Directory.CreateTempSubdirectory("mekong-bench-open311").FullName : Directory.CreateDirectory(Path.GetFullPath(keep)).FullName;
        var keyFile = Path.Combine(data, "bench-api-key.txt");
        var reuse = keep is not null && File.Exists(keyFile);
        var environment = new Dictionary<string, string>
        {
            ["Mekong__DataDirectory"] = data,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Mekong__RateLimits__PublicRead__AnonymousPerMinute"] = "1000000",
            ["Mekong__RateLimits__PublicRead__IdentifiedPerMinute"] = "1000000",
            ["Mekong__RateLimits__AnonymousWrite__IdentifiedPerMinute"] = "1000000",
        };
        string? database = null;
        string? connectionString = null;
        if (provider == "postgresql")
        {
            database = Arg("--database") ?? "mekong_bench_" + Guid.NewGuid().ToString("N")[..10];
            await using (var admin = new NpgsqlConnection(pg))
            {
                await admin.OpenAsync();
                await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = database } } };
                reuse &= (long)(await exists.ExecuteScalarAsync())! == 1;
            }

            if (!reuse)
            {
                await using var admin = new NpgsqlConnection(pg);
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
            Console.WriteLine($"open311 bench, {provider}, {rows:N0} reports, {Concurrency} clients, {seconds} s per case, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load {File.ReadAllText("/proc/loadavg").Trim()}");
            string key;
            if (reuse)
            {
                key = (await File.ReadAllTextAsync(keyFile)).Trim();
                Console.WriteLine($"load: reusing the volume in {data}");
            }
            else
            {
                await CliAsync(server, environment, "seed-demo");
                key = KeyLine().Match(await CliAsync(server, environment, "apikeys", "create", "--name", "bench", "--role", "Viewer", "--jurisdiction", "90")).Value;
                if (key.Length == 0)
                {
                    Console.Error.WriteLine("Could not issue an API key.");
                    return 1;
                }

                var load = Stopwatch.StartNew();
                Console.WriteLine((await CliAsync(server, environment, "reports", "generate", "--count", rows.ToString(CultureInfo.InvariantCulture))).Trim());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {rows / load.Elapsed.TotalSeconds:N0} reports/s with their history (bulk writer, whole command)"));
                if (keep is not null)
                {
                    await File.WriteAllTextAsync(keyFile, key);
                }
            }

            var mekongPort = FreePort();
            var barePort = FreePort();
            using var mekong = Start(server, environment, mekongPort);
            Console.WriteLine($"Mekong server pid {mekong.Id} (attach dotnet-trace / dotnet-counters to it)");
            using var kestrel = Start(bare, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, barePort);
            try
            {
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
                await WaitReadyAsync(http, $"http://127.0.0.1:{mekongPort}/health/ready", mekong);
                await WaitReadyAsync(http, $"http://127.0.0.1:{barePort}/health/ready", kestrel);
                var random = new Random(311);
                var now = DateTimeOffset.UtcNow;
                string Query()
                {
                    // ~2 km box somewhere in the province, a random 90-day window in the two years, open or closed.
                    var lat = 9.6 + ((random.NextDouble() - 0.5) * 0.45);
                    var lon = 105.95 + ((random.NextDouble() - 0.5) * 0.45);
                    var end = now.AddDays(-random.Next(0, 640));
                    var status = random.Next(4) == 0 ? "open" : "closed";
                    return string.Create(CultureInfo.InvariantCulture,
                        $"/open311/v2/requests.json?status={status}&start_date={end.AddDays(-90):yyyy-MM-ddTHH:mm:ssZ}&end_date={end:yyyy-MM-ddTHH:mm:ssZ}&bbox={lon - 0.009:F5},{lat - 0.009:F5},{lon + 0.009:F5},{lat + 0.009:F5}");
                }

                var queries = Enumerable.Range(0, 5000).Select(_ => Query()).ToArray();
                var sample = await http.GetStringAsync($"http://127.0.0.1:{mekongPort}{queries[0]}");
                Console.WriteLine($"sample GET answer: {sample.Length:N0} bytes, {Regex.Count(sample, "service_request_id"):N0} requests ({queries[0]})");

                if (cases.Contains("get"))
                {
                    // Warm-up both, then the two measured in turn, twice, keeping each one's better run.
                    await GetLoadAsync(http, i => $"http://127.0.0.1:{barePort}/json", 3);
                    await GetLoadAsync(http, i => $"http://127.0.0.1:{mekongPort}{queries[i % queries.Length]}", 3);
                    var bareResult = Best(await GetLoadAsync(http, _ => $"http://127.0.0.1:{barePort}/json", seconds), await GetLoadAsync(http, _ => $"http://127.0.0.1:{barePort}/json", seconds));
                    var getResult = Best(
                        await GetLoadAsync(http, i => $"http://127.0.0.1:{mekongPort}{queries[i % queries.Length]}", seconds),
                        await GetLoadAsync(http, i => $"http://127.0.0.1:{mekongPort}{queries[(i + 2500) % queries.Length]}", seconds));
                    Print("bare Kestrel GET /json", bareResult, null);
                    Print("Mekong GET requests.json status+dates+bbox", getResult, bareResult);
                }

                if (cases.Contains("post"))
                {
                    var post = await PostLoadAsync(http, $"http://127.0.0.1:{mekongPort}/open311/v2/requests.json", key, seconds);
                    Print("Mekong POST requests.json (durable)", post, null);
                }
            }
            finally
            {
                Stop(mekong);
                Stop(kestrel);
            }

            if (cases.Contains("raw"))
            {
                var raw = await RawInsertsAsync(provider, connectionString, Path.Combine(data, "mekong.db"), seconds);
                Print($"raw single-row INSERT commits ({raw.Note})", raw.Result, null);
            }

            return 0;
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(data, recursive: true);
            }

            if (database is not null && keep is null)
            {
                await using var admin = new NpgsqlConnection(pg);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private sealed record LoadResult(int Count, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;
    }

    private static LoadResult Best(LoadResult a, LoadResult b) => a.PerSecond >= b.PerSecond ? a : b;

    private static void Print(string name, LoadResult result, LoadResult? reference)
    {
        var ratio = reference is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  {result.PerSecond / reference.PerSecond * 100,5:F1} % of bare Kestrel's req/s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-52} {result.PerSecond,9:N0} /s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms  ({result.Count:N0} ok, {result.Failures} failed){ratio}"));
    }

    private static async Task<LoadResult> GetLoadAsync(HttpClient http, Func<int, string> url, int seconds)
    {
        return await RunLoadAsync(seconds, async i =>
        {
            using var response = await http.GetAsync(url(i), HttpCompletionOption.ResponseContentRead);
            return response.StatusCode == HttpStatusCode.OK;
        });
    }

    private static async Task<LoadResult> PostLoadAsync(HttpClient http, string url, string key, int seconds)
    {
        var random = new Random(14);
        var points = Enumerable.Range(0, 512).Select(_ => (Lat: 9.6 + ((random.NextDouble() - 0.5) * 0.3), Lon: 105.95 + ((random.NextDouble() - 0.5) * 0.3))).ToArray();
        // Points the jurisdiction does not contain are refused (400) and not counted: keep only those it accepts.
        var accepted = new List<(double Lat, double Lon)>();
        foreach (var point in points)
        {
            if (await PostOneAsync(http, url, key, point, "thử") == HttpStatusCode.OK)
            {
                accepted.Add(point);
            }
        }

        return await RunLoadAsync(seconds, async i =>
            await PostOneAsync(http, url, key, accepted[i % accepted.Count], $"Bench {i}: rác thải tồn đọng trên vỉa hè") == HttpStatusCode.OK);
    }

    private static async Task<HttpStatusCode> PostOneAsync(HttpClient http, string url, string key, (double Lat, double Lon) point, string description)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "rubbish",
            ["lat"] = point.Lat.ToString("F6", CultureInfo.InvariantCulture),
            ["long"] = point.Lon.ToString("F6", CultureInfo.InvariantCulture),
            ["description"] = description,
            ["phone"] = "0912345678",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Runs <paramref name="one"/> from <see cref="Concurrency"/> clients for <paramref name="seconds"/>, timing each call.</summary>
    private static async Task<LoadResult> RunLoadAsync(int seconds, Func<int, Task<bool>> one)
    {
        var next = -1;
        var failures = 0;
        var latencies = new List<double>[Concurrency];
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(16_384);
            while (watch.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await one(Interlocked.Increment(ref next));
                if (ok)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var elapsed = watch.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(all.Length * p))];
        return new LoadResult(all.Length, failures, elapsed, Percentile(0.50), Percentile(0.99));
    }

    /// <summary>The database's own commit rate: single-row INSERTs, each its own committed transaction, from 32 connections.</summary>
    private static async Task<(LoadResult Result, string Note)> RawInsertsAsync(string provider, string? connectionString, string sqliteFile, int seconds)
    {
        const string Ddl = "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, token TEXT NOT NULL, description TEXT, lat REAL, lon REAL, requested_at BIGINT NOT NULL)";
        if (provider == "postgresql")
        {
            await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Concurrency + 4 }.ConnectionString);
            await using (var ddl = source.CreateCommand(Ddl.Replace("id INTEGER PRIMARY KEY", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal)))
            {
                await ddl.ExecuteNonQueryAsync();
            }

            string settings;
            await using (var show = source.CreateCommand("SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')"))
            {
                settings = (string)(await show.ExecuteScalarAsync())!;
            }

            var result = await RunLoadAsync(seconds, async i =>
            {
                await using var command = source.CreateCommand("INSERT INTO bench_raw (token, description, lat, lon, requested_at) VALUES ($1, $2, $3, $4, $5)");
                command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid().ToString("N") });
                command.Parameters.Add(new NpgsqlParameter { Value = "Bench: rác thải tồn đọng trên vỉa hè" });
                command.Parameters.Add(new NpgsqlParameter { Value = 9.6 });
                command.Parameters.Add(new NpgsqlParameter { Value = 105.95 });
                command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow.Ticks });
                return await command.ExecuteNonQueryAsync() == 1;
            });
            return (result, $"PostgreSQL, fsync/synchronous_commit {settings}");
        }

        var cs = new SqliteConnectionStringBuilder { DataSource = sqliteFile, DefaultTimeout = 30 }.ConnectionString;
        string synchronous;
        await using (var setup = new SqliteConnection(cs))
        {
            await setup.OpenAsync();
            await using var ddl = setup.CreateCommand();
            ddl.CommandText = Ddl + "; PRAGMA journal_mode;";
            var mode = await ddl.ExecuteScalarAsync();
            ddl.CommandText = "PRAGMA synchronous";
            synchronous = $"journal_mode {mode}, synchronous {await ddl.ExecuteScalarAsync()}";
        }

        var sqlite = await RunLoadAsync(seconds, async i =>
        {
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO bench_raw (token, description, lat, lon, requested_at) VALUES ($t, $d, 9.6, 105.95, $a)";
            command.Parameters.AddWithValue("$t", Guid.NewGuid().ToString("N"));
            command.Parameters.AddWithValue("$d", "Bench: rác thải tồn đọng trên vỉa hè");
            command.Parameters.AddWithValue("$a", DateTime.UtcNow.Ticks);
            return await command.ExecuteNonQueryAsync() == 1;
        });
        return (sqlite, $"SQLite, the server's database file, {synchronous}");
    }

    internal static async Task<string> CliAsync(string server, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = Info(server, environment);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }

        return await output;
    }

    internal static Process Start(string dll, IReadOnlyDictionary<string, string> environment, int port)
    {
        var start = Info(dll, environment);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    internal static async Task WaitReadyAsync(HttpClient http, string url, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await http.GetAsync(url);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{url} did not become ready.");
    }

    private static ProcessStartInfo Info(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("mk_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}")]
    private static partial Regex KeyLine();
}
