using System.Text.Json;
using Mekong.Modules.Cameras.Domain;
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

        if (sqlite)
        {
            // SQLite cannot compare DateTimeOffset text in SQL (the prober's due query): UTC ticks, as the reports module does.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        modelBuilder.UseModuleSchema(Schema, sqlite);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed class CamerasSqliteDbContext(DbContextOptions<CamerasSqliteDbContext> options) : CamerasDbContext(options);

internal sealed class CamerasPostgresDbContext(DbContextOptions<CamerasPostgresDbContext> options) : CamerasDbContext(options);
