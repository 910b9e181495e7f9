using Mekong.Platform.Configuration;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Storage.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Jobs;

public static class BackgroundWorkServices
{
    /// <summary>The platform's storage, the outbox and its dispatcher, periodic jobs and background work with progress.</summary>
    public static IServiceCollection AddMekongBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<PlatformDbContext, PlatformSqliteDbContext, PlatformPostgresDbContext>(configuration, PlatformDbContext.Schema);
        services.TryAddSingleton(sp => new NodeIdentity(sp.GetRequiredService<IConfiguration>()["Mekong:NodeName"]));

        services.AddValidatedOptions<OutboxOptions>(configuration, OutboxOptions.Section);
        services.TryAddSingleton<IOutbox, Outbox.Outbox>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddOutboxFor<PlatformDbContext>();
        services.AddOutboxHandler<OutboxProbeHandler>();
        services.TryAddScoped<OutboxMonitor>();
        services.AddPeriodicJob<OutboxCleanupJob>(OutboxCleanupJob.Name, Schedule.Every(TimeSpan.FromHours(1)));

        services.AddValidatedOptions<JobsOptions>(configuration, JobsOptions.Section);
        services.TryAddSingleton<JobScheduler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<JobScheduler>());
        services.TryAddScoped(sp => new JobMonitor(sp.GetRequiredService<PlatformDbContext>(), sp.GetServices<PeriodicJobRegistration>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<JobScheduler>()));

        services.AddValidatedOptions<WorkOptions>(configuration, WorkOptions.Section);
        services.TryAddSingleton<WorkRunner>();
        services.TryAddSingleton<IWorkRunner>(sp => sp.GetRequiredService<WorkRunner>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<WorkRunner>());
        services.TryAddScoped(sp => new WorkMonitor(sp.GetRequiredService<PlatformDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WorkOptions>>()));
        services.AddPeriodicJob<WorkSweepJob>(WorkSweepJob.Name, Schedule.Every(TimeSpan.FromMinutes(1)));
        return services;
    }
}
