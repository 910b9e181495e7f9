using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Simulator;

namespace Mekong.Bench;

/// <summary>
/// The camera prober (issue 16's targets, ADR 0040): the simulator serves <c>--count</c> cameras (default 1,066, the demo
/// fleet) from a process of its own, so this process's CPU is the prober's. Measured: one cold sweep of every camera
/// and one warm sweep (full checks: RTSP OPTIONS + DESCRIBE with Digest or Basic, ONVIF GetDeviceInformation,
/// GetStreamUri, GetSnapshotUri, the JPEG snapshot and its picture check), <c>--concurrency</c> at a time (the
/// prober's default, 64); then for <c>--seconds</c> the prober checking the fleet round and round: checks per minute,
/// the CPU of this process and of the simulator's. In the same run, the reference: a bare TCP connect + close of the
/// same targets for as long, at the same concurrency.
/// </summary>
internal static class CamerasBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var count = int.Parse(Arg("--count") ?? "1066", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Arg("--seconds") ?? "30", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg("--concurrency") ?? new ProbeOptions().Concurrency.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (count is < 1 or > 20_000 || seconds is < 1 or > 600 || concurrency is < 1 or > 1024)
        {
            Console.Error.WriteLine("cameras: --count 1..20000, --seconds 1..600, --concurrency 1..1024");
            return 2;
        }

        Console.WriteLine($"load average at start: {LoadAverage()}  ({Environment.ProcessorCount} cores)");
        var csv = Path.Combine(Directory.CreateTempSubdirectory("mekong-bench-cameras").FullName, "cameras.csv");
        using var simulator = StartSimulator(count, csv);
        try
        {
            var targets = ReadTargets(csv);
            Console.WriteLine($"simulator: pid {simulator.Id}, {targets.Length} cameras; concurrency {concurrency}, timeout {new ProbeOptions().Timeout.TotalSeconds:0} s per check");
            using var http = CameraProber.CreateHttpClient();
            var prober = new CameraProber(http, TimeProvider.System);

            for (var run = 0; run < 2; run++)
            {
                var cpu = Cpu();
                var watch = Stopwatch.StartNew();
                var faults = await SweepAsync(prober, targets, concurrency);
                watch.Stop();
                Console.WriteLine($"{(run == 0 ? "cold" : "warm")} sweep of {targets.Length} cameras: {watch.Elapsed.TotalSeconds,6:0.00} s  (target < 15 s)  prober CPU {(Cpu() - cpu).TotalSeconds:0.00} s  results: {Summary(faults)}");
            }

            var (checks, proberCpu, simulatorCpu, elapsed, sustainedFaults) = await SustainedAsync(seconds, concurrency, simulator, (i, ct) => ProbeOnceAsync(prober, targets, i, ct), targets.Length);
            var rate = checks / elapsed.TotalMinutes;
            Console.WriteLine($"prober, full checks          {rate,9:N0} /min  prober CPU {proberCpu.TotalSeconds / elapsed.TotalSeconds:0.00} cores ({proberCpu.TotalMilliseconds / checks:0.00} ms/check)  simulator CPU {simulatorCpu.TotalSeconds / elapsed.TotalSeconds:0.00} cores  (target 10,000/min)  results: {Summary(sustainedFaults)}");

            var endpoints = targets.Select(t => new Uri(t.RtspUrl!)).Select(u => (u.Host, u.Port)).ToArray();
            var (connects, connectCpu, connectSimulatorCpu, connectElapsed, _) = await SustainedAsync(seconds, concurrency, simulator, (i, ct) => ConnectOnceAsync(endpoints[i], ct), targets.Length);
            var connectRate = connects / connectElapsed.TotalMinutes;
            Console.WriteLine($"reference, bare TCP connect  {connectRate,9:N0} /min  prober CPU {connectCpu.TotalSeconds / connectElapsed.TotalSeconds:0.00} cores ({connectCpu.TotalMilliseconds / connects:0.000} ms/connect)  simulator CPU {connectSimulatorCpu.TotalSeconds / connectElapsed.TotalSeconds:0.00} cores");
            Console.WriteLine($"full checks / bare connects: {rate / connectRate:P1}");
            Console.WriteLine($"load average at end: {LoadAverage()}");
            return 0;
        }
        finally
        {
            simulator.Kill(entireProcessTree: true);
            await simulator.WaitForExitAsync();
            Directory.Delete(Path.GetDirectoryName(csv)!, recursive: true);
        }
    }

    /// <summary>The simulator's own process: this program with the hidden verb <c>cameras-simulator</c>.</summary>
    public static async Task<int> SimulatorAsync(string[] args)
    {
        var count = int.Parse(args[0], CultureInfo.InvariantCulture);
        await using var simulator = await CameraSimulator.StartAsync(count);
        await File.WriteAllTextAsync(args[1] + ".tmp", simulator.Csv());
        File.Move(args[1] + ".tmp", args[1]);
        Console.WriteLine("ready");

        // Ends when the benchmark kills it or closes its standard input.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static Process StartSimulator(int count, string csv)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CamerasBench).Assembly.Location);
        }

        start.ArgumentList.Add("cameras-simulator");
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(csv);
        var process = Process.Start(start)!;
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("the simulator did not start");
        }

        return process;
    }

    private static ProbeTarget[] ReadTargets(string csv) =>
        File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            // The simulator's own CSV: its only quoted field (the contractor) has no comma inside the URL columns' reach.
            var f = SplitCsv(line);
            return new ProbeTarget(Guid.NewGuid(), f[11], f[14], f[13], new CameraCredentials(f[15], f[16]), null, null, 0);
        }).ToArray();

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private static async Task<Dictionary<CameraFault, int>> SweepAsync(CameraProber prober, ProbeTarget[] targets, int concurrency)
    {
        var faults = new CameraFault[targets.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, ct) => faults[i] = await ProbeOnceAsync(prober, targets, i, ct));
        return faults.GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>One full check; the camera's picture memory is kept as the scheduler keeps it, so the picture checks are real.</summary>
    private static async Task<CameraFault> ProbeOnceAsync(CameraProber prober, ProbeTarget[] targets, int i, CancellationToken cancellationToken)
    {
        var target = targets[i];
        var result = await prober.ProbeAsync(target, cancellationToken);
        if (result.Picture is { Thumbnail: { } thumb } picture)
        {
            targets[i] = target with
            {
                LastThumbnail = thumb,
                ReferenceThumbnail = picture.IsReference || target.ReferenceThumbnail is null ? thumb : target.ReferenceThumbnail,
                UnchangedInRow = picture.Unchanged ? target.UnchangedInRow + 1 : 0,
            };
        }

        return result.Fault;
    }

    private static async Task<CameraFault> ConnectOnceAsync((string Host, int Port) endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            return CameraFault.None;
        }
        catch (SocketException)
        {
            return CameraFault.Unreachable;
        }
    }

    /// <summary>Runs <paramref name="check"/> over the targets round and round, <paramref name="concurrency"/> at a time, for <paramref name="seconds"/>.</summary>
    private static async Task<(long Checks, TimeSpan Cpu, TimeSpan SimulatorCpu, TimeSpan Elapsed, Dictionary<CameraFault, int> Faults)> SustainedAsync(
        double seconds, int concurrency, Process simulator, Func<int, CancellationToken, Task<CameraFault>> check, int targets)
    {
        var next = -1L;
        var done = 0L;
        var faults = new int[Enum.GetValues<CameraFault>().Length + 1];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        simulator.Refresh();
        var simulatorCpu = simulator.TotalProcessorTime;
        var cpu = Cpu();
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = (int)(Interlocked.Increment(ref next) % targets);
                var fault = await check(i, CancellationToken.None);
                Interlocked.Increment(ref faults[(int)fault]);
                Interlocked.Increment(ref done);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();
        var used = Cpu() - cpu;
        simulator.Refresh();
        var byFault = Enum.GetValues<CameraFault>().Where(f => faults[(int)f] > 0).ToDictionary(f => f, f => faults[(int)f]);
        return (done, used, simulator.TotalProcessorTime - simulatorCpu, watch.Elapsed, byFault);
    }

    private static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string Summary(Dictionary<CameraFault, int> faults) =>
        string.Join(", ", faults.OrderByDescending(f => f.Value).Select(f => $"{CameraFaults.Name(f.Key)} {f.Value}"));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
