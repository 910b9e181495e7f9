using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Spatial;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Mekong.IntegrationTests.Bulk;

internal enum SampleKind
{
    Flood,
    Fire,
    Landslide,
}

/// <summary>A row with a column of every type a module maps: the bulk path must write each as EF would.</summary>
internal sealed class BulkSample
{
    public Guid Id { get; set; }

    public string Code { get; set; } = string.Empty;

    public string? Note { get; set; }

    public int Count { get; set; }

    public long Big { get; set; }

    public short Small { get; set; }

    public int? MaybeCount { get; set; }

    public double Ratio { get; set; }

    public decimal Amount { get; set; }

    public bool Flag { get; set; }

    public DateOnly Day { get; set; }

    public DateOnly? EndDay { get; set; }

    public DateTime AtUtc { get; set; }

    public DateTimeOffset At { get; set; }

    public SampleKind Kind { get; set; }

    public SampleKind KindNumber { get; set; }

    public SampleKind? MaybeKind { get; set; }

    public byte[]? Payload { get; set; }

    public Geometry Shape { get; set; } = Geo.Factory.CreatePoint(new Coordinate(0, 0));
}

/// <summary>A module-like context: schema <c>bulk</c> on PostgreSQL, prefix <c>bulk_</c> on SQLite, one context type per provider.</summary>
internal abstract class BulkSamplesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "bulk";

    public const int CodeLength = 16;

    public DbSet<BulkSample> Samples => Set<BulkSample>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sqlite = Database.IsSqlite();
        modelBuilder.Entity<BulkSample>(s =>
        {
            s.ToTable("samples");
            s.HasKey(x => x.Id);
            s.Property(x => x.Code).HasMaxLength(CodeLength);
            s.HasIndex(x => x.Code).IsUnique();
            s.Property(x => x.Amount).HasPrecision(18, 4);
            s.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            s.Property(x => x.MaybeKind).HasConversion<string>().HasMaxLength(16);
            if (sqlite)
            {
                s.Property(x => x.Shape).HasConversion(new GeometryWkbConverter(), GeometryWkbConverter.Comparer);
            }
            else
            {
                s.Property(x => x.Shape).HasColumnType("geometry(Geometry, 4326)");
            }
        });
        if (!sqlite)
        {
            modelBuilder.HasPostgresExtension("postgis");
        }

        modelBuilder.UseModuleSchema(Schema, sqlite);
    }

    /// <summary>A context over <paramref name="storage"/>; its table is created on first use.</summary>
    public static BulkSamplesDbContext Open(TestStorage storage, NpgsqlDataSource? dataSource) => storage.Kind == DatabaseKind.Sqlite
        ? new BulkSamplesSqliteDbContext(new DbContextOptionsBuilder<BulkSamplesSqliteDbContext>()
            .UseModuleSqlite($"Data Source={Path.Combine(storage.DataDirectory, "mekong.db")};Pooling=False", Schema).Options)
        : new BulkSamplesPostgresDbContext(new DbContextOptionsBuilder<BulkSamplesPostgresDbContext>()
            .UseModulePostgres(dataSource!, Schema, spatial: true).Options);
}

internal sealed class BulkSamplesSqliteDbContext(DbContextOptions<BulkSamplesSqliteDbContext> options) : BulkSamplesDbContext(options);

internal sealed class BulkSamplesPostgresDbContext(DbContextOptions<BulkSamplesPostgresDbContext> options) : BulkSamplesDbContext(options);
