using System.CommandLine;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Incidents.Cli;

/// <summary><c>incidents list</c>: the incidents that are not closed, of every jurisdiction.</summary>
internal static class IncidentsCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the incidents that are not closed, of every jurisdiction");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<IncidentsDbContext>();
            var incidents = await db.Incidents.AsNoTracking().Where(i => i.Status != IncidentStatus.Closed)
                .OrderBy(i => i.JurisdictionCode).ThenByDescending(i => i.OpenedAt).ToListAsync(cancellationToken);
            Console.WriteLine($"{incidents.Count} open incident(s)");
            foreach (var i in incidents)
            {
                Console.WriteLine($"  {i.JurisdictionCode}  {i.Id}  {i.TypeCode,-18} {i.Severity,-9} {Incident.Name(i.Status),-10} {i.Title}");
            }

            return 0;
        }, cancellationToken));
        return [new Command("incidents", "Incidents and public warnings") { list }];
    }
}
