using System.CommandLine;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Features.ImportPlacesCsv;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Cli;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Places.Cli;

/// <summary><c>import osm FILE [--jurisdiction J]</c> and <c>places list</c>.</summary>
internal static class PlacesCommands
{
    public static IEnumerable<Command> Create(CliServices cli) => [Import(cli), Places(cli)];

    private static Command Import(CliServices cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "An OpenStreetMap file: .osm.pbf or .osm (XML)" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "The jurisdiction to import into (default: the installation's only one)" };
        var osm = new Command("osm", "Import roads, turn restrictions, the base map's features and the places directory from an OSM file, replacing the jurisdiction's previous import")
        {
            file, jurisdiction,
        };
        osm.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No file {path.FullName}.");
                return 2;
            }

            var code = parse.GetValue(jurisdiction)?.Trim();
            if (code is null)
            {
                var all = await services.GetRequiredService<IAdminUnitDirectory>().ListJurisdictionsAsync(cancellationToken);
                if (all.Count != 1)
                {
                    await Console.Error.WriteLineAsync(all.Count == 0
                        ? "There is no jurisdiction yet: import admin units first (import admin-units) or seed the demo."
                        : $"--jurisdiction is needed: this installation has {all.Count} ({string.Join(", ", all.Select(j => j.Code))}).");
                    return 2;
                }

                code = all[0].Code;
            }

            OsmImportSummary summary;
            await using (var stream = path.OpenRead())
            using (var progress = ConsoleProgress.ForStandardError())
            {
                summary = await services.GetRequiredService<OsmImporter>().ImportAsync(stream, path.Name, code, progress, cancellationToken);
            }

            summary.WriteTo(Console.Out);
            return summary.Succeeded ? 0 : 1;
        }, cancellationToken));
        return new Command("import", "Import data from files") { osm };
    }

    private static Command Places(CliServices cli)
    {
        var list = new Command("list", "Count each jurisdiction's imported network and places");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PlacesDbContext>();
            var networks = await db.Networks.AsNoTracking().OrderBy(n => n.JurisdictionCode).ToListAsync(cancellationToken);
            Console.WriteLine($"{networks.Count} network(s)");
            foreach (var n in networks)
            {
                var places = await db.Places.CountAsync(p => p.JurisdictionCode == n.JurisdictionCode, cancellationToken);
                Console.WriteLine($"  {n.JurisdictionCode}  {n.Source}  imported {n.ImportedAt:u}: {n.Roads} roads, {n.TurnRestrictions} turn restrictions, {n.MapFeatures} map features, {places} places");
            }

            return 0;
        }, cancellationToken));
        var csvFile = new Argument<FileInfo>("file") { Description = "UTF-8 CSV with a header: category,name_vi,name_en,lat,lon,address,phone,website,email,opening_hours,procedures" };
        var csvJurisdiction = new Option<string>("--jurisdiction") { Description = "The jurisdiction the places belong to", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report; write nothing" };
        var importCsv = new Command("import-csv", "Add places to the directory from a CSV file (all rows or none)") { csvFile, csvJurisdiction, dryRun };
        importCsv.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var path = parse.GetValue(csvFile)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No file {path.FullName}.");
                return 2;
            }

            var code = parse.GetValue(csvJurisdiction)!.Trim();
            if (await services.GetRequiredService<IAdminUnitDirectory>().FindJurisdictionAsync(code, cancellationToken) is null)
            {
                await Console.Error.WriteLineAsync($"There is no jurisdiction '{code}'.");
                return 2;
            }

            using var reader = new StreamReader(path.FullName, System.Text.Encoding.UTF8);
            var report = await services.GetRequiredService<PlacesCsvImporter>().ImportAsync(reader, code, parse.GetValue(dryRun), cancellationToken);
            report.WriteTo(Console.Out);
            return report.Succeeded ? 0 : 1;
        }, cancellationToken));
        return new Command("places", "The places directory and the imported OSM network") { list, importCsv };
    }
}
