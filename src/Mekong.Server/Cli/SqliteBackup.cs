using Mekong.Platform.Configuration;
using Mekong.Platform.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Cli;

/// <summary>
/// <c>backup FILE</c>: a consistent copy of the SQLite database through SQLite's online backup API, safe while the
/// server keeps writing (WAL). The copy is written beside the target and renamed, so a crash never leaves half a file.
/// </summary>
internal static class SqliteBackup
{
    public static async Task<int> RunAsync(IServiceProvider services, FileInfo target, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<MekongOptions>>().Value;
        if (options.Database.Provider != DatabaseProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync("backup copies the embedded SQLite database. With PostgreSQL use pg_dump (docs/operations.md).");
            return 2;
        }

        if (target.Exists)
        {
            await Console.Error.WriteLineAsync($"{target.FullName} exists; choose a new file name.");
            return 2;
        }

        target.Directory?.Create();
        var partial = target.FullName + ".partial";
        var database = services.GetRequiredService<SqliteDatabase>();
        await using (var source = new SqliteConnection(database.ConnectionString))
        await using (var destination = new SqliteConnection($"Data Source={partial};Pooling=False"))
        {
            await source.OpenAsync(cancellationToken);
            await destination.OpenAsync(cancellationToken);
            source.BackupDatabase(destination);
        }

        File.Move(partial, target.FullName);
        target.Refresh();
        Console.WriteLine($"Backed up {database.FilePath} to {target.FullName} ({target.Length / 1024.0:0} KiB).");
        return 0;
    }
}
