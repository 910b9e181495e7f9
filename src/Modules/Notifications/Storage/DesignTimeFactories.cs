using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Modules.Notifications.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class NotificationsSqliteDesignFactory : IDesignTimeDbContextFactory<NotificationsSqliteDbContext>
{
    public NotificationsSqliteDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsSqliteDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable($"__ef_migrations_{NotificationsDbContext.Schema}")).Options);
}

internal sealed class NotificationsPostgresDesignFactory : IDesignTimeDbContextFactory<NotificationsPostgresDbContext>
{
    public NotificationsPostgresDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsPostgresDbContext>()
        .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__ef_migrations", NotificationsDbContext.Schema)).Options);
}
