using Mekong.Modules.News.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.News.Storage;

/// <summary>The module's tables: schema <c>news</c> on PostgreSQL, prefix <c>news_</c> on SQLite.</summary>
internal abstract class NewsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "news";

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<FeedSource> FeedSources => Set<FeedSource>();

    public DbSet<MediaItem> MediaItems => Set<MediaItem>();

    public DbSet<CategoryFollower> Followers => Set<CategoryFollower>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Article>(a =>
        {
            a.ToTable("articles");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.JurisdictionCode).HasMaxLength(8);
            a.Property(x => x.Slug).HasMaxLength(Article.SlugMaxLength);
            a.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.Language).HasMaxLength(2);
            a.Property(x => x.Title).HasMaxLength(Article.TitleMaxLength);
            a.Property(x => x.Summary).HasMaxLength(Article.SummaryMaxLength);
            a.Property(x => x.Body).HasMaxLength(Article.BodyMaxLength);
            a.Property(x => x.SearchKey).HasMaxLength(Article.SearchKeyMaxLength);
            a.Property(x => x.ImageHash).HasMaxLength(64);
            a.Property(x => x.Author).HasMaxLength(100);
            a.Property(x => x.AuthorName).HasMaxLength(200);
            a.Property(x => x.Reviewer).HasMaxLength(100);
            a.Property(x => x.ReviewNote).HasMaxLength(Article.NoteMaxLength);
            a.HasIndex(x => new { x.JurisdictionCode, x.Slug }).IsUnique();
            // The portal's list: a jurisdiction's published articles, pinned first, newest first.
            a.HasIndex(x => new { x.JurisdictionCode, x.Status, x.Pinned, x.PublishAt, x.Slug });
            a.HasIndex(x => new { x.JurisdictionCode, x.UpdatedAt });
        });

        modelBuilder.Entity<FeedSource>(f =>
        {
            f.ToTable("feed_sources");
            f.HasKey(x => x.Id);
            f.Property(x => x.Id).ValueGeneratedNever();
            f.Property(x => x.JurisdictionCode).HasMaxLength(8);
            f.Property(x => x.Name).HasMaxLength(FeedSource.NameMaxLength);
            f.Property(x => x.Url).HasMaxLength(FeedSource.UrlMaxLength);
            f.Property(x => x.ETag).HasMaxLength(200);
            f.Property(x => x.LastModified).HasMaxLength(100);
            f.Property(x => x.LastError).HasMaxLength(FeedSource.ErrorMaxLength);
            f.HasIndex(x => new { x.JurisdictionCode, x.Name });
        });

        modelBuilder.Entity<MediaItem>(m =>
        {
            m.ToTable("media_items");
            m.HasKey(x => x.Id);
            m.Property(x => x.Id).ValueGeneratedNever();
            m.Property(x => x.JurisdictionCode).HasMaxLength(8);
            m.Property(x => x.SourceName).HasMaxLength(FeedSource.NameMaxLength);
            m.Property(x => x.Title).HasMaxLength(MediaItem.TitleMaxLength);
            m.Property(x => x.Summary).HasMaxLength(MediaItem.SummaryMaxLength);
            m.Property(x => x.Link).HasMaxLength(MediaItem.LinkMaxLength);
            m.Property(x => x.LinkKey).HasMaxLength(MediaItem.LinkMaxLength);
            m.Property(x => x.TitleKey).HasMaxLength(MediaItem.TitleMaxLength);
            m.Property(x => x.SearchKey).HasMaxLength(1000);
            // Deduplication across feeds: one story per canonical link, and per folded headline.
            m.HasIndex(x => new { x.JurisdictionCode, x.LinkKey }).IsUnique();
            m.HasIndex(x => new { x.JurisdictionCode, x.TitleKey });
            m.HasIndex(x => new { x.JurisdictionCode, x.PublishedAt });
        });

        modelBuilder.Entity<CategoryFollower>(f =>
        {
            f.ToTable("category_followers");
            f.HasKey(x => x.Id);
            f.Property(x => x.Id).ValueGeneratedNever();
            f.Property(x => x.JurisdictionCode).HasMaxLength(8);
            f.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
            // One row per account and category; the notice job reads a category's followers by the same index.
            f.HasIndex(x => new { x.JurisdictionCode, x.Category, x.UserId }).IsUnique();
            f.HasIndex(x => x.UserId);
        });

        // The notices to followers commit with the article's announced flag (ADR 0042).
        modelBuilder.AddOutbox(Schema);

        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset text: UTC ticks (INTEGER), like the other modules.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class NewsSqliteDbContext(DbContextOptions<NewsSqliteDbContext> options) : NewsDbContext(options);

internal sealed class NewsPostgresDbContext(DbContextOptions<NewsPostgresDbContext> options) : NewsDbContext(options);
