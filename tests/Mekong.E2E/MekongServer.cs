using System.Reflection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Mekong.E2E.MekongServer))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Mekong.E2E;

/// <summary>
/// The real server in its own process (demo mode, a fresh SQLite data directory, a free loopback port: <see cref="Installation"/>),
/// mailing through a real SMTP server on loopback (<see cref="Mail"/>), and Debian's Chromium driven by Playwright. One of each
/// for the whole run.
/// </summary>
public sealed class MekongServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DemoPassword = "phusa-demo-2025";

    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private SmtpSink? _mail;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IBrowser? Browser { get; private set; }

    /// <summary>The SMTP server the demo server sends its e-mail to (every message it accepted).</summary>
    public SmtpSink Mail => _mail ?? throw new InvalidOperationException("The SMTP server is not running.");

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
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_mail is not null)
        {
            await _mail.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh browser context (its own cookies), in Vietnamese unless the page switches. Everything it loads is
    /// watched (<see cref="BrowserChecks"/>): a console error, a failed request or one leaving loopback fails the test.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, Uri? baseUrl = null, bool touch = false)
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseUrl ?? BaseUrl).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US", // the portal is Vietnamese whatever the browser's language is
            HasTouch = touch,
        });
        context.SetDefaultTimeout(20_000);
        await BrowserChecks.WatchAsync(context);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email, string returnUrl, string password = DemoPassword)
    {
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form[action='/account/login'] button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == returnUrl);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public string ServerLog() => _server?.Log() ?? string.Empty;

    /// <summary>
    /// The built server as a fresh installation: its own data directory (deleted with it), Production, no base map
    /// (no internet); not started yet, so that CLI verbs can prepare it first.
    /// </summary>
    public static ServerProcess Installation(bool demo, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.GetFullPath(typeof(MekongServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MekongServerDll").Value!);
        var data = Directory.CreateTempSubdirectory("mekong-e2e-").FullName;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Mekong__DataDirectory"] = data,
            ["Mekong__Demo"] = demo ? "true" : "false",
            ["Mekong__Map__TileUrl"] = string.Empty, // no internet: the map must stand on our own layers
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new ServerProcess(dll, environment, Path.GetDirectoryName(dll)!, ownedDirectory: data);
    }

    private async Task StartServerAsync()
    {
        _mail = await SmtpSink.StartAsync();
        _server = Installation(demo: true, new Dictionary<string, string>
        {
            ["Mekong__Smtp__Host"] = "127.0.0.1",
            ["Mekong__Smtp__Port"] = _mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mekong__Smtp__Security"] = "None",
            ["Mekong__Smtp__FromAddress"] = "ioc@phusa.example",
            ["Mekong__Outbox__PollInterval"] = "00:00:00.500",
            // Every browser test signs in from 127.0.0.1 on this one server: the per-client log-in limit (tested in the
            // integration tests) would otherwise count the whole suite's log-ins as one person's.
            ["Mekong__RateLimits__Login__PerMinute"] = "200",
        });
        await _server.StartAsync();
        BaseUrl = _server.BaseUrl;
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
