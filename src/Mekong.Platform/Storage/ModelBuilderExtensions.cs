using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Storage;

public static class ModelBuilderExtensions
{
    /// <summary>
    /// Stores every <see cref="DateTimeOffset"/> column as its UTC ticks (INTEGER): SQLite cannot order or compare
    /// DateTimeOffset text. Call on SQLite only, after the entities are configured.
    /// </summary>
    public static void StoreDateTimeOffsetsAsUtcTicks(this ModelBuilder modelBuilder)
    {
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

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long> UtcTicks =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset?, long?> NullableUtcTicks = new(
        v => v.HasValue ? v.Value.UtcTicks : null,
        v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

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
