using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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

        await using (var server = await FreshDataServer.StartAsync(data))
        {
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

/// <summary>
/// The server program serving on a free loopback port, started through <c>sh -c 'umask 022; exec dotnet …'</c> so that
/// what it creates shows its own care, not the test runner's umask.
/// </summary>
internal sealed class FreshDataServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private FreshDataServer(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<FreshDataServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("umask 022; exec dotnet \"$0\" --urls \"$1\"");
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(url);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Mekong__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var server = new FreshDataServer(process, new Uri(url));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The server exited with code {process.ExitCode}:\n{server.Log()}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        Assert.Fail($"The server did not become ready within 90 s:\n{server.Log()}");
        return server;
    }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
