using Mekong.Modules.PublicServices.Cli;
using Mekong.Modules.PublicServices.Demo;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Modules.PublicServices.Features.Dossiers;
using Mekong.Modules.PublicServices.Features.Statistics;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform.Auth;
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
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices;

/// <summary>
/// Online public services (<i>dịch vụ công trực tuyến</i>): the procedure catalogue of a jurisdiction, dossiers
/// (<i>hồ sơ</i>) submitted by residents and worked by the one-stop desk and the handling departments on a working
/// calendar, tracking by code, fees, and the statistics provinces are judged on (ADR 0030).
/// </summary>
public static class PublicServicesModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("public-services")
    {
        AddServices = (services, configuration) => services.AddPublicServicesModule(configuration),
        MapEndpoints = app => app.MapPublicServicesEndpoints(),
        Commands = PublicServicesCommands.Create,
    };

    public static IServiceCollection AddPublicServicesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<PublicServicesDbContext, PublicServicesSqliteDbContext, PublicServicesPostgresDbContext>(configuration, PublicServicesDbContext.Schema);
        services.AddOutboxFor<PublicServicesDbContext>();
        services.AddValidatedOptions<PublicServicesOptions>(configuration, PublicServicesOptions.Section);
        services.AddSingleton<IValidateOptions<PublicServicesOptions>, PublicServicesOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PublicServicesOptions>>().Value.BuildCalendar());
        services.AddScoped<ProcedureCatalogue>();
        services.AddSingleton<CommuneList>();
        services.AddScoped<DossierNotices>();
        services.AddScoped<SubmitDossierHandler>();
        services.AddScoped<DossierWork>();
        services.AddScoped<Features.Payments.PaymentCallbackHandler>();
        services.AddOutboxHandler<DossierEmailHandler>();
        services.AddSingleton(DossierNotices.Kind);
        services.AddScoped<IDemoSeeder, PublicServicesDemoSeeder>();
        services.AddScoped<DossierStatisticsHandler>();
        services.AddSingleton(new NavigationLink("officer", "/public-services/statistics", "Thống kê dịch vụ công", "Public services statistics", 30, Policies.Viewer));
        services.AddSingleton(new UiAssembly(typeof(PublicServicesModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapPublicServicesEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        app.MapCatalogue();
        app.MapDossiers();
        Features.Payments.PaymentEndpoints.MapPayments(app);
        app.MapDossierStatistics();
        return app;
    }
}
