using Mekong.Platform.Configuration;
using Mekong.Platform.Secrets;
using Mekong.Platform.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Cli;

/// <summary>
/// <c>backup FILE</c>: a consistent copy of the SQLite database through SQLite's online backup API, safe while the
/// server keeps writing (WAL), written beside the target and renamed, so a crash never leaves half a file; then, in
/// <c>FILE.data/</c>, the stored files (<c>files/sha256</c>: immutable, content-addressed blobs), the key ring and the
/// key-ring certificate, without which encrypted secrets and cookies cannot be read. With PostgreSQL only the
/// <c>FILE.data/</c> part is written: the database is pg_dump's (docs/operations.md).
/// </summary>
internal static class SqliteBackup
{
    public static async Task<int> RunAsync(IServiceProvider services, FileInfo target, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<MekongOptions>>().Value;
        var dataTarget = new DirectoryInfo(target.FullName + ".data");
        if (target.Exists || dataTarget.Exists)
        {
            await Console.Error.WriteLineAsync($"{target.FullName} or {dataTarget.FullName} exists; choose a new file name.");
            return 2;
        }

        target.Directory?.Create();
        if (options.Database.Provider == DatabaseProvider.Sqlite)
        {
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
        }
        else
        {
            Console.WriteLine("The database is PostgreSQL: back it up with pg_dump (docs/operations.md). Copying the data directory's files and keys.");
        }

        // After the database: every blob a backed-up row refers to was written before that row, so it is here too.
        var data = options.ResolveDataDirectory();
        var partialData = dataTarget.FullName + ".partial";
        PrivateDataDirectory.CreateOwnerOnly(partialData);
        long count = 0, bytes = 0;
        foreach (var part in new[] { Path.Combine("files", "sha256"), "keys", "secrets" })
        {
            var from = Path.Combine(data, part);
            if (!Directory.Exists(from))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var to = Path.Combine(partialData, Path.GetRelativePath(data, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
                count++;
                bytes += new FileInfo(to).Length;
            }
        }

        Directory.Move(partialData, dataTarget.FullName);
        Console.WriteLine($"Copied {count} stored files, keys and certificates ({bytes / 1024.0:0} KiB) to {dataTarget.FullName}.");
        return 0;
    }
}
