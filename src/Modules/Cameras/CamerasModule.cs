using Mekong.Modules.Cameras.Cli;
using Mekong.Modules.Cameras.Demo;
using Mekong.Modules.Cameras.Features.Health;
using Mekong.Modules.Cameras.Features.ImportExport;
using Mekong.Modules.Cameras.Features.Maintenance;
using Mekong.Modules.Cameras.Features.Outages;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Features.UptimeReport;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Storage;
using Mekong.Modules.Cameras.Ui;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Jobs;
using Mekong.Platform.Map;
using Mekong.Platform.Modules;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Cameras;

/// <summary>
/// The camera network (issue 16, ADR 0028): the registry of a province's traffic and security cameras, their health
/// checked over the cameras' own protocols (RTSP, ONVIF, JPEG snapshots), a state per camera with its history and
/// uptime, and a simulator that serves a fleet of cameras on loopback for the demo, the tests and the benchmark.
/// </summary>
public static class CamerasModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("cameras")
    {
        AddServices = (services, configuration) => services.AddCamerasModule(configuration),
        MapEndpoints = app => app.MapCamerasEndpoints(),
        Commands = CamerasCommands.Create,
    };

    public static IServiceCollection AddCamerasModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CamerasDbContext, CamerasSqliteDbContext, CamerasPostgresDbContext>(configuration, CamerasDbContext.Schema);
        services.AddScoped<CameraRegistry>();
        services.AddScoped<Contracts.ICameraDirectory, NearbyCameras>();
        services.AddScoped<CameraImporter>();
        // The prober: one HTTP client for every camera's ONVIF and snapshot calls; the scheduler is a periodic job.
        services.AddValidatedOptions<ProbeOptions>(configuration, ProbeOptions.Section);
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProbeOptions>>().Value;
            return new CameraProber(CameraProber.CreateHttpClient(), sp.GetRequiredService<TimeProvider>())
            {
                Timeout = settings.Timeout,
                SlowAfter = settings.SlowAfter,
                CheckOnvif = settings.CheckOnvif,
            };
        });
        services.AddScoped<IDemoSeeder, CamerasDemoSeeder>();
        // The health screens (ADR 0034): the /ops card, the map layer, the fleet table, a camera's page and the wall.
        services.AddScoped<FleetHealth>();
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton(new UiAssembly(typeof(CamerasModule).Assembly));
        services.AddSingleton(new ShellWidget(ShellWidget.OpsPanel, typeof(OpsCamerasPanel), 30));
        services.AddSingleton(new MapLayer(
            HealthEndpoints.LayerId, "Camera giám sát", "Cameras", HealthEndpoints.LayerUrl + "?bbox={bbox}",
            new MapLayerStyle("#374151", "#16a34a", 0.9, 2), Order: 60, VisibleByDefault: true, LabelProperty: "label", ProbeJob.LiveTopic, Policies.Viewer));
        services.AddSingleton(new NavigationLink("officer", "/ops/cameras", "Bảng camera", "Camera fleet", 40, Policies.Viewer));
        services.AddPeriodicJob<ProbeJob>(ProbeJob.Name, Schedule.Every(ProbeOptions.TickOf(configuration)));
        // Maintenance (ADR 0039): contractors, tickets, stored grouped outages, the monthly report per contractor.
        services.AddValidatedOptions<MaintenanceOptions>(configuration, MaintenanceOptions.Section);
        services.AddScoped<MaintenanceNotices>();
        services.AddScoped<ContractorReport>();
        services.AddPeriodicJob<MaintenanceJob>(MaintenanceJob.Name, Schedule.Every(MaintenanceJob.Interval));
        services.AddOutboxFor<CamerasDbContext>();
        services.AddOutboxHandler<TicketEmailHandler>();
        services.AddSingleton(MaintenanceNotices.TicketKind);
        services.AddSingleton(MaintenanceNotices.OutageKind);
        return services;
    }

    public static IEndpointRouteBuilder MapCamerasEndpoints(this IEndpointRouteBuilder app)
    {
        // Reads for every signed-in role (Viewer and up); writes state Administrator on each endpoint.
        var api = app.MapGroup("/api/v1/cameras").WithTags("Cameras").RequireAuthorization(Policies.Viewer);
        api.MapCameraRegistry();
        api.MapCameraImportExport();
        api.MapCameraHealth();
        api.MapContractors();
        api.MapTickets();
        api.MapOutageAlerts();
        api.MapUptimeReport();
        return app;
    }
}
