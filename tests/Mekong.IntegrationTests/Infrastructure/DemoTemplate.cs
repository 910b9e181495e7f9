using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mekong.IntegrationTests.Infrastructure;

/// <summary>
/// The demo province seeded once per provider and test run, by the real start-up path (an in-memory server over fresh
/// storage, started and stopped), to be copied by <see cref="TestStorage.CreateDemoAsync"/>. Its storage is dropped
/// when the test process exits.
/// </summary>
internal static class DemoTemplate
{
    private static readonly Lazy<Task<TestStorage>> Sqlite = new(() => BuildAsync(DatabaseKind.Sqlite));
    private static readonly Lazy<Task<TestStorage>> PostgreSql = new(() => BuildAsync(DatabaseKind.PostgreSql));

    public static Task<TestStorage> For(DatabaseKind kind) => (kind == DatabaseKind.PostgreSql ? PostgreSql : Sqlite).Value;

    private static async Task<TestStorage> BuildAsync(DatabaseKind kind)
    {
        var storage = await TestStorage.CreateAsync(kind);
        await using (var factory = new MekongAppFactory(storage))
        {
            // Starting runs the migrations and every module's demo seeder, as a first demo start does.
            _ = factory.Server;
        }

        // Nothing may hold the template open: SQLite folds its write-ahead log back on the last close, and
        // PostgreSQL copies only a database nobody is connected to.
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return storage;
    }
}
