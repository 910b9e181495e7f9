using Mekong.Modules.Reports.Cli;
using Mekong.Modules.Reports.Demo;
using Mekong.Modules.Reports.Features.CaseWork;
using Mekong.Modules.Reports.Features.Deadlines;
using Mekong.Modules.Reports.Features.ManageCategories;
using Mekong.Modules.Reports.Features.Notices;
using Mekong.Modules.Reports.Features.Open311;
using Mekong.Modules.Reports.Features.OpsLive;
using Mekong.Modules.Reports.Features.OpsMap;
using Mekong.Modules.Reports.Features.Portal;
using Mekong.Modules.Reports.Features.ReportStatistics;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Modules.Reports.Ui.Ops;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Events;
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
        services.AddModuleDbContext<ReportsDbContext, ReportsSqliteDbContext, ReportsPostgresDbContext>(configuration, ReportsDbContext.Schema, spatial: true);
        services.AddOutboxFor<ReportsDbContext>();
        services.AddScoped<SubmitReportHandler>();
        // What other modules may read of a report (incidents opened from one).
        services.AddScoped<Mekong.Modules.Reports.Contracts.IReportDirectory, Mekong.Modules.Reports.Features.Directory.ReportDirectory>();
        services.AddScoped<ReportAudience>();
        services.AddScoped<ReportNotifier>();
        services.AddOutboxHandler<NoticeEmailHandler>();
        services.AddOutboxHandler<NoticeFailedHandler>();
        foreach (var kind in NoticeTypes.Kinds)
        {
            services.AddSingleton(kind);
        }
        services.AddScoped<IDemoSeeder, ReportsDemoSeeder>();
        services.AddOpen311ProblemWriter();
        services.AddScoped<ReportsVolume>();
        // h-ops: the operator console's reports layer, live announcements after commit, emergency alerts, statistics.
        services.AddScoped<ReportCommitWatch>();
        services.AddSingleton<ReportCommitInterceptor>();
        services.ConfigureDbContext<ReportsSqliteDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<ReportCommitInterceptor>()), ServiceLifetime.Singleton);
        services.ConfigureDbContext<ReportsPostgresDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<ReportCommitInterceptor>()), ServiceLifetime.Singleton);
        services.AddScoped<IEventSubscriber<ReportsCommitted>, AnnounceReportsOnOps>();
        services.AddScoped<ReportStatisticsHandler>();
        services.AddSingleton(new UiAssembly(typeof(ReportsModule).Assembly));
        services.AddSingleton(new ShellWidget(ShellWidget.OpsPanel, typeof(OpsReportsPanel), 20));
        services.AddSingleton(new MapLayer(
            OpsLiveTopics.ReportsLayer, "Phản ánh hiện trường", "Citizen reports",
            OpsMapEndpoints.LayerUrl + "?bbox={bbox}", new MapLayerStyle("#9a3412", "#f97316", 0.85, 1.5),
            Order: 50, VisibleByDefault: true, LabelProperty: "label", OpsLiveTopics.Reports, Policies.Viewer)
        {
            FeaturesUrl = OpsMapEndpoints.LayerUrl + "?status=all&ids={ids}",
        });
        // Case work by officers (h-cases): handlers shared by the screens and the API, the deadline clock, category admin.
        services.AddScoped<CaseStore>();
        services.AddScoped<OfficerNotices>();
        services.AddScoped<QueueQueries>();
        services.AddScoped<ChangeStatusHandler>();
        services.AddScoped<AssignReportHandler>();
        services.AddScoped<AddNoteHandler>();
        services.AddScoped<MergeReportsHandler>();
        services.AddScoped<BulkActionHandler>();
        services.AddScoped<CategoryDefinitions>();
        services.AddSingleton<CategoryCatalog>();
        services.AddScoped<CreateCategoryHandler>();
        services.AddScoped<UpdateCategoryHandler>();
        services.AddScoped<DeactivateCategoryHandler>();
        services.AddValidatedOptions<DeadlineOptions>(configuration, DeadlineOptions.Section);
        services.AddPeriodicJob<DeadlineJob>(DeadlineJob.Name, Schedule.Every(DeadlineOptions.IntervalOf(configuration)));
        services.AddSingleton(new NavigationLink("admin", "/admin/report-categories", "Lĩnh vực phản ánh", "Report categories", 40, Policies.Administrator));
        services.AddSingleton(new NavigationLink("officer", "/reports/queue", "Xử lý phản ánh", "Case queue", 10, Policies.Officer));
        // The residents' portal (/reports…, /api/v1/portal): h-portal.
        services.AddValidatedOptions<ResidentPortalOptions>(configuration, ResidentPortalOptions.Section);
        services.AddPeriodicJob<SubmissionKeyPurgeJob>(SubmissionKeyPurgeJob.Name, Schedule.Every(TimeSpan.FromHours(1)));
        services.AddSingleton<PortalCache>();
        services.AddScoped<PortalQueries>();
        services.AddScoped<SupportReportHandler>();
        services.AddScoped<ReporterActionsHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        // Open311 states its own policies per endpoint: anonymous public reads, API-key writes.
        app.MapOpen311();

        // h-ops: the operator console (every signed-in role reads, operators acknowledge) and the statistics (officers and up).
        var ops = app.MapGroup("/api/v1/reports/ops").WithTags("Reports: operator console").RequireAuthorization(Policies.Viewer);
        ops.MapGet("/reports.geojson", OpsMapEndpoints.Layer).WithName("GetOpsReportsLayer");
        ops.MapGet("/summary", OpsMapEndpoints.Summary).WithName("GetOpsReportsSummary");
        ops.MapGet("/alerts", OpsMapEndpoints.Alerts).WithName("ListOpsAlerts");
        ops.MapPost("/alerts/{id:guid}/acknowledge", OpsMapEndpoints.Acknowledge).RequireAuthorization(Policies.Operator)
            .WithName("AcknowledgeOpsAlert").ProducesProblem(StatusCodes.Status404NotFound);
        var statistics = app.MapGroup("/api/v1/reports").WithTags("Reports: statistics").RequireAuthorization(Policies.Officer);
        statistics.MapGet("/statistics", ReportStatisticsEndpoints.Json).WithName("GetReportStatistics");
        statistics.MapGet("/statistics.csv", ReportStatisticsEndpoints.Csv).WithName("ExportReportStatisticsCsv");
        app.MapCaseWork();
        app.MapCategoryAdmin();
        // The residents' portal API: anonymous, public data only; writes rate limited with antiforgery.
        app.MapResidentPortal();
        return app;
    }
}
