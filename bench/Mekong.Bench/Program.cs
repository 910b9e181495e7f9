using Mekong.Bench;

// Benchmarks that measure whole processes (cold start, memory). Each figure is printed beside a reference
// measured in the same run on the same machine, because this machine is shared and noisy: trust the ratio.
return args.FirstOrDefault() switch
{
    "coldstart" => await ColdStart.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Mekong.Bench coldstart --server <Mekong.Server.dll> --bare <BareKestrel.dll> [--runs N]");
    return 2;
}
