using System.CommandLine;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Reports.Cli;

/// <summary><c>reports list</c>: the categories of every jurisdiction with their report counts.</summary>
internal static class ReportsCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the report categories of every jurisdiction and how many reports each has");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<ReportsDbContext>();
            var categories = await db.Categories.AsNoTracking().OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code).ToListAsync(cancellationToken);
            var counts = await db.Reports.AsNoTracking().GroupBy(r => r.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            Console.WriteLine($"{categories.Count} categor{(categories.Count == 1 ? "y" : "ies")}, {counts.Values.Sum()} report(s)");
            foreach (var category in categories)
            {
                Console.WriteLine($"  {category.JurisdictionCode}  {category.Code,-24} {counts.GetValueOrDefault(category.Id),6}  {category.NameVi}");
            }

            return 0;
        }, cancellationToken));
        return [new Command("reports", "Citizen reports") { list }];
    }
}
