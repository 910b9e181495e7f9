using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Spatial;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Storage;

/// <summary>The module's tables: schema <c>geo</c> on PostgreSQL, prefix <c>geo_</c> on SQLite.</summary>
internal abstract class AdminUnitsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "geo";

    public static readonly SqliteSpatialIndex UnitsIndex = new($"{Schema}_admin_units");

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();

    public DbSet<AdminUnit> AdminUnits => Set<AdminUnit>();

    public bool IsSqlite => Database.IsSqlite();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sqlite = IsSqlite;
        modelBuilder.Entity<Jurisdiction>(j =>
        {
            j.ToTable("jurisdictions");
            j.HasKey(x => x.Code);
            j.Property(x => x.Code).HasMaxLength(8);
            j.Property(x => x.NameVi).HasMaxLength(200);
            j.Property(x => x.NameEn).HasMaxLength(200);
            j.Property(x => x.TimeZone).HasMaxLength(64);
            j.Property(x => x.Hotline).HasMaxLength(40);
            j.Property(x => x.Email).HasMaxLength(200);
            j.Property(x => x.Website).HasMaxLength(400);
        });

        modelBuilder.Entity<AdminUnit>(u =>
        {
            u.ToTable("admin_units");
            u.HasKey(x => x.Id);
            u.Property(x => x.JurisdictionCode).HasMaxLength(8);
            u.Property(x => x.Code).HasMaxLength(16);
            u.Property(x => x.NameVi).HasMaxLength(200);
            u.Property(x => x.NameEn).HasMaxLength(200);
            u.Property(x => x.SearchKey).HasMaxLength(450);
            u.Property(x => x.ParentCode).HasMaxLength(16);
            u.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
            u.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            u.HasIndex(x => new { x.Code, x.ValidFrom }).IsUnique();
            u.HasIndex(x => new { x.JurisdictionCode, x.Level, x.ValidFrom, x.ValidTo });
            u.HasIndex(x => x.ParentCode);
            u.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionCode).OnDelete(DeleteBehavior.Restrict);
            if (sqlite)
            {
                u.Property(x => x.Geometry).HasConversion(new GeometryWkbConverter(), GeometryWkbConverter.Comparer);
            }
            else
            {
                u.Property(x => x.Geometry).HasColumnType("geometry(MultiPolygon, 4326)");
                u.HasIndex(x => x.Geometry).HasMethod("gist");
            }
        });

        if (!sqlite)
        {
            modelBuilder.HasPostgresExtension("postgis");
        }

        modelBuilder.UseModuleSchema(Schema, sqlite);
    }
}

internal sealed class AdminUnitsSqliteDbContext(DbContextOptions<AdminUnitsSqliteDbContext> options) : AdminUnitsDbContext(options);

internal sealed class AdminUnitsPostgresDbContext(DbContextOptions<AdminUnitsPostgresDbContext> options) : AdminUnitsDbContext(options);
