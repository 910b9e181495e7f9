using Mekong.Platform.Storage;

namespace Mekong.Modules.Places.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class PlacesSqliteDesignFactory() : SqliteDesignFactory<PlacesSqliteDbContext>(PlacesDbContext.Schema);

internal sealed class PlacesPostgresDesignFactory() : PostgresDesignFactory<PlacesPostgresDbContext>(PlacesDbContext.Schema);
