using System.CommandLine;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.PublicServices.Cli;

/// <summary><c>public-services procedures</c>: the catalogue's size per jurisdiction.</summary>
internal static class PublicServicesCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("procedures", "List the procedures of every jurisdiction");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PublicServicesDbContext>();
            var items = await db.Procedures.AsNoTracking().OrderBy(p => p.JurisdictionCode).ThenBy(p => p.Code).ToListAsync(cancellationToken);
            Console.WriteLine($"{items.Count} procedure(s)");
            foreach (var item in items)
            {
                Console.WriteLine($"  {item.JurisdictionCode}  {item.Code}  {item.NameVi}");
            }

            return 0;
        }, cancellationToken));
        return [new Command("public-services", "Online public services: procedures and dossiers") { list }];
    }
}
