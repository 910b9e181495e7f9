using System.CommandLine;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary><c>simulate cameras --count N [--rtsp-port P] [--http-port P] [--csv FILE] [--fail TARGET=MODE ...]</c>: runs until Ctrl+C.</summary>
internal static class SimulatorCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many cameras", DefaultValueFactory = _ => 10 };
        var rtspPort = new Option<int>("--rtsp-port") { Description = "The RTSP listener's port on 127.0.0.1 (0: any free one)", DefaultValueFactory = _ => 8554 };
        var httpPort = new Option<int>("--http-port") { Description = "The HTTP (snapshots, ONVIF, /control) listener's port on 127.0.0.1", DefaultValueFactory = _ => 8580 };
        var csv = new Option<FileInfo?>("--csv") { Description = "Where to write the cameras (URLs, credentials) for 'import cameras'", DefaultValueFactory = _ => new FileInfo("simulated-cameras.csv") };
        var fail = new Option<string[]>("--fail") { Description = "Inject a failure: CODE|NUMBER|SEGMENT|FEEDER|all=down|slow|frozen|black|covered|bad-credentials|flapping", AllowMultipleArgumentsPerToken = true };
        var command = new Command("cameras", "Serve simulated cameras on loopback (RTSP, ONVIF, JPEG snapshots) with failure injection") { count, rtspPort, httpPort, csv, fail };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var n = parse.GetValue(count);
            if (n is < 1 or > 100_000)
            {
                await Console.Error.WriteLineAsync("--count is from 1 to 100000.");
                return 2;
            }

            await using var simulator = await CameraSimulator.StartAsync(n, parse.GetValue(rtspPort), parse.GetValue(httpPort));
            foreach (var spec in parse.GetValue(fail) ?? [])
            {
                var parts = spec.Split('=', 2);
                if (parts.Length != 2 || !SimulatedFleet.TryParseMode(parts[1], out var mode))
                {
                    await Console.Error.WriteLineAsync($"--fail '{spec}' is TARGET=MODE, MODE one of {string.Join(", ", Enum.GetNames<SimulatedMode>())}.");
                    return 2;
                }

                Console.WriteLine($"{parts[0]}: {mode} ({simulator.Fleet.SetMode(parts[0], mode)} camera(s))");
            }

            if (parse.GetValue(csv) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, simulator.Csv(), cancellationToken);
                Console.WriteLine($"Wrote {n} camera(s) to {file.FullName}: import them with 'import cameras {file.Name}'.");
            }

            Console.WriteLine($"RTSP  rtsp://127.0.0.1:{simulator.Rtsp.Port}/cam/1/main … /cam/{n}/main");
            Console.WriteLine($"HTTP  http://127.0.0.1:{simulator.Http.Port}/cam/1/snapshot.jpg, /cam/1/onvif/device_service; POST /control/TARGET/MODE");
            Console.WriteLine("Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
