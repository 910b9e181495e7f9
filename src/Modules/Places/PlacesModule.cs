using System.ComponentModel.DataAnnotations;
using Mekong.Modules.Places.Cli;
using Mekong.Modules.Places.Demo;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.GetPlace;
using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Features.ImportPlacesCsv;
using Mekong.Modules.Places.Features.OpsMap;
using Mekong.Modules.Places.Features.Routes;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Routing;
using Mekong.Modules.Places.Storage;
using Mekong.Modules.Places.Ui.Ops;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Map;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Places;

/// <summary>
/// Places, routes and the base map (issue 17): the OpenStreetMap import (roads with their routing tags, turn
/// restrictions, water, land use, buildings, named places), the places directory (<i>danh bạ địa điểm</i>) with its
/// search and reverse geocoding. The routing engine and the vector-tile base map read the imported tables (ADR 0029).
/// </summary>
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
        services.AddValidatedOptions<PlacesOptions>(configuration, PlacesOptions.Section)
            .Validate(
                o => o.Categories.All(c => Validator.TryValidateObject(c, new ValidationContext(c), null, validateAllProperties: true)),
                "Mekong:Places:Categories: each needs Key (2-32 lower-case letters, digits or dashes), NameVi, NameEn and Tags (key=value pairs separated by ';').");
        services.AddSingleton<PlaceCategories>();
        services.AddSingleton<PlaceIndex>();
        services.AddSingleton<RouteEngine>();
        services.AddHostedService<RouteEngineWarmUp>();
        services.AddScoped<PlaceLookup>();
        services.AddScoped<OsmImporter>();
        services.AddScoped<PlacesCsvImporter>();
        services.AddScoped<IDemoSeeder, PlacesDemoSeeder>();
        // The screens (ADR 0037): the portal's places, place and route pages, the /ops tools card and the map layers.
        services.AddSingleton(new UiAssembly(typeof(PlacesModule).Assembly));
        services.AddSingleton(new ShellWidget(ShellWidget.OpsPanel, typeof(OpsPlacesPanel), 50));
        var extra = configuration.GetSection(PlacesOptions.Section).Get<PlacesOptions>()?.Categories ?? [];
        foreach (var layer in PlaceLayers.MapLayers(extra.Any(c => PlaceCategories.BuiltIn.All(b => b.Key != c.Key))))
        {
            services.AddSingleton(layer);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapPlacesEndpoints(this IEndpointRouteBuilder app)
    {
        // The directory is public reference data, like the admin units (ADR 0004): anyone may search it, rate limited.
        var publicApi = app.MapGroup("/api/v1/places").WithTags("Places").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead);
        publicApi.MapGet("", SearchPlaces.Handle).WithName("SearchPlaces");
        publicApi.MapGet("/categories", GetPlace.Categories).WithName("ListPlaceCategories");
        publicApi.MapGet("/reverse", SearchPlaces.Reverse).WithName("ReverseGeocode");
        app.MapGet("/api/v1/places/map.geojson", PlaceLayers.Places).WithTags("Places").RequireAuthorization(Policies.Viewer).WithName("PlacesLayer");
        publicApi.MapGet("/{id:guid}", GetPlace.Handle).WithName("GetPlace").ProducesProblem(StatusCodes.Status404NotFound);

        // Routes are public like the directory (ADR 0035); closures are operators' work, in their own jurisdiction.
        var routes = app.MapGroup("/api/v1/routes").WithTags("Routes");
        routes.MapGet("", RouteEndpoints.Route).AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead).WithName("GetRoute")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        routes.MapGet("/closures.geojson", PlaceLayers.Closures).RequireAuthorization(Policies.Operator).WithName("RoadClosuresLayer");
        var closures = routes.MapGroup("/closures").RequireAuthorization(Policies.Operator);
        closures.MapGet("", RouteEndpoints.ListClosures).WithName("ListRoadClosures");
        closures.MapPost("", RouteEndpoints.CreateClosure).WithName("CreateRoadClosure").ProducesProblem(StatusCodes.Status404NotFound);
        closures.MapDelete("/{id:guid}", RouteEndpoints.DeleteClosure).WithName("DeleteRoadClosure").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
