using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Storage.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Mekong.Platform.Jobs;

public static class BackgroundWorkServices
{
    /// <summary>The platform's storage, the outbox and its dispatcher, periodic jobs and background work with progress.</summary>
    public static IServiceCollection AddMekongBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<PlatformDbContext, PlatformSqliteDbContext, PlatformPostgresDbContext>(configuration, PlatformDbContext.Schema);
        services.TryAddSingleton(sp => new NodeIdentity(sp.GetRequiredService<IConfiguration>()["Mekong:NodeName"]));

        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IOutbox, Outbox.Outbox>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddOutboxFor<PlatformDbContext>();
        services.AddOutboxHandler<OutboxProbeHandler>();
        services.TryAddScoped<OutboxMonitor>();
        return services;
    }
}
