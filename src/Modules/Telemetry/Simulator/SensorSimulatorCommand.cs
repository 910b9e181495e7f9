using System.CommandLine;
using System.Globalization;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Telemetry.Simulator;

/// <summary>
/// <c>simulate sensors --count N --rate R [--mqtt host:port | --http URL] [--jurisdiction J] [--seconds S]</c>: the
/// simulator's own stations (codes <c>SIM-0001</c>…, registered on the first run beside the jurisdiction's devices,
/// every device type in turn) get fresh tokens and then publish realistic signals until Ctrl+C (ADR 0041). Only the
/// <c>SIM-</c> devices are touched: a real station's token is never replaced.
/// </summary>
internal static class SensorSimulatorCommand
{
    public const string CodePrefix = "SIM-";

    public static Command Create(CliServices cli)
    {
        var count = new Option<int>("--count") { Description = "How many simulated stations", DefaultValueFactory = _ => 20 };
        var rate = new Option<double>("--rate") { Description = "Messages per second over all stations (each carries every measurement of its station)", DefaultValueFactory = _ => 10 };
        var mqtt = new Option<string?>("--mqtt") { Description = "Publish to this MQTT broker, host:port (default 127.0.0.1:1883)" };
        var http = new Option<string?>("--http") { Description = "Post to this server's /api/v1/telemetry instead, e.g. http://127.0.0.1:5000" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "Jurisdiction code (default: the one with the most devices)" };
        var seconds = new Option<int>("--seconds") { Description = "Stop after this many seconds (0: at Ctrl+C)", DefaultValueFactory = _ => 0 };
        var command = new Command("sensors", "Drive simulated sensor stations through MQTT or HTTP: tides, salinity, storms, gaps and faulty spikes") { count, rate, mqtt, http, jurisdiction, seconds };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var n = parse.GetValue(count);
            var r = parse.GetValue(rate);
            if (n is < 1 or > 10_000 || r is <= 0 or > 100_000 || parse.GetValue(seconds) < 0)
            {
                await Console.Error.WriteLineAsync("--count is from 1 to 10000, --rate above 0 and at most 100000, --seconds 0 or more.");
                return 2;
            }

            var httpUrl = parse.GetValue(http);
            var mqttTarget = parse.GetValue(mqtt) ?? (httpUrl is null ? "127.0.0.1:1883" : null);
            if (httpUrl is not null && parse.GetValue(mqtt) is not null)
            {
                await Console.Error.WriteLineAsync("Give --mqtt or --http, not both.");
                return 2;
            }

            string host = string.Empty;
            var port = 0;
            if (mqttTarget is not null && !TryHostPort(mqttTarget, out host, out port))
            {
                await Console.Error.WriteLineAsync($"--mqtt is host:port, not '{mqttTarget}'.");
                return 2;
            }

            if (httpUrl is not null && !Uri.TryCreate(httpUrl, UriKind.Absolute, out _))
            {
                await Console.Error.WriteLineAsync($"--http is an absolute URL, not '{httpUrl}'.");
                return 2;
            }

            var (devices, error) = await PrepareAsync(services, parse.GetValue(jurisdiction), n, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error);
                return 2;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(seconds) is > 0 and var s)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(s));
            }

            var simulator = new SensorSimulator(devices, r, TimeProvider.System);
            Console.WriteLine($"{devices.Count} station(s) of {devices[0].JurisdictionCode}, {r.ToString(CultureInfo.InvariantCulture)} message(s)/s to {(httpUrl ?? $"mqtt://{host}:{port}")}. Ctrl+C stops.");
            using var report = new Timer(_ => Console.WriteLine(simulator.Counters), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            if (httpUrl is not null)
            {
                using var client = new HttpClient { BaseAddress = new Uri(httpUrl) };
                await simulator.RunHttpAsync(client, stop.Token);
            }
            else
            {
                await simulator.RunMqttAsync(host, port, stop.Token);
            }

            Console.WriteLine(simulator.Counters);
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>The simulator's stations of the jurisdiction, registered if missing, each with a fresh token.</summary>
    public static async Task<(List<SimulatedDevice> Devices, string? Error)> PrepareAsync(IServiceProvider services, string? jurisdiction, int count, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TelemetryDbContext>();
        var registry = services.GetRequiredService<DeviceRegistry>();
        jurisdiction ??= await db.Devices.GroupBy(d => d.JurisdictionCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(cancellationToken);
        if (jurisdiction is null)
        {
            return ([], "There are no devices yet: name the jurisdiction with --jurisdiction.");
        }

        // Beside the jurisdiction's own stations, so the simulated ones fall in its communes.
        var anchors = await db.Devices.AsNoTracking().Where(d => d.JurisdictionCode == jurisdiction && !d.Code.StartsWith(CodePrefix))
            .OrderBy(d => d.Id).Select(d => new { d.Latitude, d.Longitude }).Take(500).ToListAsync(cancellationToken);
        var random = new Random(count);
        var devices = new List<SimulatedDevice>();
        for (var i = 1; i <= count; i++)
        {
            var code = CodePrefix + i.ToString("D4", CultureInfo.InvariantCulture);
            var existing = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.JurisdictionCode == jurisdiction && d.Code == code, cancellationToken);
            DeviceWithToken? issued;
            if (existing is null)
            {
                var type = DeviceTypes.All[(i - 1) % DeviceTypes.All.Count];
                var anchor = anchors.Count > 0 ? anchors[random.Next(anchors.Count)] : new { Latitude = 9.6, Longitude = 105.97 };
                var (created, errors) = await registry.RegisterAsync(null, new RegisterDeviceRequest(
                    code, $"Trạm mô phỏng {i} ({type.NameVi})", type.Code,
                    anchor.Latitude + ((random.NextDouble() - 0.5) * 0.01), anchor.Longitude + ((random.NextDouble() - 0.5) * 0.01),
                    "Mô phỏng (simulate sensors)", jurisdiction), cancellationToken);
                if (created is null)
                {
                    return ([], $"{code}: {string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value))}");
                }

                issued = created;
            }
            else
            {
                issued = await registry.IssueTokenAsync(null, existing.Id, cancellationToken);
            }

            var device = issued!.Device;
            devices.Add(new SimulatedDevice(device.Id, device.Jurisdiction, DeviceTypes.Find(device.Type)!, issued.Token));
        }

        return (devices, null);
    }

    private static bool TryHostPort(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        return true;
    }
}
