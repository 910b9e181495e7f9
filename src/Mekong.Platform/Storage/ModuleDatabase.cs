using Mekong.Platform.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Mekong.Platform.Storage;

/// <summary>
/// Registers a module's DbContext for the configured provider. Each module has one context type per provider
/// (<typeparamref name="TSqlite"/>, <typeparamref name="TPostgres"/>) so that each keeps its own migration files;
/// the rest of the module only sees <typeparamref name="TContext"/>. Only a module with geometry columns passes
/// <c>spatial: true</c>: on PostgreSQL the NetTopologySuite plugin puts the <c>postgis</c> extension into the model,
/// so a context configured with it must have it in its migrations too, or EF refuses to migrate (pending model changes).
/// </summary>
public static class ModuleDatabase
{
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TPostgres>(
        this IServiceCollection services, IConfiguration configuration, string schema, bool spatial = false)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        services.AddMekongDatabase();
        var provider = ReadProvider(configuration);
        services.AddSingleton(new ModuleDatabaseRegistration(typeof(TContext), schema));
        // The options are built once per node (they depend on singletons only): built per scope, as AddDbContext does by
        // default, they cost every request that takes a context about a tenth of its CPU (ADR 0043).
        if (provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContext<TContext, TPostgres>(
                (sp, options) => options.AddInterceptors(Timing(sp, schema)).UseModulePostgres(sp.GetRequiredService<NpgsqlDataSource>(), schema, spatial),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }
        else
        {
            services.AddDbContext<TContext, TSqlite>(
                (sp, options) => options.AddInterceptors(Timing(sp, schema)).UseModuleSqlite(sp.GetRequiredService<SqliteDatabase>().ConnectionString, schema),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }

        return services;
    }

    private static CommandTimingInterceptor Timing(IServiceProvider services, string schema) =>
        services.GetRequiredService<DatabaseMetrics>().InterceptorFor(schema);

    /// <summary>The provider as configured; an unreadable value falls back to SQLite here and is reported by option validation at start.</summary>
    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[$"{MekongOptions.Section}:Database:Provider"];
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) ? provider : DatabaseProvider.Sqlite;
    }

    private static void AddMekongDatabase(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            return;
        }

        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<DatabaseMetrics>();
        services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString("Mekong")
                ?? throw new InvalidOperationException("ConnectionStrings:Mekong is required when Mekong:Database:Provider is PostgreSQL.");
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.UseNetTopologySuite();
            return builder.Build();
        });
        services.AddSingleton<MigrationRunner>();
    }
}

/// <summary>One module's DbContext, in registration order; the migration runner and readiness check walk these.</summary>
public sealed record ModuleDatabaseRegistration(Type ContextType, string Schema);

/// <summary>The embedded SQLite database file under the data directory.</summary>
public sealed class SqliteDatabase(IOptions<MekongOptions> options)
{
    public string FilePath { get; } = Path.Combine(options.Value.ResolveDataDirectory(), "mekong.db");

    /// <summary>Foreign keys on; a 30 s busy timeout (Microsoft.Data.Sqlite retries a locked database until the command timeout).</summary>
    public string ConnectionString => $"Data Source={FilePath};Foreign Keys=True;Default Timeout=30;Pooling=True";
}
