using Mekong.Platform.Storage;

namespace Mekong.Modules.Incidents.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class IncidentsSqliteDesignFactory() : SqliteDesignFactory<IncidentsSqliteDbContext>(IncidentsDbContext.Schema);

internal sealed class IncidentsPostgresDesignFactory() : PostgresDesignFactory<IncidentsPostgresDbContext>(IncidentsDbContext.Schema);
