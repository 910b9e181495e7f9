using System.CommandLine;
using Mekong.Modules.Reports.Demo;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Reports.Cli;

/// <summary>
/// <c>reports list</c>: the categories of every jurisdiction with their report counts. <c>reports generate</c>: many
/// demo-like reports through the bulk writer, for benchmarks (bench/README.md) and load tests; never on a real installation.
/// </summary>
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
        return [new Command("reports", "Citizen reports") { list, Generate(cli) }];
    }

    private static Command Generate(CliServices cli)
    {
        var count = new Option<int>("--count") { Description = "How many reports (over the last two years)", Required = true };
        var jurisdiction = new Option<string>("--jurisdiction") { Description = "Jurisdiction code (its categories must exist: seed-demo)", DefaultValueFactory = _ => "90" };
        var places = new Option<int>("--places") { Description = "How many distinct places in the jurisdiction's communes", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 14 };
        var generate = new Command("generate", "Write many generated reports in bulk (benchmarks and load tests only)") { count, jurisdiction, places, seed };
        generate.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var volume = services.GetRequiredService<ReportsVolume>();
            var random = new Random(parse.GetValue(seed));
            var code = parse.GetValue(jurisdiction)!;
            var points = await volume.PlacesAsync(code, random, parse.GetValue(places), cancellationToken);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var total = parse.GetValue(count);
            var written = await volume.GenerateAsync(code, total, random, points, services.GetRequiredService<TimeProvider>(), batch =>
            {
                Console.Error.Write($"\r{batch[^1].Id} ");
                return Task.CompletedTask;
            }, cancellationToken);
            Console.WriteLine($"{written} report(s) written in {watch.Elapsed.TotalSeconds:F1} s at {points.Count} place(s)");
            return written == total ? 0 : 1;
        }, cancellationToken));
        return generate;
    }
}
