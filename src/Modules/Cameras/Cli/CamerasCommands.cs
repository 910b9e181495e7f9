using System.CommandLine;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Cameras.Features.ImportExport;
using Mekong.Modules.Cameras.Simulator;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Cameras.Cli;

/// <summary><c>cameras list</c>, <c>import cameras FILE</c>, <c>export cameras FILE</c>, <c>simulate cameras</c>.</summary>
internal static class CamerasCommands
{
    public static IEnumerable<Command> Create(CliServices cli) =>
    [
        List(cli),
        new Command("import", "Import data from files") { Import(cli) },
        new Command("export", "Export data to files") { Export(cli) },
        new Command("simulate", "Serve simulated devices on loopback") { SimulatorCommand.Create() },
    ];

    private static Command List(CliServices cli)
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
        return new Command("cameras", "The camera network") { list };
    }

    private static Command Import(CliServices cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV (header code,name,type,latitude,longitude,...) or GeoJSON (.geojson/.json) of points" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "Jurisdiction code (default: the only one, when there is one)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and print the report; change nothing" };
        var command = new Command("cameras", "Import cameras, all or nothing: a bad row (reported by its line) stops the whole file") { file, jurisdiction, dryRun };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No file {path.FullName}.");
                return 2;
            }

            var code = await JurisdictionAsync(services, parse.GetValue(jurisdiction), cancellationToken);
            if (code is null)
            {
                return 2;
            }

            var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
            var (rows, fileProblem) = CameraImporter.Read(bytes, CameraImporter.LooksLikeGeoJson(path.Name, null, bytes));
            if (fileProblem is not null)
            {
                await Console.Error.WriteLineAsync(fileProblem);
                return 1;
            }

            var report = await services.GetRequiredService<CameraImporter>().ImportAsync(code, rows, parse.GetValue(dryRun), cancellationToken);
            foreach (var problem in report.Problems)
            {
                await Console.Error.WriteLineAsync($"line {problem.Line}{(problem.Code.Length > 0 ? $" ({problem.Code})" : string.Empty)}: {string.Join(" ", problem.Reasons)}");
            }

            if (report.FileProblem is not null)
            {
                await Console.Error.WriteLineAsync(report.FileProblem);
            }

            Console.WriteLine(report.Ok
                ? $"{(report.DryRun ? "Dry run: would import" : "Imported")} {report.Rows} row(s): {report.Created} new, {report.Updated} updated camera(s) in jurisdiction {code}."
                : $"{report.Problems.Count} bad row(s) of {report.Rows}: nothing imported.");
            return report.Ok ? 0 : 1;
        }, cancellationToken));
        return command;
    }

    private static Command Export(CliServices cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write: .csv, or .geojson for GeoJSON (no credentials in either)" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "Only this jurisdiction's cameras" };
        var command = new Command("cameras", "Export the camera registry (without credentials)") { file, jurisdiction };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<CamerasDbContext>();
            var code = parse.GetValue(jurisdiction);
            var cameras = await db.Cameras.AsNoTracking().Where(c => code == null || c.JurisdictionCode == code)
                .OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code).ToListAsync(cancellationToken);
            var path = parse.GetValue(file)!;
            await using var stream = File.Create(path.FullName);
            if (path.Name.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || path.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                await CameraFile.WriteGeoJsonAsync(stream, cameras, cancellationToken);
            }
            else
            {
                await using var writer = new StreamWriter(stream, CameraFile.Utf8);
                CameraFile.WriteCsv(writer, cameras);
            }

            Console.WriteLine($"Exported {cameras.Count} camera(s) to {path.FullName}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<string?> JurisdictionAsync(IServiceProvider services, string? given, CancellationToken cancellationToken)
    {
        var all = await services.GetRequiredService<IAdminUnitDirectory>().ListJurisdictionsAsync(cancellationToken);
        if (given is not null)
        {
            if (all.Any(j => j.Code == given))
            {
                return given;
            }

            await Console.Error.WriteLineAsync($"No jurisdiction {given}.");
            return null;
        }

        if (all.Count == 1)
        {
            return all[0].Code;
        }

        await Console.Error.WriteLineAsync($"--jurisdiction is required: there are {all.Count} jurisdictions ({string.Join(", ", all.Select(j => j.Code))}).");
        return null;
    }
}
