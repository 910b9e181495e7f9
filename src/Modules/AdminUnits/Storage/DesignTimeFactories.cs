using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Modules.AdminUnits.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class AdminUnitsSqliteDesignFactory : IDesignTimeDbContextFactory<AdminUnitsSqliteDbContext>
{
    public AdminUnitsSqliteDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AdminUnitsSqliteDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable($"__ef_migrations_{AdminUnitsDbContext.Schema}")).Options);
}

internal sealed class AdminUnitsPostgresDesignFactory : IDesignTimeDbContextFactory<AdminUnitsPostgresDbContext>
{
    public AdminUnitsPostgresDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AdminUnitsPostgresDbContext>()
        .UseNpgsql("Host=localhost", o => o.UseNetTopologySuite().MigrationsHistoryTable("__ef_migrations", AdminUnitsDbContext.Schema)).Options);
}
