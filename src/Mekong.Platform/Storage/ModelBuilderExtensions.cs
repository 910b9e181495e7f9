using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Storage;

public static class ModelBuilderExtensions
{
    /// <summary>
    /// Puts a module's tables apart from the others: a PostgreSQL schema, or a table-name prefix on SQLite (which has no schemas).
    /// Call at the end of OnModelCreating.
    /// </summary>
    public static void UseModuleSchema(this ModelBuilder modelBuilder, string schema, bool isSqlite)
    {
        if (!isSqlite)
        {
            modelBuilder.HasDefaultSchema(schema);
            return;
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            // SQLite has no schemas: a table placed in one explicitly (the outbox) is prefixed like the others.
            entity.SetSchema(null);
            var table = entity.GetTableName();
            if (table is not null && entity.BaseType is null && !table.StartsWith(schema + "_", StringComparison.Ordinal))
            {
                entity.SetTableName($"{schema}_{table}");
            }
        }
    }
}
