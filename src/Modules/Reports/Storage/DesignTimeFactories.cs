using Mekong.Platform.Storage;

namespace Mekong.Modules.Reports.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class ReportsSqliteDesignFactory() : SqliteDesignFactory<ReportsSqliteDbContext>(ReportsDbContext.Schema);

internal sealed class ReportsPostgresDesignFactory() : PostgresDesignFactory<ReportsPostgresDbContext>(ReportsDbContext.Schema, spatial: true);
