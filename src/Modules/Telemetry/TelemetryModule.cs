using Mekong.Modules.Telemetry.Cli;
using Mekong.Modules.Telemetry.Contracts;
using Mekong.Modules.Telemetry.Demo;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Features.Ingest;
using Mekong.Modules.Telemetry.Features.Mqtt;
using Mekong.Modules.Telemetry.Features.NgsiLd;
using Mekong.Modules.Telemetry.Features.OpsMap;
using Mekong.Modules.Telemetry.Features.Partitions;
using Mekong.Modules.Telemetry.Features.Series;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Modules.Telemetry.Ui;
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

namespace Mekong.Modules.Telemetry;

/// <summary>
/// Sensors and their readings (<i>quan trắc tự động</i>): the device registry with per-device tokens, time-series
/// storage with continuous rollups on both databases, ingest over HTTP batches and MQTT, the read APIs and the sensor
/// layer of <c>/ops</c> (ADR 0027); alerts (ADR 0033); NGSI-LD over the same devices and readings and the sensor simulator (ADR 0041).
/// </summary>
public static class TelemetryModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("telemetry")
    {
        AddServices = (services, configuration) => services.AddTelemetryModule(configuration),
        MapEndpoints = app => app.MapTelemetryEndpoints(),
        Commands = TelemetryCommands.Create,
    };

    public static IServiceCollection AddTelemetryModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<TelemetryDbContext, TelemetrySqliteDbContext, TelemetryPostgresDbContext>(configuration, TelemetryDbContext.Schema);
        services.AddSingleton<DeviceDirectory>();
        services.AddScoped<DeviceRegistry>();
        services.AddScoped<ReadingStore>();
        services.AddScoped<IngestReadingsHandler>();
        services.AddScoped<NgsiEntities>();
        AddAlerts(services, configuration);
        services.AddSingleton<SensorLiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SensorLiveFeed>());
        services.AddTelemetryAuthentication();
        services.AddPeriodicJob<ReadingPartitionJob>(ReadingPartitionJob.Name, Schedule.Every(ReadingPartitionJob.Interval));
        services.AddScoped<IDemoSeeder, TelemetryDemoSeeder>();
        services.AddValidatedOptions<MqttOptions>(configuration, MqttOptions.Section);
        if (configuration.GetValue<bool>(MqttOptions.Section + ":Enabled"))
        {
            services.AddSingleton<MqttIngestQueue>();
            services.AddHostedService(sp => sp.GetRequiredService<MqttIngestQueue>());
            services.AddSingleton<MqttBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<MqttBroker>());
        }

        services.AddSingleton(new MapLayer(
            TelemetryLive.Layer, "Trạm quan trắc", "Sensors",
            SensorLayerEndpoints.LayerUrl, new MapLayerStyle("#0f766e", "#14b8a6", 0.9, 1.5),
            Order: 40, VisibleByDefault: true, LabelProperty: "label", TelemetryLive.Topic, Policies.Viewer)
        {
            FeaturesUrl = SensorLayerEndpoints.LayerUrl + "?ids={ids}",
        });
        return services;
    }

    /// <summary>Alerts (ADR 0033): the evaluator fed by ingest, the writer, the follow-up job, notifications and the directory other modules read.</summary>
    private static void AddAlerts(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AlertOptions>(configuration, AlertOptions.Section);
        services.AddSingleton<AlertWriter>();
        services.AddSingleton<AlertEngine>();
        services.AddHostedService<AlertEngineStartup>();
        services.AddScoped<AlertNotifier>();
        services.AddScoped<AlertFollowUp>();
        services.AddScoped<IAlertDirectory, AlertDirectory>();
        services.AddPeriodicJob<AlertJob>(AlertJob.Name, Schedule.Every(AlertJob.Interval));
        services.AddOutboxFor<TelemetryDbContext>();
        services.AddOutboxHandler<AlertEmailHandler>();
        services.AddSingleton(new MapLayer(
            AlertLayer.Id, "Cảnh báo quan trắc", "Sensor alerts", AlertLayer.Url, new MapLayerStyle("#b91c1c", "#ef4444", 0.85, 2),
            Order: 41, VisibleByDefault: true, LabelProperty: "label", AlertLive.Topic, Policies.Viewer));
        services.AddSingleton(new ShellWidget(ShellWidget.OpsPanel, typeof(OpsAlertsPanel), 15));
    }

    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        var devices = app.MapGroup("/api/v1/devices").WithTags("Telemetry: devices").RequireAuthorization(Policies.Viewer);
        devices.MapGet("/", DeviceEndpoints.List).WithName("ListDevices");
        devices.MapGet("/types", DeviceEndpoints.Types).WithName("ListDeviceTypes");
        devices.MapGet("/{id:long}", DeviceEndpoints.Get).WithName("GetDevice");
        devices.MapPost("/", DeviceEndpoints.Register).RequireAuthorization(Policies.Administrator).WithName("RegisterDevice");
        devices.MapPut("/{id:long}", DeviceEndpoints.Update).RequireAuthorization(Policies.Administrator).WithName("UpdateDevice");
        devices.MapPost("/{id:long}/token", DeviceEndpoints.IssueToken).RequireAuthorization(Policies.Administrator).WithName("IssueDeviceToken");
        devices.MapDelete("/{id:long}/token", DeviceEndpoints.RevokeToken).RequireAuthorization(Policies.Administrator).WithName("RevokeDeviceToken");

        // Writes: a device's own token, or an operator's or administrator's key (TelemetryPolicies.Ingest).
        app.MapPost("/api/v1/telemetry", IngestEndpoint.Post).WithTags("Telemetry: ingest")
            .RequireAuthorization(TelemetryPolicies.Ingest).WithName("IngestTelemetry").DisableAntiforgery();

        var read = app.MapGroup("/api/v1/telemetry").WithTags("Telemetry: readings").RequireAuthorization(Policies.Viewer);
        read.MapGet("/latest", SeriesEndpoints.Latest).WithName("GetLatestReadings");
        read.MapGet("/series", SeriesEndpoints.Series).WithName("GetReadingSeries");
        read.MapGet("/series.csv", SeriesEndpoints.Csv).WithName("ExportReadingSeriesCsv");
        read.MapGet("/ops/sensors.geojson", SensorLayerEndpoints.Layer).WithName("GetOpsSensorsLayer");
        read.MapGet("/ops/alerts.geojson", AlertLayer.Layer).WithName("GetOpsAlertsLayer");

        // Alerts (ADR 0033): everyone of the console reads them, operators act on them, administrators write the rules.
        var alerts = app.MapGroup("/api/v1/telemetry/alerts").WithTags("Telemetry: alerts").RequireAuthorization(Policies.Viewer);
        alerts.MapGet("/", AlertEndpoints.List).WithName("ListAlerts");
        alerts.MapGet("/{id:guid}", AlertEndpoints.Get).WithName("GetAlert");
        alerts.MapPost("/{id:guid}/acknowledge", AlertEndpoints.Acknowledge).RequireAuthorization(Policies.Operator).WithName("AcknowledgeAlert");
        alerts.MapPost("/{id:guid}/resolve", AlertEndpoints.Resolve).RequireAuthorization(Policies.Operator).WithName("ResolveAlert");
        alerts.MapPost("/{id:guid}/silence", AlertEndpoints.Silence).RequireAuthorization(Policies.Operator).WithName("SilenceAlert");
        alerts.MapGet("/preferences", AlertEndpoints.GetPreference).WithName("GetAlertPreference");
        alerts.MapPut("/preferences", AlertEndpoints.PutPreference).WithName("PutAlertPreference");

        var rules = app.MapGroup("/api/v1/telemetry/alert-rules").WithTags("Telemetry: alert rules").RequireAuthorization(Policies.Operator);
        rules.MapGet("/", AlertRuleEndpoints.List).WithName("ListAlertRules");
        rules.MapGet("/{id:guid}", AlertRuleEndpoints.Get).WithName("GetAlertRule");
        rules.MapPost("/", AlertRuleEndpoints.Create).RequireAuthorization(Policies.Administrator).WithName("CreateAlertRule");
        rules.MapPut("/{id:guid}", AlertRuleEndpoints.Update).RequireAuthorization(Policies.Administrator).WithName("UpdateAlertRule");
        rules.MapDelete("/{id:guid}", AlertRuleEndpoints.Delete).RequireAuthorization(Policies.Administrator).WithName("DeleteAlertRule");

        var silences = app.MapGroup("/api/v1/telemetry/alert-silences").WithTags("Telemetry: alerts").RequireAuthorization(Policies.Operator);
        silences.MapGet("/", AlertEndpoints.ListSilences).WithName("ListAlertSilences");
        silences.MapPost("/", AlertEndpoints.CreateSilence).WithName("CreateAlertSilence");
        silences.MapDelete("/{id:guid}", AlertEndpoints.DeleteSilence).WithName("DeleteAlertSilence");

        var maintenance = app.MapGroup("/api/v1/telemetry/maintenance-windows").WithTags("Telemetry: alerts").RequireAuthorization(Policies.Operator);
        maintenance.MapGet("/", AlertEndpoints.ListMaintenance).WithName("ListMaintenanceWindows");
        maintenance.MapPost("/", AlertEndpoints.CreateMaintenance).WithName("CreateMaintenanceWindow");
        maintenance.MapDelete("/{id:guid}", AlertEndpoints.DeleteMaintenance).WithName("DeleteMaintenanceWindow");
        MapNgsiLd(app);
        return app;
    }

    /// <summary>NGSI-LD (ADR 0041): reads for everyone of the console, writes as ingest (a device's token, an operator's key), creation for administrators.</summary>
    private static void MapNgsiLd(IEndpointRouteBuilder app)
    {
        var ngsi = app.MapGroup("/ngsi-ld/v1").WithTags("Telemetry: NGSI-LD").DisableAntiforgery();
        ngsi.MapGet("/jsonldContexts/mekong-telemetry.jsonld", NgsiEndpoints.Context).AllowAnonymous().WithName("GetNgsiLdContext");
        ngsi.MapGet("/entities", NgsiEndpoints.Query).RequireAuthorization(Policies.Viewer).WithName("QueryNgsiLdEntities");
        ngsi.MapGet("/entities/{id}", NgsiEndpoints.Retrieve).RequireAuthorization(Policies.Viewer).WithName("RetrieveNgsiLdEntity");
        ngsi.MapPost("/entities", NgsiEndpoints.Create).RequireAuthorization(Policies.Administrator).WithName("CreateNgsiLdEntity");
        ngsi.MapPatch("/entities/{id}/attrs", NgsiEndpoints.Patch).RequireAuthorization(TelemetryPolicies.Ingest).WithName("UpdateNgsiLdAttributes");
        ngsi.MapPost("/entityOperations/upsert", NgsiEndpoints.Upsert).RequireAuthorization(TelemetryPolicies.Ingest).WithName("UpsertNgsiLdEntities");
        ngsi.MapGet("/temporal/entities/{id}", NgsiTemporal.Retrieve).RequireAuthorization(Policies.Viewer).WithName("RetrieveNgsiLdTemporalEntity");
    }
}
