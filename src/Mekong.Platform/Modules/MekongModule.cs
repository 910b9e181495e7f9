using System.CommandLine;
using Mekong.Platform.Cli;
using Mekong.Platform.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Modules;

/// <summary>
/// One line of the host's module table: what a module adds to the services, the endpoints it maps and the verbs it
/// gives the command line. The host reads the table in one place for the web server and the CLI; nothing is
/// discovered by reflection. Each module exposes its entry as <c>XxxModule.Module</c> (docs/adding-a-module.md).
/// </summary>
public sealed record MekongModule(string Name)
{
    /// <summary>Registers the module's services (its DbContext through <see cref="ModuleDatabase"/>, handlers, seeders ...).</summary>
    public required Action<IServiceCollection, IConfiguration> AddServices { get; init; }

    /// <summary>Maps the module's endpoints; each states its authorization policy.</summary>
    public Action<IEndpointRouteBuilder> MapEndpoints { get; init; } = _ => { };

    /// <summary>The module's top-level CLI verbs (e.g. <c>users</c>, <c>import</c>).</summary>
    public Func<CliServices, IEnumerable<Command>> Commands { get; init; } = _ => [];

    /// <summary>
    /// PostgreSQL features the module uses where they are available (partitions, COPY ...). The module reads
    /// <see cref="DatabaseCapabilities"/> to choose its path; on SQLite it runs its SQLite path.
    /// </summary>
    public PostgresFeatures UsesPostgresFeatures { get; init; }

    /// <summary>False for a module that has no SQLite path: then the host refuses to start on SQLite and says why.</summary>
    public bool RunsOnSqlite { get; init; } = true;
}
