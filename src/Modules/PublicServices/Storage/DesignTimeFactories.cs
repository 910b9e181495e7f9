using Mekong.Platform.Storage;

namespace Mekong.Modules.PublicServices.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class PublicServicesSqliteDesignFactory() : SqliteDesignFactory<PublicServicesSqliteDbContext>(PublicServicesDbContext.Schema);

internal sealed class PublicServicesPostgresDesignFactory() : PostgresDesignFactory<PublicServicesPostgresDbContext>(PublicServicesDbContext.Schema);
