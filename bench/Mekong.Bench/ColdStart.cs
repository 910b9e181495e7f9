using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mekong.Bench;

/// <summary>
/// Starts a server process, polls <c>/health/ready</c> until it answers 200, and records the time since the process
/// was started and its resident memory (VmRSS) right after it became ready. Three cases, interleaved run by run
/// so that machine noise hits them alike:
/// bare Kestrel (reference), Mekong on an existing database (warm data), and Mekong's very first start on an
/// empty data directory (migrations and the demo province included).
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Arg(args, "--server");
        var bare = Arg(args, "--bare");
        server = server is null ? null : Path.GetFullPath(server);
        bare = bare is null ? null : Path.GetFullPath(bare);
        var runs = int.Parse(Arg(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        if (server is null || bare is null || !File.Exists(server) || !File.Exists(bare))
        {
            Console.Error.WriteLine("coldstart: --server and --bare must name the built Mekong.Server.dll and BareKestrel.dll");
            return 2;
        }

        var warmData = Directory.CreateTempSubdirectory("mekong-bench-warm").FullName;
        // Prepare the warm data directory once (migrations + demo seed), untimed.
        await MeasureAsync(server, warmData);

        var results = new Dictionary<string, List<Sample>> { ["bare Kestrel"] = [], ["Mekong (existing data)"] = [], ["Mekong (first start)"] = [] };
        for (var i = 0; i < runs; i++)
        {
            results["bare Kestrel"].Add(await MeasureAsync(bare, dataDirectory: null));
            results["Mekong (existing data)"].Add(await MeasureAsync(server, warmData));
            var fresh = Directory.CreateTempSubdirectory("mekong-bench-cold").FullName;
            results["Mekong (first start)"].Add(await MeasureAsync(server, fresh));
            Directory.Delete(fresh, recursive: true);
            Console.Error.WriteLine($"run {i + 1}/{runs} done");
        }

        Directory.Delete(warmData, recursive: true);
        var reference = results["bare Kestrel"];
        var refTime = Median(reference.Select(s => s.ReadyMs));
        var refRss = Median(reference.Select(s => s.RssMiB));
        Console.WriteLine($"Cold start to /health/ready, median of {runs} runs ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        Console.WriteLine($"{"case",-26} {"ready ms",10} {"x bare",8} {"RSS MiB",9} {"x bare",8}");
        foreach (var (name, samples) in results)
        {
            var time = Median(samples.Select(s => s.ReadyMs));
            var rss = Median(samples.Select(s => s.RssMiB));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {time,10:0} {time / refTime,8:0.00} {rss,9:0.0} {rss / refRss,8:0.00}"));
        }

        return 0;
    }

    private static async Task<Sample> MeasureAsync(string dll, string? dataDirectory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (dataDirectory is not null)
        {
            start.Environment["Mekong__DataDirectory"] = dataDirectory;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with code {process.ExitCode} before it was ready:\n{string.Join('\n', output)}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var ready = watch.Elapsed.TotalMilliseconds;
                        return new Sample(ready, RssMiB(process.Id));
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(10);
            }

            throw new TimeoutException($"{Path.GetFileName(dll)} was not ready within 2 minutes");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 40)
        {
            lines.TryDequeue(out _);
        }
    }

    private static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        return double.NaN;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Sample(double ReadyMs, double RssMiB);
}
