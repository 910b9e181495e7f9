using Mekong.Modules.Reports.Cli;
using Mekong.Modules.Reports.Demo;
using Mekong.Modules.Reports.Features.Open311;
using Mekong.Modules.Reports.Features.Portal;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Modules;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Reports;

/// <summary>
/// Citizen reports (<i>phản ánh hiện trường</i>): categories per jurisdiction, reports with their workflow and history,
/// routing to the commune or department that must act, and the Open311 GeoReport v2 server at <c>/open311/v2/</c>.
/// </summary>
public static class ReportsModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("reports")
    {
        AddServices = (services, configuration) => services.AddReportsModule(configuration),
        MapEndpoints = app => app.MapReportsEndpoints(),
        Commands = ReportsCommands.Create,
    };

    public static IServiceCollection AddReportsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ReportsDbContext, ReportsSqliteDbContext, ReportsPostgresDbContext>(configuration, ReportsDbContext.Schema);
        services.AddOutboxFor<ReportsDbContext>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<IDemoSeeder, ReportsDemoSeeder>();
        // The residents' portal (/reports…, /api/v1/portal): h-portal.
        services.AddValidatedOptions<ResidentPortalOptions>(configuration, ResidentPortalOptions.Section);
        services.AddSingleton<PortalCache>();
        services.AddScoped<PortalQueries>();
        services.AddScoped<SupportReportHandler>();
        services.AddScoped<ReporterActionsHandler>();
        services.AddSingleton(new UiAssembly(typeof(ReportsModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        // Open311 states its own policies per endpoint: anonymous public reads, API-key writes.
        app.MapOpen311();
        // The residents' portal API: anonymous, public data only; writes rate limited with antiforgery.
        app.MapResidentPortal();
        return app;
    }
}
