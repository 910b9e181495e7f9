using Mekong.Platform.Configuration;
using Mekong.Platform.Files.Storage;
using Mekong.Platform.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Files;

public static class FileStoreServices
{
    /// <summary>The file store (<see cref="IFileStore"/>), its limits (<c>Mekong:Files</c>) and its tables (schema <c>files</c>).</summary>
    public static IServiceCollection AddMekongFileStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<FilesDbContext, FilesSqliteDbContext, FilesPostgresDbContext>(configuration, FilesDbContext.Schema);
        services.AddValidatedOptions<FileStoreOptions>(configuration, FileStoreOptions.Section);
        services.AddSingleton<FileStoreRoot>();
        services.AddScoped<IFileStore, LocalFileStore>();
        return services;
    }
}
