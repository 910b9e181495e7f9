using Mekong.Platform.Storage;

namespace Mekong.Modules.Access.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class AccessSqliteDesignFactory() : SqliteDesignFactory<AccessSqliteDbContext>(AccessDbContext.Schema);

internal sealed class AccessPostgresDesignFactory() : PostgresDesignFactory<AccessPostgresDbContext>(AccessDbContext.Schema);
