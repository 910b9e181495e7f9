using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>
/// A fresh real installation (<c>Mekong:Demo=false</c>): the installer creates an administrator and the province with
/// the CLI, then the province's GIS officer sets up its communes from a boundary file on /admin/import (issue #9).
/// </summary>
public sealed class FreshProvince : IAsyncLifetime
{
    public const string Email = "it@province.example";
    public const string Password = "Tinh-Thu-Nghiem-94-mat-khau";

    private ServerProcess? _server;

    public Uri BaseUrl => _server!.BaseUrl;

    public string Files { get; } = Directory.CreateTempSubdirectory("mekong-e2e-files-").FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(MekongServer.ChromiumPath))
        {
            return; // the browser tests skip; no need for a server
        }

        _server = MekongServer.Installation(demo: false);
        var user = await _server.RunAsync(Password, "users", "create", "--email", Email, "--role", "Administrator", "--password-stdin");
        Assert.True(user.ExitCode == 0, "users create: " + user);
        var province = await _server.RunAsync(null, "jurisdictions", "create", "--code", "94", "--name-vi", "Tỉnh Thử Nghiệm");
        Assert.True(province.ExitCode == 0, "jurisdictions create: " + province);
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(Files, recursive: true);
    }

    public HttpClient Api() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
}

public sealed class ImportScreenTests(MekongServer server, FreshProvince province) : IClassFixture<FreshProvince>
{
    private const double MetresPerDegreeLat = 111_320;

    /// <summary>Four communes in a 2 × 2 grid of 2.2 km squares, sharing their edges.</summary>
    private static readonly TestCommune[] Communes =
    [
        new("94101", "Phường Sóc Trăng", 105.90, 9.60, 0.02, 31_250),
        new("94102", "Xã Mỹ Xuyên", 105.92, 9.60, 0.02, 18_400),
        new("94103", "Xã Hòa Tú", 105.90, 9.62, 0.02, 12_075),
        new("94104", "Đặc khu Cù Lao Dung", 105.92, 9.62, 0.02, 9_830),
    ];

    [Fact]
    public async Task GIS_officer_imports_a_zipped_VN2000_shapefile_and_the_communes_are_on_the_map_and_the_API()
    {
        var zip = ProvinceShapefile.Write(Path.Combine(province.Files, "good"), "RG_XA_94", Communes);
        var page = await server.NewPageAsync(baseUrl: province.BaseUrl);
        await MekongServer.SignInAsync(page, FreshProvince.Email, "/admin", FreshProvince.Password);
        await page.ClickAsync("a[href='/admin/import']");

        // Step 1: the file, the level and the date (today in Vietnam is the default).
        await page.WaitForSelectorAsync("#import-file");
        Assert.Equal("commune", await page.InputValueAsync("#import-level"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", await page.InputValueAsync("#import-valid-from"));
        await page.SetInputFilesAsync("#import-file", zip);
        await MekongServer.ScreenshotAsync(page, "import-1-upload");
        await page.ClickAsync("#import-upload-submit");

        // Step 2: the properties found in the file, with the Vietnamese column names recognised.
        await page.WaitForURLAsync(url => url.Contains("step=map", StringComparison.Ordinal));
        Assert.Contains("Phường Sóc Trăng", await page.InnerTextAsync("#import-properties"), StringComparison.Ordinal);
        Assert.Equal("MA_XA", await page.InputValueAsync("#map-code"));
        Assert.Equal("TEN_XA", await page.InputValueAsync("#map-name"));
        Assert.Equal("DAN_SO", await page.InputValueAsync("#map-population"));
        Assert.Equal(string.Empty, await page.InputValueAsync("#map-parent"));
        await MekongServer.ScreenshotAsync(page, "import-2-mapping");
        await page.ClickAsync("#import-check-submit");

        // The dry run runs in the background: its job page follows it to the end, then links to the report.
        await FollowWorkAsync(page, "import-3-check-work");

        // Step 3: the dry run — four new communes, nothing rejected, drawn on the map.
        await page.WaitForSelectorAsync("#import-map[data-state=ready]");
        Assert.Equal("4", (await page.InnerTextAsync("#count-created")).Trim());
        Assert.Equal("0", (await page.InnerTextAsync("#count-rejected")).Trim());
        Assert.Equal("4", await page.GetAttributeAsync("#import-map", "data-units"));
        Assert.Contains("VN-2000", await page.InnerTextAsync("#report-title + p"), StringComparison.Ordinal);
        Assert.True(await page.IsEnabledAsync("#import-apply-submit"));
        await MekongServer.ScreenshotAsync(page, "import-3-check");

        // Step 4: apply (in the background too), then the operator map.
        await page.ClickAsync("#import-apply-submit");
        await FollowWorkAsync(page, "import-4-apply-work");
        await page.WaitForSelectorAsync("#import-applied");
        Assert.Contains("4", await page.InnerTextAsync("#import-applied"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "import-4-done");
        await page.ClickAsync("#import-open-ops");
        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        Assert.Equal("4", await page.GetAttributeAsync("#ops-map", "data-layer_admin_units_communes"));
        Assert.True(await page.Locator("#ops-map path.leaflet-interactive").CountAsync() >= 4);
        await MekongServer.ScreenshotAsync(page, "import-5-ops");
        await page.Context.CloseAsync();

        // Each commune is found for points 50 m inside each of its four edges.
        using var api = province.Api();
        foreach (var commune in Communes)
        {
            var inLat = 50 / MetresPerDegreeLat;
            var inLon = 50 / (MetresPerDegreeLat * Math.Cos(commune.Lat * Math.PI / 180));
            var middleLon = commune.Lon + (commune.Size / 2);
            var middleLat = commune.Lat + (commune.Size / 2);
            (double Lat, double Lon)[] points =
            [
                (commune.Lat + inLat, middleLon),
                (commune.Lat + commune.Size - inLat, middleLon),
                (middleLat, commune.Lon + inLon),
                (middleLat, commune.Lon + commune.Size - inLon),
            ];
            foreach (var (lat, lon) in points)
            {
                var url = string.Create(CultureInfo.InvariantCulture, $"api/v1/admin-units/locate?lat={lat:0.0000000}&lon={lon:0.0000000}");
                using var response = await api.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var unit = body.RootElement.GetProperty("unit");
                Assert.Equal(commune.Code, unit.GetProperty("code").GetString());
                Assert.Equal(commune.Name, unit.GetProperty("nameVi").GetString());
            }
        }
    }

    [Fact]
    public async Task Dry_run_of_a_bad_file_lists_every_problem_and_writes_nothing()
    {
        // 94201 twice (features 1 and 4), and 94203 drawn over half of 94202.
        var zip = ProvinceShapefile.Write(Path.Combine(province.Files, "bad"), "RG_XA_LOI", [
            new("94201", "Xã Một", 106.00, 9.70, 0.02, 1000),
            new("94202", "Xã Hai", 106.02, 9.70, 0.02, 1000),
            new("94203", "Xã Ba", 106.03, 9.70, 0.02, 1000),
            new("94201", "Xã Bốn", 106.00, 9.74, 0.02, 1000),
        ]);
        using var api = province.Api();
        var before = await TotalAsync(api);

        var page = await server.NewPageAsync(baseUrl: province.BaseUrl);
        await MekongServer.SignInAsync(page, FreshProvince.Email, "/admin/import", FreshProvince.Password);
        await page.SetInputFilesAsync("#import-file", zip);
        await page.ClickAsync("#import-upload-submit");
        await page.WaitForURLAsync(url => url.Contains("step=map", StringComparison.Ordinal));
        await page.ClickAsync("#import-check-submit");
        await FollowWorkAsync(page, "import-bad-check-work");
        await page.WaitForSelectorAsync("#import-map[data-state=ready]");

        Assert.Equal("4", (await page.InnerTextAsync("#count-rejected")).Trim());
        var rejections = await page.Locator("#import-rejections li").AllInnerTextsAsync();
        Assert.Equal(4, rejections.Count);
        // The page is in Vietnamese, and so are the engine's messages on it.
        Assert.Equal(2, rejections.Count(r => r.Contains("mã 94201 xuất hiện 2 lần", StringComparison.Ordinal)));
        Assert.Contains(rejections, r => r.StartsWith("đối tượng 2 (94202): chồng lấn với 94203", StringComparison.Ordinal));
        Assert.Contains(rejections, r => r.StartsWith("đối tượng 3 (94203): chồng lấn với 94202", StringComparison.Ordinal));
        Assert.Equal("4", await page.GetAttributeAsync("#import-map", "data-rejected"));
        Assert.True(int.Parse(await page.GetAttributeAsync("#import-map", "data-issues") ?? "0", CultureInfo.InvariantCulture) >= 1, "the overlap is drawn");
        Assert.True(await page.Locator("#import-map path.import-rejected").CountAsync() >= 4, "the rejected units are drawn in red");

        // Import stays disabled until the rejected units are explicitly skipped.
        Assert.False(await page.IsEnabledAsync("#import-apply-submit"));
        await page.CheckAsync("#import-skip-invalid");
        Assert.True(await page.IsEnabledAsync("#import-apply-submit"));
        await page.UncheckAsync("#import-skip-invalid");
        await MekongServer.ScreenshotAsync(page, "import-bad-check");
        await page.Context.CloseAsync();

        Assert.Equal(before, await TotalAsync(api));
    }

    [Fact]
    public async Task A_loose_shp_is_refused_with_a_request_for_a_zip_and_a_file_above_Kestrels_30_MB_default_gets_through()
    {
        var zip = ProvinceShapefile.Write(Path.Combine(province.Files, "loose"), "XA", Communes);
        var page = await server.NewPageAsync(baseUrl: province.BaseUrl);
        await MekongServer.SignInAsync(page, FreshProvince.Email, "/admin/import", FreshProvince.Password);
        await page.SetInputFilesAsync("#import-file", Path.ChangeExtension(zip, ".shp"));
        await page.ClickAsync("#import-upload-submit");
        Assert.Contains(".zip", await page.InnerTextAsync("#import-error"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "import-loose-shp");

        // 35 MB that starts like a zip but is not one: past the request limit (this endpoint's own), refused for its content.
        var big = Path.Combine(province.Files, "big.zip");
        await using (var file = File.Create(big))
        {
            await file.WriteAsync("PK\u0003\u0004"u8.ToArray(), TestContext.Current.CancellationToken);
            await file.WriteAsync(new byte[35 * 1024 * 1024], TestContext.Current.CancellationToken);
        }

        await page.SetInputFilesAsync("#import-file", big);
        await page.ClickAsync("#import-upload-submit");
        Assert.StartsWith("Không đọc được tệp", (await page.InnerTextAsync("#import-error")).Trim(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_follows_work_and_periodic_jobs_on_the_jobs_screen_and_messages_on_the_outbox_screen()
    {
        var zip = ProvinceShapefile.Write(Path.Combine(province.Files, "jobs"), "RG_XA_JOBS", [new("94301", "Xã Năm", 106.10, 9.80, 0.02, 500)]);
        var page = await server.NewPageAsync(baseUrl: province.BaseUrl);
        await MekongServer.SignInAsync(page, FreshProvince.Email, "/admin/import", FreshProvince.Password);
        await page.SetInputFilesAsync("#import-file", zip);
        await page.ClickAsync("#import-upload-submit");
        await page.WaitForURLAsync(url => url.Contains("step=map", StringComparison.Ordinal));
        await page.ClickAsync("#import-check-submit");
        await FollowWorkAsync(page, "jobs-work-done");

        // The dry run is listed with the periodic jobs, done, and links to its page.
        await page.GotoAsync("/admin/jobs");
        var row = page.Locator("#work-table tbody tr", new PageLocatorOptions { HasText = "RG_XA_JOBS" });
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("Hoàn tất", (await row.Locator(".badge").InnerTextAsync()).Trim());
        Assert.Contains("outbox.cleanup", await page.InnerTextAsync("#jobs-table"), StringComparison.Ordinal);
        await row.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("#work-result-link");
        Assert.Equal("succeeded", await page.GetAttributeAsync("#work", "data-state"));

        // "Run now": the run appears among the recent runs.
        await page.GotoAsync("/admin/jobs");
        await page.ClickAsync("button[aria-label='Chạy ngay tác vụ outbox.cleanup']");
        await page.WaitForSelectorAsync("#run-requested");
        await ReloadUntilAsync(page, "/admin/jobs", "#runs-table", "outbox.cleanup");
        Assert.Contains("Thành công", await page.InnerTextAsync("#runs-table"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "jobs");

        // The outbox: a test message is delivered by the dispatcher; every tab renders.
        await page.GotoAsync("/admin/outbox");
        await page.ClickAsync("#send-probe");
        await page.WaitForSelectorAsync("#probe-sent");
        await ReloadUntilAsync(page, "/admin/outbox?status=delivered", "#outbox-table", "platform.probe");
        foreach (var status in new[] { "pending", "failed", "dead" })
        {
            await page.ClickAsync($"#tab-{status}");
            await page.WaitForURLAsync(url => url.EndsWith("status=" + status, StringComparison.Ordinal));
            // Enhanced navigation changes the address before it patches the page: wait for the tab to be current.
            await page.WaitForSelectorAsync($"#tab-{status}[aria-current=page]");
        }

        await MekongServer.ScreenshotAsync(page, "outbox");
        await page.Context.CloseAsync();
    }

    private static async Task ReloadUntilAsync(IPage page, string url, string selector, string text)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.GotoAsync(url);
            if (await page.Locator(selector).CountAsync() > 0 && (await page.InnerTextAsync(selector)).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{url} did not show '{text}' in {selector} within 30 s.");
    }

    /// <summary>On the job page of the work just started: waits until it has ended (the page reloads itself), checks it is done, and opens its result.</summary>
    private static async Task FollowWorkAsync(IPage page, string screenshot)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/admin/jobs/work/", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("#work-result-link", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("Hoàn tất", (await page.InnerTextAsync("#work-state")).Trim());
        Assert.Equal("succeeded", await page.GetAttributeAsync("#work", "data-state"));
        var bar = page.Locator("#work-progress");
        Assert.Equal(await bar.GetAttributeAsync("max"), await bar.GetAttributeAsync("value"));
        Assert.Contains(FreshProvince.Email, await page.InnerTextAsync("#work-started-by"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, screenshot);
        await page.ClickAsync("#work-result-link");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/import");
    }

    private static async Task<int> TotalAsync(HttpClient api)
    {
        var page = await api.GetFromJsonAsync<JsonElement>(new Uri("api/v1/admin-units?jurisdiction=94", UriKind.Relative), TestContext.Current.CancellationToken);
        return page.GetProperty("total").GetInt32();
    }
}
