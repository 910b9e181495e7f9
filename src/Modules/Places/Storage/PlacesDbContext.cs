using Mekong.Modules.Places.Domain;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Storage;

/// <summary>The module's tables: schema <c>places</c> on PostgreSQL, prefix <c>places_</c> on SQLite.</summary>
internal abstract class PlacesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "places";

    public DbSet<RoadNetwork> Networks => Set<RoadNetwork>();

    public DbSet<Road> Roads => Set<Road>();

    public DbSet<TurnRestriction> TurnRestrictions => Set<TurnRestriction>();

    public DbSet<MapFeature> MapFeatures => Set<MapFeature>();

    public DbSet<Place> Places => Set<Place>();

    public DbSet<DirectoryRevision> Revisions => Set<DirectoryRevision>();

    public DbSet<RoadClosure> Closures => Set<RoadClosure>();

    public bool IsSqlite => Database.IsSqlite();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RoadNetwork>(n =>
        {
            n.ToTable("networks");
            n.HasKey(x => x.JurisdictionCode);
            n.Property(x => x.JurisdictionCode).HasMaxLength(8);
            n.Property(x => x.Source).HasMaxLength(260);
        });
        modelBuilder.Entity<Road>(r =>
        {
            r.ToTable("roads");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.Property(x => x.JurisdictionCode).HasMaxLength(8);
            r.Property(x => x.Highway).HasMaxLength(32);
            r.Property(x => x.Name).HasMaxLength(Road.NameMaxLength);
            r.Property(x => x.NameEn).HasMaxLength(Road.NameMaxLength);
            r.Property(x => x.Ref).HasMaxLength(64);
            foreach (var access in new[] { nameof(Road.Access), nameof(Road.MotorVehicle), nameof(Road.Motorcycle), nameof(Road.Bicycle), nameof(Road.Foot) })
            {
                r.Property(access).HasMaxLength(32);
            }

            r.HasIndex(x => new { x.JurisdictionCode, x.OsmId });
        });
        modelBuilder.Entity<TurnRestriction>(t =>
        {
            t.ToTable("turn_restrictions");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).ValueGeneratedNever();
            t.Property(x => x.JurisdictionCode).HasMaxLength(8);
            t.Property(x => x.Kind).HasMaxLength(32);
            t.Property(x => x.Except).HasMaxLength(100);
            t.HasIndex(x => x.JurisdictionCode);
        });
        modelBuilder.Entity<MapFeature>(f =>
        {
            f.ToTable("map_features");
            f.HasKey(x => x.Id);
            f.Property(x => x.Id).ValueGeneratedNever();
            f.Property(x => x.JurisdictionCode).HasMaxLength(8);
            f.Property(x => x.Layer).HasConversion<string>().HasMaxLength(16);
            f.Property(x => x.Kind).HasMaxLength(64);
            f.Property(x => x.Name).HasMaxLength(Road.NameMaxLength);
            f.HasIndex(x => new { x.JurisdictionCode, x.Layer });
        });
        modelBuilder.Entity<Place>(p =>
        {
            p.ToTable("places");
            p.HasKey(x => x.Id);
            p.Property(x => x.Id).ValueGeneratedNever();
            p.Property(x => x.JurisdictionCode).HasMaxLength(8);
            p.Property(x => x.Category).HasMaxLength(32);
            p.Property(x => x.NameVi).HasMaxLength(Place.NameMaxLength);
            p.Property(x => x.NameEn).HasMaxLength(Place.NameMaxLength);
            p.Property(x => x.SearchKey).HasMaxLength((2 * Place.NameMaxLength) + 1);
            p.Property(x => x.Address).HasMaxLength(Place.AddressMaxLength);
            p.Property(x => x.CommuneCode).HasMaxLength(16);
            p.Property(x => x.Phone).HasMaxLength(Place.ContactMaxLength);
            p.Property(x => x.Website).HasMaxLength(Place.ContactMaxLength);
            p.Property(x => x.Email).HasMaxLength(Place.ContactMaxLength);
            p.Property(x => x.OpeningHours).HasMaxLength(Place.OpeningHoursMaxLength);
            p.Property(x => x.Procedures).HasMaxLength(Place.ProceduresMaxLength);
            p.Property(x => x.Source).HasConversion<string>().HasMaxLength(8);
            p.Property(x => x.OsmRef).HasMaxLength(24);
            p.HasIndex(x => new { x.JurisdictionCode, x.Source });
            p.HasIndex(x => new { x.JurisdictionCode, x.Category });
        });

        modelBuilder.Entity<DirectoryRevision>(r =>
        {
            r.ToTable("directory_revisions");
            r.HasKey(x => x.JurisdictionCode);
            r.Property(x => x.JurisdictionCode).HasMaxLength(8);
        });

        modelBuilder.Entity<RoadClosure>(c =>
        {
            c.ToTable("road_closures");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.JurisdictionCode).HasMaxLength(8);
            c.Property(x => x.RoadName).HasMaxLength(Road.NameMaxLength);
            c.Property(x => x.Reason).HasMaxLength(RoadClosure.ReasonMaxLength);
            c.Property(x => x.CreatedBy).HasMaxLength(200);
            c.HasIndex(x => x.JurisdictionCode);
        });

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class PlacesSqliteDbContext(DbContextOptions<PlacesSqliteDbContext> options) : PlacesDbContext(options);

internal sealed class PlacesPostgresDbContext(DbContextOptions<PlacesPostgresDbContext> options) : PlacesDbContext(options);
