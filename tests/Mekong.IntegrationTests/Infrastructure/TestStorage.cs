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
                // The router is built on the first route query instead of at every test server's start (7 % of the
                // integration tests' CPU went to contraction hierarchies nobody asked for).
                ["Mekong:Places:WarmUpRouting"] = "false",
            };
            if (ConnectionString is not null)
            {
                settings["ConnectionStrings:Mekong"] = ConnectionString;
            }

            return settings;
        }
    }

    /// <summary>
    /// Storage that already holds the demo province, as a demo server leaves it after its first start (migrated,
    /// seeded): a copy of one template per provider and test run, seeded once by the real start-up path. A demo start
    /// costs more than everything else a test server does at start (16 s of 20 s at the time of writing), and most
    /// tests only read the demo. Tests of the first start itself (seeding, the data directory's modes, what a fresh
    /// install logs) and of a non-demo installation use <see cref="CreateAsync"/>. For PostgreSQL call
    /// <see cref="PostgresServer.RequireAsync"/> first.
    /// </summary>
    public static async Task<TestStorage> CreateDemoAsync(DatabaseKind kind)
    {
        var template = await DemoTemplate.For(kind);
        var storage = await CreateAsync(kind, template.DatabaseName);
        CopyDirectory(template.DataDirectory, storage.DataDirectory);
        return storage;
    }

    /// <summary>Creates empty storage (a fresh installation); for PostgreSQL call <see cref="PostgresServer.RequireAsync"/> first.</summary>
    public static Task<TestStorage> CreateAsync(DatabaseKind kind) => CreateAsync(kind, templateDatabase: null);

    private static async Task<TestStorage> CreateAsync(DatabaseKind kind, string? templateDatabase)
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
            var template = templateDatabase ?? "template0";
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{template}\"", connection);
            // Copies of one template are made one at a time: PostgreSQL refuses a template that another session uses.
            await CopyGate.WaitAsync();
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                CopyGate.Release();
            }
        }

        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Database = name }.ConnectionString;
        return new TestStorage(kind, directory, name, connectionString);
    }

    private static readonly SemaphoreSlim CopyGate = new(1, 1);

    /// <summary>Copies a directory tree with its POSIX modes (the data directory is private: 0700 and 0600).</summary>
    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, directory));
            Directory.CreateDirectory(copy);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, File.GetUnixFileMode(directory));
            }
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, copy, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open is cleaned up with the temporary directory; not worth failing a test for.
        }
    }
}
