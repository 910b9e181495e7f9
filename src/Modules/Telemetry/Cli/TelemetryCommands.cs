using System.CommandLine;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Telemetry.Cli;

/// <summary><c>devices list</c>, <c>devices register</c>, <c>devices token</c>: the registry from the command line (the local administrator).</summary>
internal static class TelemetryCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the devices of every jurisdiction");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<TelemetryDbContext>();
            var devices = await db.Devices.AsNoTracking().OrderBy(d => d.JurisdictionCode).ThenBy(d => d.Id).ToListAsync(cancellationToken);
            Console.WriteLine($"{devices.Count} device(s)");
            foreach (var d in devices.Take(1000))
            {
                Console.WriteLine($"  {d.Id,6}  {d.JurisdictionCode}  {d.Code,-16} {d.TypeCode,-12} {d.Status.Code(),-11} {d.CommuneCode ?? "-",-8} {d.Name}");
            }

            return 0;
        }, cancellationToken));

        var jurisdiction = new Option<string>("--jurisdiction") { Description = "Jurisdiction code", Required = true };
        var code = new Option<string>("--code") { Description = "The device's code, unique in the jurisdiction", Required = true };
        var name = new Option<string>("--name") { Description = "Name", Required = true };
        var type = new Option<string>("--type") { Description = "Type: " + string.Join(", ", Domain.DeviceTypes.All.Select(t => t.Code)), Required = true };
        var latitude = new Option<double>("--lat") { Description = "Latitude", Required = true };
        var longitude = new Option<double>("--lon") { Description = "Longitude", Required = true };
        var agency = new Option<string>("--agency") { Description = "Owner agency", Required = true };
        var register = new Command("register", "Register a device and print its token (shown this once)") { jurisdiction, code, name, type, latitude, longitude, agency };
        register.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var registry = services.GetRequiredService<DeviceRegistry>();
            var (created, errors) = await registry.RegisterAsync(null, new RegisterDeviceRequest(
                parse.GetValue(code), parse.GetValue(name), parse.GetValue(type), parse.GetValue(latitude), parse.GetValue(longitude), parse.GetValue(agency), parse.GetValue(jurisdiction)), cancellationToken);
            if (created is null)
            {
                foreach (var (field, messages) in errors.ToDictionary())
                {
                    Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
                }

                return 2;
            }

            Console.WriteLine($"device {created.Device.Id} ({created.Device.Code}) in commune {created.Device.Commune ?? "-"}; topic {created.MqttTopic}");
            Console.WriteLine(created.Token);
            return 0;
        }, cancellationToken));

        var id = new Option<long>("--id") { Description = "Device id", Required = true };
        var token = new Command("token", "Issue a new token for a device (the old one stops working) and print it") { id };
        token.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var issued = await services.GetRequiredService<DeviceRegistry>().IssueTokenAsync(null, parse.GetValue(id), cancellationToken);
            if (issued is null)
            {
                Console.Error.WriteLine($"There is no device {parse.GetValue(id)}.");
                return 1;
            }

            Console.WriteLine(issued.Token);
            return 0;
        }, cancellationToken));
        return
        [
            new Command("devices", "Sensor devices and their tokens") { list, register, token },
            new Command("simulate", "Serve simulated devices on loopback") { Simulator.SensorSimulatorCommand.Create(cli) },
        ];
    }
}
