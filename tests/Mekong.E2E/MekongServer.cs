using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Mekong.E2E.MekongServer))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Mekong.E2E;

/// <summary>
/// The real server in its own process (demo mode, a fresh SQLite data directory, a free loopback port) and Debian's
/// Chromium driven by Playwright. One of each for the whole run.
/// </summary>
public sealed class MekongServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DemoPassword = "phusa-demo-2025";

    private readonly StringBuilder _log = new();
    private Process? _process;
    private IPlaywright? _playwright;
    private string? _dataDirectory;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"E2E tests need Chromium at {ChromiumPath} (apt-get install chromium); CI=true, so this is a failure, not a skip.");
            }

            SkipReason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); the browser tests are skipped on this machine.";
            return;
        }

        await StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying process: the temp folder is cleaned by the system later.
            }
        }
    }

    /// <summary>A fresh browser context (its own cookies), in Vietnamese unless the page switches.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US", // the portal is Vietnamese whatever the browser's language is
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email, string returnUrl)
    {
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DemoPassword);
        await page.ClickAsync("form[action='/account/login'] button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == returnUrl);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public string ServerLog()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private async Task StartServerAsync()
    {
        var dll = typeof(MekongServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MekongServerDll").Value!;
        dll = Path.GetFullPath(dll);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The server is not built at {dll}; run 'dotnet build Mekong.slnx' first.");
        }

        _dataDirectory = Directory.CreateTempSubdirectory("mekong-e2e-").FullName;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl.GetLeftPart(UriPartial.Authority));
        start.Environment["Mekong__DataDirectory"] = _dataDirectory;
        start.Environment["Mekong__Demo"] = "true";
        start.Environment["Mekong__Map__TileUrl"] = string.Empty; // no internet: the map must stand on our own layers
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{ServerLog()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The server did not become ready within 120 s:\n{ServerLog()}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mekong.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mekong.slnx not found above " + AppContext.BaseDirectory);
    }
}
