using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Platform.Storage.Platform;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class PlatformSqliteDesignFactory : IDesignTimeDbContextFactory<PlatformSqliteDbContext>
{
    public PlatformSqliteDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PlatformSqliteDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable($"__ef_migrations_{PlatformDbContext.Schema}")).Options);
}

internal sealed class PlatformPostgresDesignFactory : IDesignTimeDbContextFactory<PlatformPostgresDbContext>
{
    public PlatformPostgresDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PlatformPostgresDbContext>()
        .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__ef_migrations", PlatformDbContext.Schema)).Options);
}
