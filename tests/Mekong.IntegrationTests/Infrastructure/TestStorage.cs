using Npgsql;

namespace Mekong.IntegrationTests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where one test server keeps its data: a fresh temporary data directory and, for PostgreSQL, a uniquely named
/// database on the server named by <c>MEKONG_TEST_PG</c>. Outlives a factory, so that a second factory can open the
/// same data (durability tests); dropped and deleted on dispose.
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private TestStorage(DatabaseKind kind, string dataDirectory, string? databaseName, string? connectionString)
    {
        Kind = kind;
        DataDirectory = dataDirectory;
        DatabaseName = databaseName;
        ConnectionString = connectionString;
    }

    public DatabaseKind Kind { get; }

    public string DataDirectory { get; }

    public string? DatabaseName { get; }

    public string? ConnectionString { get; }

    /// <summary>Configuration that points the server at this storage (keys as in appsettings.json).</summary>
    public IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Mekong:DataDirectory"] = DataDirectory,
                ["Mekong:Database:Provider"] = Kind == DatabaseKind.PostgreSql ? "PostgreSQL" : "Sqlite",
                // The demo's 1,066 cameras point at a simulator test servers do not run: camera tests sweep themselves.
                ["Mekong:Cameras:Probe:Enabled"] = "false",
            };
            if (ConnectionString is not null)
            {
                settings["ConnectionStrings:Mekong"] = ConnectionString;
            }

            return settings;
        }
    }

    /// <summary>Creates the storage; for PostgreSQL call <see cref="PostgresServer.RequireAsync"/> first.</summary>
    public static async Task<TestStorage> CreateAsync(DatabaseKind kind)
    {
        var directory = Directory.CreateTempSubdirectory("mekong-it-").FullName;
        if (kind == DatabaseKind.Sqlite)
        {
            return new TestStorage(kind, directory, null, null);
        }

        var name = "mekong_it_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Database = name }.ConnectionString;
        return new TestStorage(kind, directory, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is cleaned up with the temporary directory; not worth failing a test for.
        }
    }
}
