using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Mekong.Bench;

/// <summary>
/// Requests per second against the real server process on loopback, in one run: <c>/health/live</c> anonymous (the
/// reference: the pipeline without authentication), the same endpoint and <c>/api/v1/me</c> with an <c>X-Api-Key</c>,
/// on a server with the key cache (default 5 s) and on one with it off (<c>Mekong:ApiKeys:CacheSeconds=0</c>: a
/// database read per request, as before). Bounded: a fixed number of requests per case, then the servers stop.
/// </summary>
internal static partial class ApiKeyBench
{
    private const int Concurrency = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var server = args.SkipWhile(a => a != "--server").Skip(1).FirstOrDefault();
        if (server is null || !File.Exists(server))
        {
            Console.Error.WriteLine("apikey: --server must name the built Mekong.Server.dll");
            return 2;
        }

        server = Path.GetFullPath(server);
        var requests = int.Parse(args.SkipWhile(a => a != "--requests").Skip(1).FirstOrDefault() ?? "20000", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("mekong-bench-apikey").FullName;
        try
        {
            await RunCliAsync(server, data, "seed-demo");
            var created = await RunCliAsync(server, data, "apikeys", "create", "--name", "bench", "--role", "Viewer", "--jurisdiction", "90");
            var key = KeyLine().Match(created).Value;
            if (key.Length == 0)
            {
                Console.Error.WriteLine("Could not issue a key:\n" + created);
                return 1;
            }

            var results = new List<(string Case, double PerSecond)>();
            foreach (var cacheSeconds in new[] { 5, 0 })
            {
                var port = FreePort();
                using var process = Start(server, data, port, cacheSeconds);
                try
                {
                    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                    await WaitReadyAsync(http, process);
                    var label = cacheSeconds > 0 ? "key cache on" : "key cache off";
                    // Warm-up, then the cases interleaved in rounds.
                    await LoadAsync(http, "/health/live", null, 2000);
                    await LoadAsync(http, "/api/v1/me", key, 2000);
                    var sums = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
                    const int Rounds = 4;
                    for (var r = 0; r < Rounds; r++)
                    {
                        foreach (var (name, path, withKey) in new[]
                        {
                            ($"anonymous GET /health/live ({label})", "/health/live", false),
                            ($"X-Api-Key GET /health/live ({label})", "/health/live", true),
                            ($"X-Api-Key GET /api/v1/me ({label})", "/api/v1/me", true),
                        })
                        {
                            sums[name] = sums.GetValueOrDefault(name) + await LoadAsync(http, path, withKey ? key : null, requests / Rounds);
                        }
                    }

                    results.AddRange(sums.Select(s => (s.Key, requests / Rounds * Rounds / s.Value.TotalSeconds)));
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            var reference = results[0].PerSecond;
            Console.WriteLine($"Requests/s on loopback, {requests} requests per case, {Concurrency} concurrent, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            foreach (var (name, perSecond) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-50} {perSecond,9:N0} req/s  {perSecond / reference,5:F2}x reference"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<TimeSpan> LoadAsync(HttpClient http, string path, string? key, int count)
    {
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (key is not null)
                {
                    request.Headers.Add("X-Api-Key", key);
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
                }
            }
        }));
        return watch.Elapsed;
    }

    private static Process Start(string server, string data, int port, int cacheSeconds)
    {
        var start = Info(server, data);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Mekong__ApiKeys__CacheSeconds"] = cacheSeconds.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
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

        throw new InvalidOperationException("The server did not become ready.");
    }

    private static async Task<string> RunCliAsync(string server, string data, params string[] args)
    {
        var start = Info(server, data);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }

    private static ProcessStartInfo Info(string server, string data)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(server)!,
        };
        start.ArgumentList.Add(server);
        start.Environment["Mekong__DataDirectory"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("mk_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}")]
    private static partial Regex KeyLine();
}
