using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Platform.Files.Storage;

/// <summary>Who holds which stored blob: schema <c>files</c> on PostgreSQL, prefix <c>files_</c> on SQLite.</summary>
internal abstract class FilesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "files";

    public DbSet<FileReference> References => Set<FileReference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FileReference>(r =>
        {
            r.ToTable("references");
            r.HasKey(x => new { x.OwnerKey, x.Hash });
            r.Property(x => x.OwnerKey).HasMaxLength(201);
            r.Property(x => x.Hash).HasMaxLength(64).IsFixedLength(false);
            r.Property(x => x.ContentType).HasMaxLength(100);
            r.HasIndex(x => x.Hash);
        });
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

/// <summary>One owner's hold on one blob (an image's original and each variant are separate blobs).</summary>
internal sealed class FileReference
{
    public string OwnerKey { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public long Length { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class FilesSqliteDbContext(DbContextOptions<FilesSqliteDbContext> options) : FilesDbContext(options);

internal sealed class FilesPostgresDbContext(DbContextOptions<FilesPostgresDbContext> options) : FilesDbContext(options);

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class FilesSqliteDesignFactory : IDesignTimeDbContextFactory<FilesSqliteDbContext>
{
    public FilesSqliteDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<FilesSqliteDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable($"__ef_migrations_{FilesDbContext.Schema}")).Options);
}

internal sealed class FilesPostgresDesignFactory : IDesignTimeDbContextFactory<FilesPostgresDbContext>
{
    public FilesPostgresDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<FilesPostgresDbContext>()
        .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__ef_migrations", FilesDbContext.Schema)).Options);
}
