using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>The <c>backup</c> verb covers the stored files and the key ring, not only the database (issue 13 "File store").</summary>
public abstract class BackupTests(DatabaseKind kind)
{
    [Fact]
    public async Task Backup_copies_the_stored_files_and_keys_beside_the_database()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateDemoAsync(kind);
        var content = Encoding.ASCII.GetBytes("%PDF-1.4\n% backup test " + Guid.NewGuid() + "\n%%EOF\n");
        string hash;
        await using (var factory = new MekongAppFactory(storage))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var saved = await scope.ServiceProvider.GetRequiredService<IFileStore>().SaveAsync(new FileOwner("tests", "backup"), new MemoryStream(content), FileKind.Document, TestContext.Current.CancellationToken);
            hash = saved.File!.Original.Hash;
        }

        var target = Path.Combine(storage.DataDirectory, "backups", "mekong.db");
        var result = await ServerCli.RunAsync(storage, null, "backup", target);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(kind == DatabaseKind.Sqlite, File.Exists(target));
        var copy = Path.Combine(target + ".data", "files", "sha256", hash[..2], hash[2..4], hash);
        Assert.Equal(content, await File.ReadAllBytesAsync(copy, TestContext.Current.CancellationToken));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(target + ".data", "keys"), "key-*.xml"));
        Assert.True(File.Exists(Path.Combine(target + ".data", "secrets", "dataprotection.pfx")));
    }
}

public sealed class BackupTests_Sqlite() : BackupTests(DatabaseKind.Sqlite);

public sealed class BackupTests_PostgreSql() : BackupTests(DatabaseKind.PostgreSql);
