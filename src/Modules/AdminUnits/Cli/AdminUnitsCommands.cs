using System.CommandLine;
using System.Globalization;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Cli;
using Mekong.Platform.Errors;
using Mekong.Platform.Events;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.AdminUnits.Cli;

/// <summary><c>jurisdictions create|list</c> and <c>import admin-units FILE</c>: setting up a real province from its own boundary files.</summary>
internal static class AdminUnitsCommands
{
    public static IEnumerable<Command> Create(CliServices cli) => [Jurisdictions(cli), Import(cli)];

    private static Command Jurisdictions(CliServices cli)
    {
        var code = new Option<string>("--code") { Description = "The province's official code, e.g. 94", Required = true };
        var nameVi = new Option<string>("--name-vi") { Description = "Vietnamese name, e.g. \"Tỉnh Sóc Trăng\"", Required = true };
        var nameEn = new Option<string?>("--name-en") { Description = "English name (defaults to the Vietnamese name)" };
        var create = new Command("create", "Create a jurisdiction (a province or centrally governed city) to import units into") { code, nameVi, nameEn };
        create.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<AdminUnitsDbContext>();
            var wanted = parse.GetValue(code)!.Trim();
            if (await db.Jurisdictions.AnyAsync(j => j.Code == wanted, cancellationToken))
            {
                await Console.Error.WriteLineAsync($"Jurisdiction {wanted} exists already.");
                return 2;
            }

            try
            {
                var jurisdiction = Jurisdiction.Create(wanted, parse.GetValue(nameVi)!, parse.GetValue(nameEn), isSynthetic: false, services.GetRequiredService<TimeProvider>());
                db.Jurisdictions.Add(jurisdiction);
                await db.SaveChangesAsync(cancellationToken);
                Console.WriteLine($"Created jurisdiction {jurisdiction.Code} ({jurisdiction.NameVi} / {jurisdiction.NameEn}).");
                return 0;
            }
            catch (DomainException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        }, cancellationToken));

        var list = new Command("list", "List jurisdictions with their units in force today");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<AdminUnitsDbContext>();
            var today = VietnamTime.Today(services.GetRequiredService<TimeProvider>());
            var counts = (await db.AdminUnits.AsNoTracking().ValidOn(today)
                .GroupBy(u => new { u.JurisdictionCode, u.Level }).Select(g => new { g.Key.JurisdictionCode, g.Key.Level, Count = g.Count() })
                .ToListAsync(cancellationToken))
                .ToLookup(x => x.JurisdictionCode);
            foreach (var j in await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(cancellationToken))
            {
                var units = string.Join(", ", counts[j.Code].OrderBy(c => c.Level).Select(c => $"{c.Count} {c.Level.ToApi()}"));
                Console.WriteLine($"{j.Code,-6} {j.NameVi} / {j.NameEn}{(j.IsSynthetic ? " [synthetic]" : string.Empty)}  ({(units.Length == 0 ? "no units" : units)})");
            }

            return 0;
        }, cancellationToken));

        return new Command("jurisdictions", "Manage jurisdictions") { create, list };
    }

    private static Command Import(CliServices cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "GeoJSON (.geojson/.json), Shapefile (.shp with .dbf/.prj/.cpg beside it, or a .zip) or CSV with a wkt column" };
        var jurisdiction = new Option<string>("--jurisdiction") { Description = "Jurisdiction code", Required = true };
        var level = new Option<string>("--level") { Description = "province, district or commune", Required = true };
        var codeProperty = new Option<string>("--code-property") { Description = "Attribute holding the unit's code", DefaultValueFactory = _ => "code" };
        var nameProperty = new Option<string>("--name-property") { Description = "Attribute holding the Vietnamese name", DefaultValueFactory = _ => "name" };
        var nameEnProperty = new Option<string>("--name-en-property") { Description = "Attribute holding the English name", DefaultValueFactory = _ => "name_en" };
        var parentProperty = new Option<string>("--parent-property") { Description = "Attribute holding the parent unit's code", DefaultValueFactory = _ => "parent" };
        var populationProperty = new Option<string>("--population-property") { Description = "Attribute holding the population", DefaultValueFactory = _ => "population" };
        var householdsProperty = new Option<string>("--households-property") { Description = "Attribute holding the household count", DefaultValueFactory = _ => "households" };
        var validFrom = new Option<string?>("--valid-from") { Description = "First day the units apply, YYYY-MM-DD (default: today in Vietnam)" };
        var sourceCrs = new Option<string?>("--source-crs") { Description = "Coordinate system of the file, e.g. EPSG:9210; overrides the .prj or GeoJSON crs" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and print the report; change nothing" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the valid features even when some are rejected" };
        var lang = new Option<string>("--lang")
        {
            // The decision, in one line of the help: a terminal, a log or a script is read in English; vi is asked for.
            Description = "Language of the report: en (default, like the rest of the CLI and its logs) or vi (as the /admin/import screen shows it)",
            DefaultValueFactory = _ => "en",
        };
        lang.AcceptOnlyFromAmong("en", "vi");
        var adminUnits = new Command("admin-units", "Import one level of a jurisdiction's administrative units from a boundary file")
        {
            file, jurisdiction, level, codeProperty, nameProperty, nameEnProperty, parentProperty, populationProperty, householdsProperty,
            validFrom, sourceCrs, dryRun, skipInvalid, lang,
        };
        adminUnits.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            // Flows with this async call only (the culture lives in the execution context): the report, its progress lines.
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(parse.GetValue(lang) == "vi" ? "vi-VN" : "en");
            if (!AdminLevelNames.TryParse(parse.GetValue(level), out var parsedLevel))
            {
                await Console.Error.WriteLineAsync("--level must be province, district or commune.");
                return 2;
            }

            DateOnly date;
            var dateText = parse.GetValue(validFrom);
            if (dateText is null)
            {
                date = VietnamTime.Today(services.GetRequiredService<TimeProvider>());
            }
            else if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                await Console.Error.WriteLineAsync($"--valid-from '{dateText}' is not a date YYYY-MM-DD.");
                return 2;
            }

            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No file {path.FullName}.");
                return 2;
            }

            var options = new ImportOptions(parse.GetValue(jurisdiction)!.Trim(), parsedLevel, date)
            {
                CodeProperty = parse.GetValue(codeProperty)!,
                NameProperty = parse.GetValue(nameProperty)!,
                NameEnProperty = parse.GetValue(nameEnProperty)!,
                ParentProperty = parse.GetValue(parentProperty)!,
                PopulationProperty = parse.GetValue(populationProperty)!,
                HouseholdsProperty = parse.GetValue(householdsProperty)!,
                SourceCrs = parse.GetValue(sourceCrs),
                DryRun = parse.GetValue(dryRun),
                SkipInvalid = parse.GetValue(skipInvalid),
            };
            var importer = services.GetRequiredService<AdminUnitImporter>();
            // The report goes to standard output; progress to standard error: a bar on a terminal, plain lines in a log.
            ImportReport report;
            using (var progress = ConsoleProgress.ForStandardError())
            {
                report = await importer.ImportAsync(ImportFile.FromPath(path.FullName), options, progress, cancellationToken);
            }

            report.WriteTo(Console.Out);
            return report.Succeeded ? 0 : 1;
        }, cancellationToken));

        return new Command("import", "Import data from files") { adminUnits };
    }
}
