using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Events;
using Mekong.Platform.Files;
using Mekong.Platform.Jobs;
using Mekong.Platform.Map;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform;

public static class PlatformServices
{
    /// <summary>What every module relies on: validated options, clock, problem details, policies, events, layer registry.</summary>
    public static IServiceCollection AddMekongPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MekongOptions>(configuration, MekongOptions.Section);
        services.AddSingleton<IValidateOptions<MekongOptions>, MekongOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DatabaseCapabilities(sp.GetRequiredService<IOptions<MekongOptions>>().Value.Database.Provider));
        services.AddMekongProblemDetails();
        services.AddMekongPolicies();
        services.AddMekongRateLimits();
        services.AddQueryValueSchemas();
        services.AddScoped<IEventPublisher, InProcessEventPublisher>();
        services.AddSingleton<MapLayerRegistry>();
        services.AddSingleton<UiAssemblies>();
        services.AddMekongFileStore(configuration);
        services.AddMekongBackgroundWork(configuration);
        return services;
    }
}
