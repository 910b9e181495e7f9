using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Storage;
using Mekong.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mekong.ImportTests;

/// <summary>
/// A real, migrated database for one test class: a SQLite file, or a uniquely named PostgreSQL database on the server
/// MEKONG_TEST_PG names (dropped afterwards). Without that server (<see cref="PostgresServer"/>) the PostgreSQL classes fail in CI and skip elsewhere.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    internal abstract AdminUnitsDbContext CreateContext();

    public abstract ValueTask InitializeAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mekong-import-{Guid.NewGuid():N}.db");

    internal override AdminUnitsDbContext CreateContext() => new AdminUnitsSqliteDbContext(new DbContextOptionsBuilder<AdminUnitsSqliteDbContext>()
        .UseModuleSqlite($"Data Source={_path};Foreign Keys=True;Pooling=False", AdminUnitsDbContext.Schema).Options);

    public override async ValueTask InitializeAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public override ValueTask DisposeAsync()
    {
        File.Delete(_path);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _name = $"mekong_import_{Guid.NewGuid():N}";
    private NpgsqlDataSource? _dataSource;
    private string? _unavailable;

    internal override AdminUnitsDbContext CreateContext()
    {
        if (_unavailable is not null)
        {
            PostgresServer.SkipOrFail(_unavailable);
        }

        return new AdminUnitsPostgresDbContext(new DbContextOptionsBuilder<AdminUnitsPostgresDbContext>()
            .UseModulePostgres(_dataSource!, AdminUnitsDbContext.Schema, spatial: true).Options);
    }

    public override async ValueTask InitializeAsync()
    {
        _unavailable = await PostgresServer.UnavailableReasonAsync();
        if (_unavailable is not null)
        {
            return;
        }

        var server = PostgresServer.AdminConnectionString;
        try
        {
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString);
            builder.UseNetTopologySuite();
            _dataSource = builder.Build();
            await using var db = CreateContext();
            await db.Database.MigrateAsync();
        }
        catch (NpgsqlException ex)
        {
            _unavailable = $"{server}: {ex.Message}";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_dataSource is null)
        {
            return;
        }

        await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
