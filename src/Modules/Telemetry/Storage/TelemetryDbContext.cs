using Mekong.Modules.Telemetry.Domain;
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

        if (Database.IsSqlite())
        {
            // As in the other modules: SQLite orders and compares instants stored as UTC ticks.
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(UtcTicks);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(NullableUtcTicks);
                }
            }
        }

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableUtcTicks = new(
        v => v.HasValue ? v.Value.UtcTicks : null,
        v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
}

internal sealed class TelemetrySqliteDbContext(DbContextOptions<TelemetrySqliteDbContext> options) : TelemetryDbContext(options);

internal sealed class TelemetryPostgresDbContext(DbContextOptions<TelemetryPostgresDbContext> options) : TelemetryDbContext(options);
