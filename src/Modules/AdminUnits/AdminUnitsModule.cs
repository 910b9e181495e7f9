using System.CommandLine;
using Mekong.Modules.AdminUnits.Cli;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Demo;
using Mekong.Modules.AdminUnits.Features.ExportAdminUnits;
using Mekong.Modules.AdminUnits.Features.GetAdminUnit;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Features.ListAdminUnits;
using Mekong.Modules.AdminUnits.Features.ListJurisdictions;
using Mekong.Modules.AdminUnits.Features.LocateAdminUnit;
using Mekong.Modules.AdminUnits.Features.UpdateJurisdiction;
using Mekong.Modules.AdminUnits.Features.UploadAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Cli;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Events;
using Mekong.Platform.Live;
using Mekong.Platform.Map;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits;

/// <summary>
/// Jurisdictions (tenants) and administrative units with their geometry and validity dates: where a point is,
/// which commune a record belongs to, on any date.
/// </summary>
public static class AdminUnitsModule
{
    public const string CommunesLayer = "admin-units.communes";
    public const string LiveTopic = "layers.admin-units";

    /// <summary>The module's line in the host's module table.</summary>
    public static MekongModule Module { get; } = new("admin-units")
    {
        AddServices = (services, configuration) => services.AddAdminUnitsModule(configuration),
        MapEndpoints = app => app.MapAdminUnitsEndpoints(),
        Commands = Commands,

        // The boundary importer's bulk insert (COPY on PostgreSQL, prepared INSERTs on SQLite).
        UsesPostgresFeatures = PostgresFeatures.BinaryCopy,
    };

    public static IServiceCollection AddAdminUnitsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AdminUnitsDbContext, AdminUnitsSqliteDbContext, AdminUnitsPostgresDbContext>(configuration, AdminUnitsDbContext.Schema, spatial: true);
        services.AddScoped<IAdminUnitDirectory, AdminUnitDirectory>();
        services.AddScoped<IDemoSeeder, AdminUnitsDemoSeeder>();
        services.AddScoped<IEventSubscriber<AdminUnitsChanged>, AnnounceChangedUnits>();
        services.AddValidatedOptions<AdminUnitsOptions>(configuration, AdminUnitsOptions.Section);
        services.AddSingleton<LocateCache>();
        services.AddScoped<IEventSubscriber<AdminUnitsChanged>, ForgetLocatedPoints>();
        services.AddSingleton(new UiAssembly(typeof(AdminUnitsModule).Assembly));
        services.AddValidatedOptions<ImportUploadOptions>(configuration, ImportUploadOptions.Section);
        services.AddSingleton<ImportUploads>();
        services.AddScoped<UpdateJurisdictionHandler>();
        services.AddScoped<ImportBoundaryFile>();
        services.AddValidatedOptions<ImportLimits>(configuration, ImportLimits.Section);
        services.AddSingleton<IValidateOptions<ImportLimits>, ImportLimitsValidator>();
        services.AddSingleton(sp => new ImportGate(
            Path.Combine(sp.GetRequiredService<IOptions<MekongOptions>>().Value.ResolveDataDirectory(), "locks"),
            sp.GetRequiredService<IOptions<ImportLimits>>().Value.MaxConcurrentImports));
        services.AddScoped<AdminUnitImporter>();
        services.AddSingleton(new NavigationLink("admin", "/admin/import", "Nhập ranh giới hành chính", "Import boundaries", 35, Policies.Administrator));
        services.AddSingleton(new NavigationLink("admin", "/admin/jurisdiction", "Thông tin tỉnh, thành phố", "Jurisdiction details", 30, Policies.Administrator));
        services.AddSingleton(new MapLayer(
            "admin-units.districts-2024", "Huyện (trước 1/7/2025)", "Districts (before 1 July 2025)",
            "/api/v1/admin-units.geojson?level=district&at=2025-06-30", new MapLayerStyle("#7a5195", "#7a5195", 0.0, 2.5),
            Order: 5, VisibleByDefault: false, LabelProperty: "name", LiveTopic, Policies.Viewer));
        services.AddSingleton(new MapLayer(
            CommunesLayer, "Xã, phường, đặc khu", "Communes and wards",
            "/api/v1/admin-units.geojson?level=commune", new MapLayerStyle("#1d6fa5", "#4aa3df", 0.15, 1.2),
            Order: 10, VisibleByDefault: true, LabelProperty: "name", LiveTopic, Policies.Viewer));
        return services;
    }

    public static IEndpointRouteBuilder MapAdminUnitsEndpoints(this IEndpointRouteBuilder app)
    {
        // A 404 is written as a problem (application/problem+json, RFC 9457), so OpenAPI is told here.
        // Boundaries are published reference data: anyone may read them (docs/adr/0004-tenancy-and-public-data.md).
        var publicApi = app.MapGroup("/api/v1").WithTags("Administrative units").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead);
        publicApi.MapGet("/jurisdictions", ListJurisdictions.List).WithName("ListJurisdictions");
        publicApi.MapGet("/jurisdictions/{code}", ListJurisdictions.Get).WithName("GetJurisdiction").ProducesProblem(StatusCodes.Status404NotFound);
        publicApi.MapGet("/admin-units", ListAdminUnits.Handle).WithName("ListAdminUnits");
        publicApi.MapGet("/admin-units.geojson", ExportAdminUnitsGeoJson.Handle).WithName("ExportAdminUnitsGeoJson");
        publicApi.MapGet("/admin-units.csv", ExportAdminUnitsCsv.Handle).WithName("ExportAdminUnitsCsv");
        publicApi.MapGet("/admin-units/locate", LocateAdminUnit.Handle).WithName("LocateAdminUnit").ProducesProblem(StatusCodes.Status404NotFound);
        publicApi.MapGet("/admin-units/{code}", GetAdminUnit.Handle).WithName("GetAdminUnit").ProducesProblem(StatusCodes.Status404NotFound);

        var adminApi = app.MapGroup("/api/v1").WithTags("Administrative units").RequireAuthorization(Policies.Administrator);
        adminApi.MapPut("/jurisdictions/{code}", UpdateJurisdiction.Handle).WithName("UpdateJurisdiction").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>CLI verbs: <c>jurisdictions create|list</c>, <c>import admin-units</c>.</summary>
    public static IEnumerable<Command> Commands(CliServices cli) => AdminUnitsCommands.Create(cli);
}

/// <summary>Tells operator maps to reload the unit layers.</summary>
internal sealed class AnnounceChangedUnits(ILiveChannel live) : IEventSubscriber<AdminUnitsChanged>
{
    public Task HandleAsync(AdminUnitsChanged @event, CancellationToken cancellationToken) =>
        live.PublishAsync(@event.JurisdictionCode, AdminUnitsModule.LiveTopic, new { layer = AdminUnitsModule.CommunesLayer, level = @event.Level }, cancellationToken);
}
