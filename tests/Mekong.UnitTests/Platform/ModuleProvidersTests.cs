using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Mekong.UnitTests.Platform;

/// <summary>
/// The migration history tables of installed databases keep their names: a renamed one would make every module's
/// first migration run again on an existing database.
/// </summary>
public sealed class ModuleProvidersTests
{
    [Fact]
    public void SQLite_history_is_a_prefixed_table_per_module()
    {
        var options = new DbContextOptionsBuilder().UseModuleSqlite("Data Source=:memory:", "geo").Options;

        var relational = RelationalOptionsExtension.Extract(options);
        Assert.Equal("__ef_migrations_geo", relational.MigrationsHistoryTableName);
        Assert.Null(relational.MigrationsHistoryTableSchema);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PostgreSQL_history_is_a_table_in_the_module_schema(bool spatial)
    {
        var options = new DbContextOptionsBuilder().UseModulePostgres("Host=127.0.0.1", "access", spatial).Options;

        var relational = RelationalOptionsExtension.Extract(options);
        Assert.Equal("__ef_migrations", relational.MigrationsHistoryTableName);
        Assert.Equal("access", relational.MigrationsHistoryTableSchema);
    }

    [Fact]
    public void The_design_time_factories_configure_the_context_as_the_server_does()
    {
        using var sqlite = new AdminUnitsSqliteDesignFactory().CreateDbContext([]);
        using var postgres = new AdminUnitsPostgresDesignFactory().CreateDbContext([]);

        Assert.True(sqlite.Database.IsSqlite());
        Assert.True(postgres.Database.IsNpgsql());
        Assert.Equal("__ef_migrations_geo", RelationalOptionsExtension.Extract(sqlite.GetService<IDbContextOptions>()).MigrationsHistoryTableName);
        Assert.Equal("geo", RelationalOptionsExtension.Extract(postgres.GetService<IDbContextOptions>()).MigrationsHistoryTableSchema);
    }
}
