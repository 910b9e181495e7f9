using System.CommandLine;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Cameras.Cli;

/// <summary><c>cameras list</c>, <c>import cameras FILE</c>, <c>export cameras FILE</c>, <c>simulate cameras</c>.</summary>
internal static class CamerasCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the cameras of every jurisdiction with their state");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<CamerasDbContext>();
            var cameras = await db.Cameras.AsNoTracking().OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code)
                .Select(c => new { c.JurisdictionCode, c.Code, c.Type, c.State, c.Name }).ToListAsync(cancellationToken);
            Console.WriteLine($"{cameras.Count} camera(s)");
            foreach (var camera in cameras)
            {
                Console.WriteLine($"  {camera.JurisdictionCode}  {camera.Code,-20} {camera.Type,-10} {camera.State,-12} {camera.Name}");
            }

            return 0;
        }, cancellationToken));
        return [new Command("cameras", "The camera network") { list }];
    }
}
