using Mekong.Modules.Notifications.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Storage;

/// <summary>
/// Subscriptions, in-app notifications, the delivery log, announcements and this module's own outbox:
/// schema <c>notify</c> on PostgreSQL, prefix <c>notify_</c> on SQLite.
/// </summary>
internal abstract class NotificationsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "notify";

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<InboxItem> Inbox => Set<InboxItem>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<Announcement> Announcements => Set<Announcement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Subscription>(s =>
        {
            s.ToTable("subscriptions");
            s.HasKey(x => x.Id);
            s.Property(x => x.Name).HasMaxLength(100);
            s.Property(x => x.JurisdictionCode).HasMaxLength(8);
            s.Property(x => x.EventType).HasMaxLength(100);
            s.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
            s.Property(x => x.Role).HasMaxLength(32);
            s.Property(x => x.DepartmentCode).HasMaxLength(32);
            s.Property(x => x.Filters).HasMaxLength(2000);
            s.Property(x => x.WebhookUrl).HasMaxLength(2000);
            s.Property(x => x.ProtectedSecret).HasMaxLength(2000);
            s.Property(x => x.CreatedBy).HasMaxLength(256);
            s.Ignore(x => x.FilterKeys);
            s.HasIndex(x => x.JurisdictionCode);
        });

        modelBuilder.Entity<InboxItem>(i =>
        {
            i.ToTable("inbox");
            i.HasKey(x => x.Id);
            i.Property(x => x.EventType).HasMaxLength(100);
            i.Property(x => x.TitleVi).HasMaxLength(200);
            i.Property(x => x.TitleEn).HasMaxLength(200);
            i.Property(x => x.BodyVi).HasMaxLength(4000);
            i.Property(x => x.BodyEn).HasMaxLength(4000);
            i.Property(x => x.Link).HasMaxLength(500);
            i.Property(x => x.DeliveryKey).HasMaxLength(300);
            i.Ignore(x => x.IsRead);
            i.HasIndex(x => x.DeliveryKey).IsUnique();
            i.HasIndex(x => new { x.UserId, x.ReadAt });
        });

        modelBuilder.Entity<DeliveryAttempt>(d =>
        {
            d.ToTable("delivery_attempts");
            d.HasKey(x => x.Id);
            d.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.JurisdictionCode).HasMaxLength(8);
            d.Property(x => x.MessageId).HasMaxLength(100);
            d.Property(x => x.EventType).HasMaxLength(100);
            d.Property(x => x.Target).HasMaxLength(500);
            d.Property(x => x.Error).HasMaxLength(500);
            d.HasIndex(x => x.MessageId);
            d.HasIndex(x => x.JurisdictionCode);
        });

        modelBuilder.Entity<Announcement>(a =>
        {
            a.ToTable("announcements");
            a.HasKey(x => x.Id);
            a.Property(x => x.JurisdictionCode).HasMaxLength(8);
            a.Property(x => x.Title).HasMaxLength(200);
            a.Property(x => x.Body).HasMaxLength(4000);
            a.Property(x => x.DepartmentCode).HasMaxLength(32);
            a.Property(x => x.CreatedBy).HasMaxLength(256);
        });

        // Announcements are changes of this module: their deliveries are committed with them, in this schema's outbox.
        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class NotificationsSqliteDbContext(DbContextOptions<NotificationsSqliteDbContext> options) : NotificationsDbContext(options);

internal sealed class NotificationsPostgresDbContext(DbContextOptions<NotificationsPostgresDbContext> options) : NotificationsDbContext(options);
