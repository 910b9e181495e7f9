using System.CommandLine;
using Mekong.Platform.Cli;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Mekong.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Cli;

/// <summary>What the first word of a command line asks for.</summary>
internal enum CommandLineKind
{
    /// <summary>No verb (nothing, or settings such as <c>--urls</c>, <c>key=value</c>): serve the IOC.</summary>
    Serve,

    /// <summary>A verb or option the root command knows (<c>migrate</c>, <c>users</c>, <c>--help</c> ...).</summary>
    Verb,

    /// <summary>A word that looks like a verb but is none: refused, never taken for "serve".</summary>
    UnknownVerb,
}

/// <summary>
/// The command-line face of the server: <c>migrate</c>, <c>seed-demo</c>, <c>backup</c> and the verbs modules
/// contribute through the module table (<c>users</c>, <c>apikeys</c>, <c>jurisdictions</c>, <c>import</c> ...).
/// Same configuration as the server. A verb is whatever the root command knows: there is no second list.
/// </summary>
internal static class MekongCli
{
    public static CommandLineKind Classify(string[] args) => Classify(args, ModuleTable.Modules);

    public static CommandLineKind Classify(string[] args, IReadOnlyList<MekongModule> modules)
    {
        if (args.Length == 0)
        {
            return CommandLineKind.Serve;
        }

        var word = args[0];
        if (Knows(CreateRoot(new CliSession(modules), modules), word))
        {
            return CommandLineKind.Verb;
        }

        // Host settings reach the server as --key value, --key=value, /key=value or key=value.
        return word.StartsWith('-') || word.StartsWith('/') || word.Contains('=', StringComparison.Ordinal)
            ? CommandLineKind.Serve
            : CommandLineKind.UnknownVerb;
    }

    /// <summary>The verbs (top-level commands) of the root command, in the order help lists them.</summary>
    public static IReadOnlyList<string> Verbs(IReadOnlyList<MekongModule> modules) =>
        CreateRoot(new CliSession(modules), modules).Subcommands.Select(c => c.Name).ToList();

    /// <summary>An unknown first word is a typo or a verb of a module missing from the table: say so, exit 1.</summary>
    public static int RejectUnknownVerb(string[] args)
    {
        Console.Error.WriteLine($"Unknown verb '{args[0]}'. Verbs: {string.Join(", ", Verbs(ModuleTable.Modules))}.");
        Console.Error.WriteLine("'--help' describes them. Without a verb (or with settings such as --urls http://localhost:5080) Mekong serves the IOC.");
        return 1;
    }

    public static async Task<int> RunAsync(string[] args) => await RunAsync(args, ModuleTable.Modules);

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<MekongModule> modules)
    {
        await using var session = new CliSession(modules);
        var root = CreateRoot(session, modules);
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
    }

    private static bool Knows(RootCommand root, string word) =>
        root.Subcommands.Any(c => c.Name == word || c.Aliases.Contains(word))
        || root.Options.Any(o => o.Name == word || o.Aliases.Contains(word));

    private static RootCommand CreateRoot(CliSession session, IReadOnlyList<MekongModule> modules)
    {
        var cli = session.Services;
        var root = new RootCommand("Mekong IOC. Without a verb: serve the IOC (dotnet run --project src/Mekong.Server [--urls URL]).");
        var migrate = new Command("migrate", "Apply pending database migrations of every module and exit");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            var app = session.Build();
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
        var backup = new Command("backup", "Copy the embedded SQLite database while the server runs (SQLite online backup). For PostgreSQL use pg_dump; see docs/operations.md") { target };
        backup.SetAction((parse, cancellationToken) => cli.RunAsync(services => SqliteBackup.RunAsync(services, parse.GetValue(target)!, cancellationToken), cancellationToken));
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(backup);
        root.Subcommands.Add(seed);
        foreach (var command in modules.SelectMany(m => m.Commands(cli)))
        {
            // Two modules may share a verb group (`import admin-units`, `import cameras`, `import osm`): their sub-verbs meet under one.
            if (root.Subcommands.FirstOrDefault(c => c.Name == command.Name) is { } shared && command.Action is null && shared.Action is null)
            {
                foreach (var sub in command.Subcommands.ToList())
                {
                    shared.Subcommands.Add(sub);
                }

                continue;
            }

            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>The application a verb runs in: built on first use (with the same module table), disposed after the verb.</summary>
    private sealed class CliSession : IAsyncDisposable
    {
        private readonly IReadOnlyList<MekongModule> _modules;
        private WebApplication? _app;

        public CliSession(IReadOnlyList<MekongModule> modules)
        {
            _modules = modules;
            Services = new CliServices(async cancellationToken =>
            {
                var app = Build();
                await app.Services.GetRequiredService<StartupRunner>().PrepareAsync(cancellationToken);
                return app.Services;
            });
        }

        public CliServices Services { get; }

        /// <summary>
        /// A verb's standard output is its result (a key, a password, a list) for scripts to capture:
        /// <c>KEY=$(... apikeys create ...)</c>. Its log lines go to standard error.
        /// </summary>
        public WebApplication Build() => _app ??= MekongHost.Build(["--Logging:Console:LogToStandardErrorThreshold=Trace"], _modules);

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
