using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mekong.Platform.Storage.Bulk;

public static class BulkTable
{
    /// <summary>How <typeparamref name="TEntity"/>'s rows are bulk-inserted in <paramref name="db"/>: its table and columns as the model maps them.</summary>
    public static BulkTable<TEntity> Of<TEntity>(DbContext db)
        where TEntity : class => BulkTable<TEntity>.Of(db);
}

/// <summary>
/// Where and how the rows of <typeparamref name="TEntity"/> are bulk-inserted, read from the EF model of the caller's
/// context: the table (with the module's PostgreSQL schema or SQLite prefix, as <see cref="ModelBuilderExtensions.UseModuleSchema"/>
/// set it), and per mapped property its column, store type, nullability, maximum length and value converter (enums as
/// text, geometry as WKB on SQLite). The mapping is stated once, in the module's <c>OnModelCreating</c>.
/// A database-generated integer key (identity, SQLite rowid) and computed columns are left to the database;
/// every other column is written from the object. Built once per model and entity type.
/// </summary>
public sealed class BulkTable<TEntity>
    where TEntity : class
{
    private static readonly ConditionalWeakTable<IModel, BulkTable<TEntity>> Cache = [];

    private BulkTable(string name, string displayName, IReadOnlyList<BulkColumn<TEntity>> columns)
    {
        QuotedName = name;
        DisplayName = displayName;
        Columns = columns;
    }

    /// <summary>The table as SQL names it, quoted (<c>"geo"."admin_units"</c>, <c>"geo_admin_units"</c>).</summary>
    public string QuotedName { get; }

    /// <summary>The table for messages (<c>geo.admin_units</c>, <c>geo_admin_units</c>).</summary>
    public string DisplayName { get; }

    public IReadOnlyList<BulkColumn<TEntity>> Columns { get; }

    internal static BulkTable<TEntity> Of(DbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        return Cache.GetValue(db.Model, model => Build(model, sql));
    }

    private static BulkTable<TEntity> Build(IModel model, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity of this context; bulk inserts write a mapped entity's table.");
        var table = entity.GetTableName()
            ?? throw new InvalidOperationException($"{entity.DisplayName()} is not mapped to a table.");
        var schema = entity.GetSchema();
        if (entity.BaseType is not null || entity.GetDerivedTypes().Any())
        {
            throw new NotSupportedException($"{entity.DisplayName()} is part of an inheritance hierarchy; bulk inserts write one plain table.");
        }

        if (entity.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{entity.DisplayName()} has complex properties; bulk inserts write plain columns only.");
        }

        // A required owned value kept in the owner's own table (table splitting: Report.Location) is written as its columns.
        var owned = entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).ToList();
        foreach (var navigation in owned)
        {
            var target = navigation.TargetEntityType;
            if (navigation.IsCollection || !navigation.ForeignKey.IsRequiredDependent || target.GetTableName() != table || target.GetSchema() != schema
                || target.GetNavigations().Any() || target.GetComplexProperties().Any() || navigation.PropertyInfo is null)
            {
                throw new NotSupportedException($"{entity.DisplayName()}.{navigation.Name} is owned but not a required value in the same table; bulk inserts write plain columns only.");
            }
        }

        var store = StoreObjectIdentifier.Table(table, schema);
        var columns = new List<BulkColumn<TEntity>>();
        foreach (var property in entity.GetProperties())
        {
            if (IsLeftToTheDatabase(property))
            {
                continue;
            }

            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo
                ?? throw new NotSupportedException($"{entity.DisplayName()}.{property.Name} is a shadow property: a bulk insert reads every column from the object.");
            var name = property.GetColumnName(store)
                ?? throw new InvalidOperationException($"{entity.DisplayName()}.{property.Name} has no column in {table}.");
            columns.Add(BulkColumn<TEntity>.Create(property, member, name, sql.DelimitIdentifier(name)));
        }

        foreach (var navigation in owned)
        {
            // The owned type's key is the owner's key (the same column): only its own values are written.
            foreach (var property in navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey() && !IsLeftToTheDatabase(p)))
            {
                var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo
                    ?? throw new NotSupportedException($"{entity.DisplayName()}.{navigation.Name}.{property.Name} is a shadow property: a bulk insert reads every column from the object.");
                var name = property.GetColumnName(store)
                    ?? throw new InvalidOperationException($"{entity.DisplayName()}.{navigation.Name}.{property.Name} has no column in {table}.");
                columns.Add(BulkColumn<TEntity>.Create(property, member, name, sql.DelimitIdentifier(name), navigation.PropertyInfo));
            }
        }

        return new BulkTable<TEntity>(sql.DelimitIdentifier(table, schema), schema is null ? table : $"{schema}.{table}", columns);
    }

    /// <summary>
    /// An integer key the database generates (PostgreSQL identity, SQLite INTEGER PRIMARY KEY), a computed or
    /// store-updated column. A generated key of any other type (a Guid) is EF's client-side generator, which a bulk
    /// insert does not run: the caller sets it (<see cref="Guid.CreateVersion7()"/>), and an unset one is refused.
    /// </summary>
    private static bool IsLeftToTheDatabase(IProperty property)
    {
        if (property.GetComputedColumnSql() is not null || property.ValueGenerated == ValueGenerated.OnAddOrUpdate || property.ValueGenerated == ValueGenerated.OnUpdate)
        {
            return true;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey()
            && (type == typeof(int) || type == typeof(long) || type == typeof(short));
    }
}

/// <summary>One column of a <see cref="BulkTable{TEntity}"/>: its name, how the database types it, and how its value is read.</summary>
public abstract class BulkColumn<TEntity>
    where TEntity : class
{
    private protected BulkColumn(IProperty property, string name, string quotedName)
    {
        Name = name;
        QuotedName = quotedName;
        Mapping = property.GetRelationalTypeMapping();
        StoreType = Mapping.StoreType;
        IsNullable = property.IsColumnNullable();
        MaxLength = property.GetMaxLength();
        MustBeSet = property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey();
    }

    public string Name { get; }

    public string QuotedName { get; }

    /// <summary>The column's type as the migration created it (<c>character varying(16)</c>, <c>geometry(MultiPolygon, 4326)</c>, <c>TEXT</c>).</summary>
    public string StoreType { get; }

    public bool IsNullable { get; }

    /// <summary>The longest text (characters) or binary value (bytes) the column holds; null when unbounded.</summary>
    public int? MaxLength { get; }

    /// <summary>A key EF would generate on the client: a bulk insert needs the caller to set it.</summary>
    internal bool MustBeSet { get; }

    internal RelationalTypeMapping Mapping { get; }

    /// <summary>The value as the database stores it (after the model's converter), boxed; null for NULL.</summary>
    internal abstract object? ProviderValue(TEntity row, long rowNumber, string table);

    /// <summary>Writes the column of <paramref name="row"/> into a binary COPY, typed, without boxing.</summary>
    internal abstract ValueTask WriteAsync(Npgsql.NpgsqlBinaryImporter importer, TEntity row, long rowNumber, string table, CancellationToken cancellationToken);

    internal static BulkColumn<TEntity> Create(IProperty property, MemberInfo member, string name, string quotedName, MemberInfo? owner = null)
    {
        var (getter, providerType) = ProviderGetter(property, member, owner);
        var underlying = Nullable.GetUnderlyingType(providerType);
        var type = underlying is null
            ? typeof(BulkColumn<,>).MakeGenericType(typeof(TEntity), providerType)
            : typeof(NullableBulkColumn<,>).MakeGenericType(typeof(TEntity), underlying);
        return (BulkColumn<TEntity>)Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null, [property, name, quotedName, getter], null)!;
    }

    /// <summary>
    /// Compiles <c>row => convert(row.Member)</c> (or <c>row.Owned.Member</c> for a required owned value), the model's
    /// value converter applied to non-null values only (as EF does).
    /// </summary>
    private static (Delegate Getter, Type ProviderType) ProviderGetter(IProperty property, MemberInfo member, MemberInfo? owner)
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        Expression value = Expression.MakeMemberAccess(owner is null ? row : Expression.MakeMemberAccess(row, owner), member);
        var converter = property.GetRelationalTypeMapping().Converter;
        if (converter is not null)
        {
            var convert = converter.ConvertToProviderExpression;
            var modelType = convert.Parameters[0].Type;
            var providerType = convert.ReturnType;
            var resultType = providerType.IsValueType && Nullable.GetUnderlyingType(providerType) is null && (!value.Type.IsValueType || Nullable.GetUnderlyingType(value.Type) is not null)
                ? typeof(Nullable<>).MakeGenericType(providerType)
                : providerType;
            var input = Expression.Variable(value.Type, "value");
            Expression nonNull = Nullable.GetUnderlyingType(value.Type) is not null ? Expression.Property(input, "Value") : input;
            Expression converted = Expression.Invoke(convert, Expression.Convert(nonNull, modelType));
            if (converted.Type != resultType)
            {
                converted = Expression.Convert(converted, resultType);
            }

            value = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                ? Expression.Block([input], Expression.Assign(input, value), converted)
                : Expression.Block([input], Expression.Assign(input, value),
                    Expression.Condition(Expression.Equal(input, Expression.Constant(null, value.Type)), Expression.Constant(null, resultType), converted));
        }

        return (Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(TEntity), value.Type), value, row).Compile(), value.Type);
    }

    private protected void Check(bool isNull, int? length, bool isDefault, long rowNumber, string table)
    {
        if (isNull && !IsNullable)
        {
            throw new BulkInsertException(table, rowNumber, Name, "the column is NOT NULL and the value is null.");
        }

        if (length > MaxLength)
        {
            var unit = Mapping.ClrType == typeof(byte[]) ? "bytes" : "characters";
            throw new BulkInsertException(table, rowNumber, Name, $"the value is {length} {unit} long and the column holds at most {MaxLength}.");
        }

        if (isDefault && MustBeSet)
        {
            throw new BulkInsertException(table, rowNumber, Name, "the key is not set; a bulk insert does not generate keys (use a client-generated id such as Guid.CreateVersion7()).");
        }
    }

    private protected string? PostgresTypeName => Mapping.StoreTypeNameBase;
}

/// <summary>A column whose provider value is a reference type or a non-nullable value type.</summary>
internal sealed class BulkColumn<TEntity, TValue>(IProperty property, string name, string quotedName, Func<TEntity, TValue> getter)
    : BulkColumn<TEntity>(property, name, quotedName)
    where TEntity : class
{
    internal override object? ProviderValue(TEntity row, long rowNumber, string table)
    {
        var value = Get(row, rowNumber, table);
        return value;
    }

    internal override async ValueTask WriteAsync(Npgsql.NpgsqlBinaryImporter importer, TEntity row, long rowNumber, string table, CancellationToken cancellationToken)
    {
        var value = Get(row, rowNumber, table);
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
            return;
        }

        try
        {
            await importer.WriteAsync(value, PostgresTypeName!, cancellationToken);
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new BulkInsertException(table, rowNumber, Name, e.Message, e);
        }
    }

    private TValue Get(TEntity row, long rowNumber, string table)
    {
        var value = getter(row);
        var length = value switch
        {
            string s => s.Length,
            byte[] b => b.Length,
            _ => (int?)null,
        };
        Check(value is null, length, EqualityComparer<TValue>.Default.Equals(value, default), rowNumber, table);
        return value;
    }
}

/// <summary>A column whose provider value is a nullable value type (<c>int?</c>, <c>DateOnly?</c>): written as its underlying type.</summary>
internal sealed class NullableBulkColumn<TEntity, TValue>(IProperty property, string name, string quotedName, Func<TEntity, TValue?> getter)
    : BulkColumn<TEntity>(property, name, quotedName)
    where TEntity : class
    where TValue : struct
{
    internal override object? ProviderValue(TEntity row, long rowNumber, string table) => Get(row, rowNumber, table);

    internal override async ValueTask WriteAsync(Npgsql.NpgsqlBinaryImporter importer, TEntity row, long rowNumber, string table, CancellationToken cancellationToken)
    {
        if (Get(row, rowNumber, table) is not { } value)
        {
            await importer.WriteNullAsync(cancellationToken);
            return;
        }

        try
        {
            await importer.WriteAsync(value, PostgresTypeName!, cancellationToken);
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new BulkInsertException(table, rowNumber, Name, e.Message, e);
        }
    }

    private TValue? Get(TEntity row, long rowNumber, string table)
    {
        var value = getter(row);
        Check(value is null, null, false, rowNumber, table);
        return value;
    }
}
