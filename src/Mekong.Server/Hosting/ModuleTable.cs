using Mekong.Modules.Access;
using Mekong.Modules.AdminUnits;
using Mekong.Modules.Notifications;
using Mekong.Modules.Places;
using Mekong.Modules.Reports;
using Mekong.Modules.Telemetry;
using Mekong.Platform.Configuration;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Hosting;

/// <summary>
/// The modules that make up Mekong: adding a module is one line here (docs/adding-a-module.md). The web host and the
/// command line both read this table and nothing else, so a module's services, endpoints and verbs cannot drift
/// apart. Order matters: services are added, endpoints mapped and migrations applied in this order, so a module
/// comes after the modules whose contracts it uses.
/// </summary>
internal static class ModuleTable
{
    public static IReadOnlyList<MekongModule> Modules { get; } =
    [
        AdminUnitsModule.Module,
        AccessModule.Module,
        NotificationsModule.Module,
        ReportsModule.Module,
        TelemetryModule.Module,
        Mekong.Modules.Cameras.CamerasModule.Module,
        PlacesModule.Module,
        Mekong.Modules.PublicServices.PublicServicesModule.Module,
        Mekong.Modules.News.NewsModule.Module,
        Mekong.Modules.Incidents.IncidentsModule.Module,
    ];

    /// <summary>Adds every module's services, after refusing a database that one of them cannot run on.</summary>
    public static void AddModules(this IServiceCollection services, IReadOnlyList<MekongModule> modules, IConfiguration configuration)
    {
        var problems = StorageProblems(modules, ModuleDatabase.ReadProvider(configuration));
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(MekongOptions.Section, typeof(MekongOptions), problems);
        }

        services.AddSingleton(new ComposedModules(modules));
        foreach (var module in modules)
        {
            module.AddServices(services, configuration);
        }
    }

    public static void MapModules(this WebApplication app)
    {
        foreach (var module in app.Services.GetRequiredService<ComposedModules>().All)
        {
            module.MapEndpoints(app);
        }
    }

    /// <summary>A module may use PostgreSQL features where they exist; only one without a SQLite path stops a SQLite start.</summary>
    public static IReadOnlyList<string> StorageProblems(IEnumerable<MekongModule> modules, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSQL
            ? []
            : modules.Where(m => !m.RunsOnSqlite)
                .Select(m => $"Module '{m.Name}' needs PostgreSQL ({m.UsesPostgresFeatures}) and has no SQLite path: set Mekong:Database:Provider=PostgreSQL and ConnectionStrings:Mekong.")
                .ToList();
}

/// <summary>The module table this host was built with (tests build hosts with extra modules).</summary>
internal sealed record ComposedModules(IReadOnlyList<MekongModule> All);
