using Mekong.Platform.Storage;

namespace Mekong.Modules.Telemetry.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class TelemetrySqliteDesignFactory() : SqliteDesignFactory<TelemetrySqliteDbContext>(TelemetryDbContext.Schema);

internal sealed class TelemetryPostgresDesignFactory() : PostgresDesignFactory<TelemetryPostgresDbContext>(TelemetryDbContext.Schema);
