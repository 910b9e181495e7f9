using Mekong.Modules.Places.Domain;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Storage;

/// <summary>The module's tables: schema <c>places</c> on PostgreSQL, prefix <c>places_</c> on SQLite.</summary>
internal abstract class PlacesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "places";

    public DbSet<PlacesItem> Items => Set<PlacesItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PlacesItem>(i =>
        {
            i.ToTable("items");
            i.HasKey(x => x.Id);
            i.Property(x => x.JurisdictionCode).HasMaxLength(8);
            i.Property(x => x.Title).HasMaxLength(PlacesItem.TitleMaxLength);
            i.HasIndex(x => new { x.JurisdictionCode, x.Title });
        });

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class PlacesSqliteDbContext(DbContextOptions<PlacesSqliteDbContext> options) : PlacesDbContext(options);

internal sealed class PlacesPostgresDbContext(DbContextOptions<PlacesPostgresDbContext> options) : PlacesDbContext(options);
