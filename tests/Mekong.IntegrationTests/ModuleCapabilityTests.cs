using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Mekong.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Mekong.IntegrationTests;

/// <summary>
/// A module may declare PostgreSQL features SQLite lacks (partitions, COPY) and still run on SQLite with its SQLite
/// path: the host composed with a test module that does exactly that, on both providers; and a module without a
/// SQLite path stops a SQLite start with a message that names it.
/// </summary>
public abstract class ModuleCapabilityTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_module_that_uses_partitions_and_COPY_takes_its_path_for_the_configured_database()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        await using var app = MekongHost.Build(Args(storage), [.. ModuleTable.Modules, ReadingsModule.Module]);
        await app.Services.GetRequiredService<StartupRunner>().PrepareAsync(TestContext.Current.CancellationToken);

        var store = app.Services.GetRequiredService<ReadingsStore>();
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var path = await store.WriteAsync(Enumerable.Range(0, 500).Select(i => (start.AddMinutes(i), i)).ToList(), TestContext.Current.CancellationToken);

        Assert.Equal(500, await store.CountAsync(TestContext.Current.CancellationToken));
        if (kind == DatabaseKind.PostgreSql)
        {
            Assert.Equal("copy", path);
            Assert.True(await store.IsPartitionedAsync(TestContext.Current.CancellationToken), "On PostgreSQL the table is partitioned.");
        }
        else
        {
            Assert.Equal("insert", path);
        }
    }

    [Fact]
    public async Task A_module_without_a_SQLite_path_runs_only_on_PostgreSQL_and_says_so()
    {
        var module = ReadingsModule.Module with { Name = "readings-pg-only", RunsOnSqlite = false };
        if (kind == DatabaseKind.PostgreSql)
        {
            Assert.Empty(ModuleTable.StorageProblems([module], DatabaseProvider.PostgreSQL));
            return;
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        var refused = Assert.Throws<OptionsValidationException>(() => MekongHost.Build(Args(storage), [.. ModuleTable.Modules, module]));

        var message = Assert.Single(refused.Failures);
        Assert.Contains("'readings-pg-only'", message, StringComparison.Ordinal);
        Assert.Contains("Partitioning, BinaryCopy", message, StringComparison.Ordinal);
        Assert.Contains("Mekong:Database:Provider=PostgreSQL", message, StringComparison.Ordinal);
    }

    private static string[] Args(TestStorage storage) =>
        [.. storage.Settings.Select(s => $"--{s.Key}={s.Value}"), "--applicationName=Mekong.Server", "--Logging:LogLevel:Default=Warning", "--Mekong:Demo=false"];
}

public sealed class ModuleCapabilityTests_Sqlite() : ModuleCapabilityTests(DatabaseKind.Sqlite);

public sealed class ModuleCapabilityTests_PostgreSql() : ModuleCapabilityTests(DatabaseKind.PostgreSql);

/// <summary>A telemetry-like module: monthly partitions and binary COPY on PostgreSQL, one table and prepared INSERTs on SQLite.</summary>
internal static class ReadingsModule
{
    public static MekongModule Module { get; } = new("readings")
    {
        AddServices = (services, _) =>
        {
            services.AddSingleton<ReadingsStore>();
            services.AddScoped<IStartupTask>(sp => sp.GetRequiredService<ReadingsStore>());
        },
        UsesPostgresFeatures = PostgresFeatures.Partitioning | PostgresFeatures.BinaryCopy,
    };
}

internal sealed class ReadingsStore(DatabaseCapabilities capabilities, IServiceProvider services) : IStartupTask
{
    public int Order => 100;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (capabilities.Supports(PostgresFeatures.Partitioning))
        {
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
                CREATE TABLE IF NOT EXISTS test_readings (at timestamptz NOT NULL, value integer NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE IF NOT EXISTS test_readings_2026_03 PARTITION OF test_readings FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
                """);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var sqlite = await OpenSqliteAsync(cancellationToken);
        await using var create = sqlite.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS test_readings (at TEXT NOT NULL, value INTEGER NOT NULL)";
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes the rows by the best path the database has; returns which one it took.</summary>
    public async Task<string> WriteAsync(IReadOnlyList<(DateTime At, int Value)> rows, CancellationToken cancellationToken)
    {
        if (capabilities.Supports(PostgresFeatures.BinaryCopy))
        {
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
            await using var writer = await connection.BeginBinaryImportAsync("COPY test_readings (at, value) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var (at, value) in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(value, NpgsqlDbType.Integer, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
            return "copy";
        }

        await using var sqlite = await OpenSqliteAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(cancellationToken);
        await using var insert = sqlite.CreateCommand();
        insert.CommandText = "INSERT INTO test_readings (at, value) VALUES ($at, $value)";
        var atParameter = insert.Parameters.Add("$at", SqliteType.Text);
        var valueParameter = insert.Parameters.Add("$value", SqliteType.Integer);
        foreach (var (at, value) in rows)
        {
            atParameter.Value = at.ToString("O");
            valueParameter.Value = value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return "insert";
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        if (capabilities.Provider == DatabaseProvider.PostgreSQL)
        {
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM test_readings");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var sqlite = await OpenSqliteAsync(cancellationToken);
        await using var count = sqlite.CreateCommand();
        count.CommandText = "SELECT count(*) FROM test_readings";
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> IsPartitionedAsync(CancellationToken cancellationToken)
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'test_readings'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    private async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(services.GetRequiredService<SqliteDatabase>().ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
