using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// What a fresh start leaves on disk, seen from the real server process started with the usual umask 022: the data
/// directory and everything in it private to the service account, the key ring encrypted (issue 12, issue 13).
/// </summary>
public sealed class DataDirectoryTests
{
    private const UnixFileMode GroupOrWorld = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_fresh_start_keeps_the_data_directory_private_and_the_key_ring_encrypted()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX file modes.");
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        // A directory that does not exist yet, as on a new installation.
        var data = Path.Combine(storage.DataDirectory, "fresh", "data");

        await using (var server = ServerCli.Create(storage, new Dictionary<string, string> { ["Mekong__DataDirectory"] = data }, umask: "022"))
        {
            await server.StartAsync();

            // The log-in page sets an antiforgery cookie: the key ring is in use, not only created.
            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            using var login = await http.GetAsync(new Uri("/login", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(data) & GroupOrWorld);
            var everything = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(Path.Combine(data, "mekong.db"), everything);
            var keyFiles = Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml");
            Assert.NotEmpty(keyFiles);
            foreach (var entry in everything)
            {
                Assert.True((File.GetUnixFileMode(entry) & GroupOrWorld) == UnixFileMode.None, $"{entry} is {File.GetUnixFileMode(entry)}");
            }

            foreach (var keyFile in keyFiles)
            {
                var xml = await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken);
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("No XML encryptor configured", server.Log(), StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", server.Log(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
