using System.CommandLine;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Places.Cli;

/// <summary><c>places list</c>.</summary>
internal static class PlacesCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the items of every jurisdiction");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PlacesDbContext>();
            var items = await db.Items.AsNoTracking().OrderBy(i => i.JurisdictionCode).ThenBy(i => i.Title).ToListAsync(cancellationToken);
            Console.WriteLine($"{items.Count} item(s)");
            foreach (var item in items)
            {
                Console.WriteLine($"  {item.JurisdictionCode}  {item.Title}");
            }

            return 0;
        }, cancellationToken));
        return [new Command("places", "Manage Places") { list }];
    }
}
