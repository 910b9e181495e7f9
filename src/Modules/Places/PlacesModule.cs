using Mekong.Modules.Places.Cli;
using Mekong.Modules.Places.Features.ListPlacesItems;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Places;

/// <summary>Places: say here, in the domain's words, what this module does.</summary>
public static class PlacesModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("places")
    {
        AddServices = (services, configuration) => services.AddPlacesModule(configuration),
        MapEndpoints = app => app.MapPlacesEndpoints(),
        Commands = PlacesCommands.Create,
    };

    public static IServiceCollection AddPlacesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<PlacesDbContext, PlacesSqliteDbContext, PlacesPostgresDbContext>(configuration, PlacesDbContext.Schema);
        return services;
    }

    public static IEndpointRouteBuilder MapPlacesEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        var api = app.MapGroup("/api/v1/places").WithTags("Places").RequireAuthorization(Policies.Viewer);
        api.MapGet("/items", ListPlacesItems.Handle).WithName("ListPlacesItems");
        return app;
    }
}
