using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Events;
using Mekong.Platform.Jobs;
using Mekong.Platform.Map;
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
        services.AddOptions<MekongOptions>()
            .Bind(configuration.GetSection(MekongOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MekongOptions>, MekongOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddMekongProblemDetails();
        services.AddMekongPolicies();
        services.AddMekongRateLimits();
        services.AddScoped<IEventPublisher, InProcessEventPublisher>();
        services.AddSingleton<MapLayerRegistry>();
        services.AddSingleton<UiAssemblies>();
        services.AddMekongBackgroundWork(configuration);
        return services;
    }
}
