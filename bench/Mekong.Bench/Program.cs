using Mekong.Bench;

// Benchmarks that measure whole processes (cold start, memory). Each figure is printed beside a reference
// measured in the same run on the same machine, because this machine is shared and noisy: trust the ratio.
return args.FirstOrDefault() switch
{
    "coldstart" => await ColdStart.RunAsync(args.Skip(1).ToArray()),
    "import" => await ImportBench.RunAsync(args.Skip(1).ToArray()),
    "apikey" => await ApiKeyBench.RunAsync(args.Skip(1).ToArray()),
    "locate" => await LocateBench.RunAsync(args.Skip(1).ToArray()),
    "bulk" => await BulkBench.RunAsync(args.Skip(1).ToArray()),
    "open311" => await Open311Bench.RunAsync(args.Skip(1).ToArray()),
    "telemetry" => await TelemetryBench.RunAsync(args.Skip(1).ToArray()),
    "places" => await PlacesBench.RunAsync(args.Skip(1).ToArray()),
    "cameras" => await CamerasBench.RunAsync(args.Skip(1).ToArray()),
    "cameras-simulator" => await CamerasBench.SimulatorAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Mekong.Bench coldstart --server <Mekong.Server.dll> --bare <BareKestrel.dll> [--runs N]");
    Console.Error.WriteLine("       Mekong.Bench import      (3,321 communes: import time beside the libraries' own read, same run)");
    Console.Error.WriteLine("       Mekong.Bench apikey --server <Mekong.Server.dll> [--requests N]   (req/s with X-Api-Key beside anonymous, same run)");
    Console.Error.WriteLine("       Mekong.Bench locate [calls]   (LocateAsync cached beside uncached, same run)");
    Console.Error.WriteLine("       Mekong.Bench bulk [rows] [--pg <connection string>]   (rows/s of BulkInsertAsync beside raw COPY / prepared INSERTs and EF, same run)");
    Console.Error.WriteLine("       Mekong.Bench places [places] [--requests N]   (search p50/p99 on 100,000 generated places, over HTTP beside a bare endpoint in the same Kestrel, same run)");
    Console.Error.WriteLine("       Mekong.Bench open311 --server <Mekong.Server.dll> --bare <BareKestrel.dll> [--provider sqlite|postgresql] [--rows N] [--seconds S] [--pg <connection string>]");
    Console.Error.WriteLine("       Mekong.Bench cameras [--count 1066] [--seconds 30] [--concurrency 64]   (prober sweeps and checks/min with CPU beside bare TCP connects, same run)");
    Console.Error.WriteLine("       Mekong.Bench telemetry --server <Mekong.Server.dll> [--provider sqlite|postgresql] [--readings N] [--batch N] [--clients N] [--pg <connection string>]");
    return 2;
}
