using Mekong.Modules.ModuleTemplate.Domain;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.ModuleTemplate.Storage;

/// <summary>The module's tables: schema <c>module_template</c> on PostgreSQL, prefix <c>module_template_</c> on SQLite.</summary>
internal abstract class ModuleTemplateDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "module_template";

    public DbSet<ModuleTemplateItem> Items => Set<ModuleTemplateItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ModuleTemplateItem>(i =>
        {
            i.ToTable("items");
            i.HasKey(x => x.Id);
            i.Property(x => x.JurisdictionCode).HasMaxLength(8);
            i.Property(x => x.Title).HasMaxLength(ModuleTemplateItem.TitleMaxLength);
            i.HasIndex(x => new { x.JurisdictionCode, x.Title });
        });

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class ModuleTemplateSqliteDbContext(DbContextOptions<ModuleTemplateSqliteDbContext> options) : ModuleTemplateDbContext(options);

internal sealed class ModuleTemplatePostgresDbContext(DbContextOptions<ModuleTemplatePostgresDbContext> options) : ModuleTemplateDbContext(options);
