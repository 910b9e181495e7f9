using Mekong.Platform.Jobs;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Storage.Platform;

/// <summary>
/// The platform's own tables: job schedules and runs, background work with progress, and its own outbox (the
/// probe): schema <c>platform</c> on PostgreSQL, prefix <c>platform_</c> on SQLite.
/// </summary>
internal abstract class PlatformDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "platform";

    public DbSet<JobSchedule> JobSchedules => Set<JobSchedule>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<WorkItem> WorkItems => Set<WorkItem>();

    public DbSet<OutboxProbeDelivery> ProbeDeliveries => Set<OutboxProbeDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobSchedule>(s =>
        {
            s.ToTable("job_schedules");
            s.HasKey(x => x.Name);
            s.Property(x => x.Name).HasMaxLength(100);
            s.Property(x => x.LockedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<JobRun>(r =>
        {
            r.ToTable("job_runs");
            r.HasKey(x => x.Id);
            r.Property(x => x.JobName).HasMaxLength(100);
            r.Property(x => x.Node).HasMaxLength(100);
            r.Property(x => x.Result).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.Error).HasMaxLength(JobRun.MaxErrorLength);
            r.HasIndex(x => new { x.JobName, x.Id });
        });
        modelBuilder.Entity<WorkItem>(w =>
        {
            w.ToTable("work_items");
            w.HasKey(x => x.Id);
            w.Property(x => x.Name).HasMaxLength(200);
            w.Property(x => x.StartedBy).HasMaxLength(256);
            w.Property(x => x.Node).HasMaxLength(100);
            w.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            w.Property(x => x.Jurisdiction).HasMaxLength(16);
            w.Property(x => x.Message).HasMaxLength(WorkItem.MaxMessageLength);
            w.Property(x => x.Result).HasMaxLength(WorkItem.MaxResultLength);
            w.Property(x => x.ResultLink).HasMaxLength(WorkItem.MaxLinkLength);
            w.Property(x => x.ResultJson).HasMaxLength(WorkItem.MaxResultJsonLength);
            w.Property(x => x.Error).HasMaxLength(WorkItem.MaxErrorLength);
            w.HasIndex(x => new { x.State, x.UpdatedAt });
        });
        modelBuilder.Entity<OutboxProbeDelivery>(d =>
        {
            d.ToTable("outbox_probe_deliveries");
            d.HasKey(x => x.Id);
            d.Property(x => x.IdempotencyKey).HasMaxLength(OutboxMessage.MaxKeyLength);
            d.Property(x => x.Node).HasMaxLength(100);
            d.HasIndex(x => x.MessageId);
        });
        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class PlatformSqliteDbContext(DbContextOptions<PlatformSqliteDbContext> options) : PlatformDbContext(options);

internal sealed class PlatformPostgresDbContext(DbContextOptions<PlatformPostgresDbContext> options) : PlatformDbContext(options);
