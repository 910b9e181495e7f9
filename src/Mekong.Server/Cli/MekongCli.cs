using System.CommandLine;
using Mekong.Modules.Access;
using Mekong.Modules.AdminUnits;
using Mekong.Platform.Cli;
using Mekong.Platform.Storage;
using Mekong.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Cli;

/// <summary>
/// The command-line face of the server: <c>migrate</c>, <c>seed-demo</c>, and the verbs modules contribute
/// (<c>users</c>, <c>apikeys</c>, <c>jurisdictions</c>, <c>import</c> ...). Same configuration as the server.
/// </summary>
internal static class MekongCli
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "migrate", "seed-demo", "backup", "users", "apikeys", "jurisdictions", "import", "--help", "-h", "-?", "--version" };

    /// <summary>
    /// A verb's standard output is its result (a key, a password, a list) for scripts to capture:
    /// <c>KEY=$(... apikeys create ...)</c>. Its log lines go to standard error.
    /// </summary>
    private static readonly string[] HostArgs = ["--Logging:Console:LogToStandardErrorThreshold=Trace"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication? app = null;
        var cli = new CliServices(async cancellationToken =>
        {
            app = MekongHost.Build(HostArgs);
            await app.Services.GetRequiredService<StartupRunner>().PrepareAsync(cancellationToken);
            return app.Services;
        });

        var root = new RootCommand("Mekong IOC. Without a verb: serve the IOC (dotnet run --project src/Mekong.Server [--urls URL]).");
        var migrate = new Command("migrate", "Apply pending database migrations of every module and exit");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            app = MekongHost.Build(HostArgs);
            await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        var seed = new Command("seed-demo", "Create the synthetic demo province and demo accounts (idempotent)");
        seed.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var notes = await services.GetRequiredService<StartupRunner>().SeedDemoAsync(cancellationToken);
            Console.WriteLine("Demo province seeded. Demo log-ins:");
            foreach (var note in notes)
            {
                Console.WriteLine("  " + note);
            }

            return 0;
        }, cancellationToken));
        var target = new Argument<FileInfo>("file") { Description = "Where to write the copy (a new file)" };
        var backup = new Command("backup", "Copy the embedded SQLite database (SQLite online backup) and, into FILE.data/, the stored files and keys, while the server runs. For the PostgreSQL database use pg_dump; see docs/operations.md") { target };
        backup.SetAction((parse, cancellationToken) => cli.RunAsync(services => SqliteBackup.RunAsync(services, parse.GetValue(target)!, cancellationToken), cancellationToken));
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(backup);
        root.Subcommands.Add(seed);
        foreach (var command in AccessModule.Commands(cli).Concat(AdminUnitsModule.Commands(cli)))
        {
            root.Subcommands.Add(command);
        }

        try
        {
            // Without this System.CommandLine catches everything and prints a stack trace; a wrong setting deserves the
            // same one-line message as when serving.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OptionsValidationException ex)
        {
            return MekongHost.Fail(ex.Failures);
        }
        catch (InvalidOperationException ex) when (MekongHost.NamesASetting(ex))
        {
            return MekongHost.Fail([ex.Message]);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
