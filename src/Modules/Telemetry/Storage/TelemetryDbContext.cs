using Mekong.Modules.Telemetry.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.Telemetry.Storage;

/// <summary>
/// The module's tables: schema <c>telemetry</c> on PostgreSQL, prefix <c>telemetry_</c> on SQLite. EF maps the device
/// registry; the time-series tables (readings, rollups, latest) are made by the migrations' own SQL (PostgreSQL range
/// partitions and BRIN, SQLite WITHOUT ROWID tables, which the model cannot state) and written and read by
/// <see cref="ReadingStore"/> with the providers' bulk paths (ADR 0027).
/// </summary>
internal abstract class TelemetryDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "telemetry";

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<AlertChange> AlertChanges => Set<AlertChange>();

    public DbSet<AlertSilence> AlertSilences => Set<AlertSilence>();

    public DbSet<MaintenanceWindow> MaintenanceWindows => Set<MaintenanceWindow>();

    public DbSet<AlertPreference> AlertPreferences => Set<AlertPreference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Device>(d =>
        {
            d.ToTable("devices");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedOnAdd();
            d.Property(x => x.JurisdictionCode).HasMaxLength(8);
            d.Property(x => x.Code).HasMaxLength(Device.CodeMaxLength);
            d.Property(x => x.Name).HasMaxLength(Device.NameMaxLength);
            d.Property(x => x.TypeCode).HasMaxLength(32);
            d.Property(x => x.CommuneCode).HasMaxLength(16);
            d.Property(x => x.OwnerAgency).HasMaxLength(Device.AgencyMaxLength);
            d.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.TokenHash).HasMaxLength(64);
            d.Ignore(x => x.Type);
            d.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
            d.HasIndex(x => new { x.JurisdictionCode, x.TypeCode });
            d.HasIndex(x => x.TokenHash).IsUnique();
        });

        // Alerts (ADR 0033).
        modelBuilder.Entity<AlertRule>(r =>
        {
            r.ToTable("alert_rules");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.Property(x => x.JurisdictionCode).HasMaxLength(8);
            r.Property(x => x.Name).HasMaxLength(AlertRule.NameMaxLength);
            r.Property(x => x.TitleVi).HasMaxLength(AlertRule.TitleMaxLength);
            r.Property(x => x.TitleEn).HasMaxLength(AlertRule.TitleMaxLength);
            r.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.DeviceType).HasMaxLength(32);
            r.Property(x => x.CommuneCode).HasMaxLength(16);
            r.Property(x => x.ConditionsJson).HasMaxLength(8000);
            r.Ignore(x => x.Conditions);
            r.HasIndex(x => new { x.JurisdictionCode, x.Name }).IsUnique();
        });

        modelBuilder.Entity<Alert>(a =>
        {
            a.ToTable("alerts");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.JurisdictionCode).HasMaxLength(8);
            a.Property(x => x.RuleName).HasMaxLength(AlertRule.NameMaxLength);
            a.Property(x => x.GroupKey).HasMaxLength(64);
            a.Property(x => x.ActiveKey).HasMaxLength(64);
            a.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.TitleVi).HasMaxLength(AlertRule.TitleMaxLength);
            a.Property(x => x.TitleEn).HasMaxLength(AlertRule.TitleMaxLength);
            a.Property(x => x.DeviceType).HasMaxLength(32);
            a.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            a.Property(x => x.ResolvedBy).HasMaxLength(200);
            a.Ignore(x => x.DeviceIds);
            a.Ignore(x => x.ActiveDeviceIds);
            a.Ignore(x => x.CommuneCodes);
            a.Ignore(x => x.IsActive);
            a.HasMany(x => x.History).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
            a.Navigation(x => x.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
            a.HasIndex(x => x.ActiveKey).IsUnique();
            a.HasIndex(x => new { x.JurisdictionCode, x.State, x.OpenedAt });
        });

        modelBuilder.Entity<AlertChange>(c =>
        {
            c.ToTable("alert_history");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            c.Property(x => x.Actor).HasMaxLength(200);
            c.Property(x => x.Note).HasMaxLength(AlertChange.NoteMaxLength);
            c.HasIndex(x => new { x.AlertId, x.At });
        });

        modelBuilder.Entity<AlertSilence>(s =>
        {
            s.ToTable("alert_silences");
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).ValueGeneratedNever();
            s.Property(x => x.JurisdictionCode).HasMaxLength(8);
            s.Property(x => x.CommuneCode).HasMaxLength(16);
            s.Property(x => x.Reason).HasMaxLength(AlertSilence.ReasonMaxLength);
            s.Property(x => x.CreatedBy).HasMaxLength(200);
            s.HasIndex(x => new { x.JurisdictionCode, x.Until });
        });

        modelBuilder.Entity<MaintenanceWindow>(w =>
        {
            w.ToTable("maintenance_windows");
            w.HasKey(x => x.Id);
            w.Property(x => x.Id).ValueGeneratedNever();
            w.Property(x => x.JurisdictionCode).HasMaxLength(8);
            w.Property(x => x.CommuneCode).HasMaxLength(16);
            w.Property(x => x.Reason).HasMaxLength(MaintenanceWindow.ReasonMaxLength);
            w.Property(x => x.CreatedBy).HasMaxLength(200);
            w.HasIndex(x => new { x.JurisdictionCode, x.Until });
        });

        modelBuilder.Entity<AlertPreference>(p =>
        {
            p.ToTable("alert_preferences");
            p.HasKey(x => x.UserId);
            p.Property(x => x.UserId).ValueGeneratedNever();
            p.Property(x => x.InAppFrom).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.EmailFrom).HasConversion<string>().HasMaxLength(16);
        });

        if (Database.IsSqlite())
        {
            // As in the other modules: SQLite orders and compares instants stored as UTC ticks.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        // Alert notifications are written with the alert's change, into this module's outbox (ADR 0014); after the
        // converters above: the outbox keeps its own column types.
        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class TelemetrySqliteDbContext(DbContextOptions<TelemetrySqliteDbContext> options) : TelemetryDbContext(options);

internal sealed class TelemetryPostgresDbContext(DbContextOptions<TelemetryPostgresDbContext> options) : TelemetryDbContext(options);
