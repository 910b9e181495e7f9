using Mekong.Platform.Storage;

namespace Mekong.Modules.AdminUnits.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class AdminUnitsSqliteDesignFactory() : SqliteDesignFactory<AdminUnitsSqliteDbContext>(AdminUnitsDbContext.Schema);

internal sealed class AdminUnitsPostgresDesignFactory() : PostgresDesignFactory<AdminUnitsPostgresDbContext>(AdminUnitsDbContext.Schema, spatial: true);
