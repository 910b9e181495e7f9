using System.Text.Json;
using Mekong.Modules.Cameras.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Secrets;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.Cameras.Storage;

/// <summary>The module's tables: schema <c>cameras</c> on PostgreSQL, prefix <c>cameras_</c> on SQLite.</summary>
internal abstract class CamerasDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "cameras";

    public DbSet<Camera> Cameras => Set<Camera>();

    public DbSet<CameraStateChange> StateChanges => Set<CameraStateChange>();

    public DbSet<Contractor> Contractors => Set<Contractor>();

    public DbSet<MaintenanceTicket> Tickets => Set<MaintenanceTicket>();

    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();

    public DbSet<OutageAlert> OutageAlerts => Set<OutageAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sqlite = Database.IsSqlite();
        modelBuilder.Entity<Camera>(c =>
        {
            c.ToTable("cameras");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.JurisdictionCode).HasMaxLength(8);
            c.Property(x => x.Code).HasMaxLength(Camera.CodeMaxLength);
            c.Property(x => x.Name).HasMaxLength(Camera.NameMaxLength);
            c.Property(x => x.Type).HasMaxLength(Camera.TypeMaxLength);
            c.Property(x => x.CommuneCode).HasMaxLength(16);
            foreach (var text in new[] { nameof(Camera.Vendor), nameof(Camera.Model), nameof(Camera.OwnerAgency), nameof(Camera.Contractor), nameof(Camera.NetworkSegment), nameof(Camera.PowerFeeder) })
            {
                c.Property(text).HasMaxLength(Camera.TextMaxLength);
            }

            foreach (var url in new[] { nameof(Camera.RtspMainUrl), nameof(Camera.RtspSubUrl), nameof(Camera.SnapshotUrl), nameof(Camera.OnvifUrl) })
            {
                c.Property(url).HasMaxLength(Camera.UrlMaxLength);
            }

            c.Property(x => x.Credentials).HasConversion<ProtectedSecretConverter>().HasMaxLength(2000);
            c.Property(x => x.Tags).HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonOptions) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
                .HasMaxLength(2000);
            c.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.PendingState).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.Fault).HasConversion<string>().HasMaxLength(24);
            c.Ignore(x => x.Uptime);
            c.Property(x => x.SnapshotFileId).HasMaxLength(100);
            c.Property(x => x.LastThumbnail).HasMaxLength(1024);
            c.Property(x => x.ReferenceThumbnail).HasMaxLength(1024);
            c.HasMany(x => x.History).WithOne().HasForeignKey(x => x.CameraId).OnDelete(DeleteBehavior.Cascade);
            c.Navigation(x => x.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
            c.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
            c.HasIndex(x => new { x.JurisdictionCode, x.Type, x.State });
            c.HasIndex(x => new { x.JurisdictionCode, x.CommuneCode });
            // The prober's question: which cameras are due.
            c.HasIndex(x => x.NextCheckAt);
        });

        modelBuilder.Entity<CameraStateChange>(h =>
        {
            h.ToTable("state_changes");
            h.HasKey(x => x.Id);
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.Fault).HasConversion<string>().HasMaxLength(24);
            h.Property(x => x.Note).HasMaxLength(200);
            h.HasIndex(x => new { x.CameraId, x.At });
        });

        // Maintenance (ADR 0039): contractors, one ticket per outage with its history, stored grouped outages.
        modelBuilder.Entity<Contractor>(c =>
        {
            c.ToTable("contractors");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.JurisdictionCode).HasMaxLength(8);
            c.Property(x => x.Name).HasMaxLength(Camera.TextMaxLength);
            c.Property(x => x.Email).HasMaxLength(Contractor.EmailMaxLength);
            c.HasIndex(x => new { x.JurisdictionCode, x.Name }).IsUnique();
        });

        modelBuilder.Entity<MaintenanceTicket>(t =>
        {
            t.ToTable("tickets");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).ValueGeneratedNever();
            t.Property(x => x.JurisdictionCode).HasMaxLength(8);
            t.Property(x => x.CameraCode).HasMaxLength(Camera.CodeMaxLength);
            t.Property(x => x.CameraName).HasMaxLength(Camera.NameMaxLength);
            t.Property(x => x.Contractor).HasMaxLength(Camera.TextMaxLength);
            t.Property(x => x.ContractorEmail).HasMaxLength(Contractor.EmailMaxLength);
            t.Property(x => x.Fault).HasConversion<string>().HasMaxLength(24);
            t.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            t.Property(x => x.ClosedBy).HasMaxLength(200);
            t.Property(x => x.SnapshotHash).HasMaxLength(64);
            t.Property(x => x.SnapshotTokenHash).HasMaxLength(64);
            t.Ignore(x => x.Number);
            t.Ignore(x => x.IsClosed);
            t.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            t.Navigation(x => x.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);
            // One ticket per outage, whichever node or run opens it.
            t.HasIndex(x => new { x.CameraId, x.OutageStartedAt }).IsUnique();
            t.HasIndex(x => new { x.JurisdictionCode, x.State });
            t.HasIndex(x => new { x.JurisdictionCode, x.OpenedAt });
        });

        modelBuilder.Entity<TicketEvent>(e =>
        {
            e.ToTable("ticket_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Kind).HasMaxLength(24);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(MaintenanceTicket.NoteMaxLength);
            e.HasIndex(x => new { x.TicketId, x.At });
        });

        modelBuilder.Entity<OutageAlert>(a =>
        {
            a.ToTable("outage_alerts");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.JurisdictionCode).HasMaxLength(8);
            a.Property(x => x.Kind).HasMaxLength(16);
            a.Property(x => x.Key).HasMaxLength(Camera.TextMaxLength);
            a.Property(x => x.ActiveKey).HasMaxLength(240);
            a.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            a.Property(x => x.CameraIds).HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<Guid>>(v, JsonOptions) ?? new List<Guid>(),
                new ValueComparer<List<Guid>>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, g) => HashCode.Combine(h, g.GetHashCode())), v => v.ToList()));
            a.Property(x => x.Codes).HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonOptions) ?? new List<string>(),
                new ValueComparer<List<string>>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t.GetHashCode(StringComparison.Ordinal))), v => v.ToList()));
            // NULLs are distinct on both databases: one active alert per group, any number resolved.
            a.HasIndex(x => x.ActiveKey).IsUnique();
            a.HasIndex(x => new { x.JurisdictionCode, x.State });
        });

        if (sqlite)
        {
            // SQLite cannot compare DateTimeOffset text in SQL (the prober's due query): UTC ticks, as the reports module does.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        // Contractors' notices and operators' bells are written with the ticket or alert, into this module's outbox
        // (ADR 0014); after the converters above, so the outbox keeps its own column types.
        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, sqlite);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed class CamerasSqliteDbContext(DbContextOptions<CamerasSqliteDbContext> options) : CamerasDbContext(options);

internal sealed class CamerasPostgresDbContext(DbContextOptions<CamerasPostgresDbContext> options) : CamerasDbContext(options);
