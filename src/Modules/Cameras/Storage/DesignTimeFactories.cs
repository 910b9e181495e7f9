using Mekong.Platform.Storage;

namespace Mekong.Modules.Cameras.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class CamerasSqliteDesignFactory() : SqliteDesignFactory<CamerasSqliteDbContext>(CamerasDbContext.Schema);

internal sealed class CamerasPostgresDesignFactory() : PostgresDesignFactory<CamerasPostgresDbContext>(CamerasDbContext.Schema);
