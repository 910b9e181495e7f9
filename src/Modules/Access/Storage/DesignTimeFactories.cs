using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Modules.Access.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class AccessSqliteDesignFactory : IDesignTimeDbContextFactory<AccessSqliteDbContext>
{
    public AccessSqliteDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AccessSqliteDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable($"__ef_migrations_{AccessDbContext.Schema}")).Options);
}

internal sealed class AccessPostgresDesignFactory : IDesignTimeDbContextFactory<AccessPostgresDbContext>
{
    public AccessPostgresDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AccessPostgresDbContext>()
        .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__ef_migrations", AccessDbContext.Schema)).Options);
}
