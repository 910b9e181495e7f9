using Mekong.Modules.Incidents.Cli;
using Mekong.Modules.Incidents.Demo;
using Mekong.Modules.Incidents.Features.Incidents;
using Mekong.Modules.Incidents.Features.Types;
using Mekong.Modules.Incidents.Features.Warnings;
using Mekong.Modules.Incidents.Storage;
using Mekong.Modules.Incidents.Ui;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Map;
using Mekong.Platform.Modules;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Incidents;

/// <summary>
/// Incidents and public warnings (issue 15, ADR 0036): incident types with their standard operating procedures,
/// incidents opened by hand, from a citizen report or from an alert, run with their checklist and timeline and closed
/// with a report; public warnings issued from them as CAP 1.2 (feed and documents), a banner on the portal for the
/// warned communes and notices to the residents subscribed to them.
/// </summary>
public static class IncidentsModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("incidents")
    {
        AddServices = (services, configuration) => services.AddIncidentsModule(configuration),
        MapEndpoints = app => app.MapIncidentsEndpoints(),
        Commands = IncidentsCommands.Create,
    };

    public static IServiceCollection AddIncidentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<IncidentsDbContext, IncidentsSqliteDbContext, IncidentsPostgresDbContext>(configuration, IncidentsDbContext.Schema);
        services.AddOutboxFor<IncidentsDbContext>();
        services.AddValidatedOptions<IncidentsOptions>(configuration, IncidentsOptions.Section);
        services.AddScoped<IncidentTypeRules>();
        services.AddScoped<IncidentWork>();
        services.AddScoped<IncidentQueries>();
        services.AddScoped<WarningArea>();
        services.AddScoped<WarningNotices>();
        services.AddScoped<WarningWork>();
        services.AddOutboxHandler<WarningEmailHandler>();
        services.AddSingleton(WarningNotices.WarningKind);
        services.AddSingleton(WarningNotices.ConfirmKind);
        services.AddScoped<IDemoSeeder, IncidentsDemoSeeder>();
        // Screens: the /ops board card and layer, the board and an incident's page, the portal's warning banner.
        services.AddSingleton(new UiAssembly(typeof(IncidentsModule).Assembly));
        services.AddSingleton(new ShellWidget(ShellWidget.OpsPanel, typeof(OpsIncidentsPanel), 15));
        services.AddSingleton(new ShellWidget(ShellWidget.PortalHome, typeof(PortalWarningBanner), 10));
        services.AddSingleton(new NavigationLink("officer", "/ops/incidents", "Sự cố", "Incidents", 15, Policies.Operator));
        services.AddSingleton(new MapLayer(
            IncidentEndpoints.LayerId, "Sự cố", "Incidents", IncidentEndpoints.LayerUrl,
            new MapLayerStyle("#7f1d1d", "#dc2626", 0.9, 2), Order: 70, VisibleByDefault: true, LabelProperty: "label", IncidentWork.LiveTopic, Policies.Operator)
        {
            FeaturesUrl = IncidentEndpoints.LayerUrl + "?ids={ids}",
        });
        return services;
    }

    public static IEndpointRouteBuilder MapIncidentsEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        app.MapIncidentTypes();
        app.MapIncidents();
        app.MapWarnings();
        return app;
    }
}
