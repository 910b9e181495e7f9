using Mekong.Modules.ModuleTemplate.Cli;
using Mekong.Modules.ModuleTemplate.Features.ListModuleTemplateItems;
using Mekong.Modules.ModuleTemplate.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.ModuleTemplate;

/// <summary>ModuleTemplate: say here, in the domain's words, what this module does.</summary>
public static class ModuleTemplateModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("module-template")
    {
        AddServices = (services, configuration) => services.AddModuleTemplateModule(configuration),
        MapEndpoints = app => app.MapModuleTemplateEndpoints(),
        Commands = ModuleTemplateCommands.Create,
    };

    public static IServiceCollection AddModuleTemplateModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ModuleTemplateDbContext, ModuleTemplateSqliteDbContext, ModuleTemplatePostgresDbContext>(configuration, ModuleTemplateDbContext.Schema);
        return services;
    }

    public static IEndpointRouteBuilder MapModuleTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        var api = app.MapGroup("/api/v1/module-template").WithTags("ModuleTemplate").RequireAuthorization(Policies.Viewer);
        api.MapGet("/items", ListModuleTemplateItems.Handle).WithName("ListModuleTemplateItems");
        return app;
    }
}
