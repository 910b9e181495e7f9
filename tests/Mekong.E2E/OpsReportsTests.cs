using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>
/// The reports on the operator console in a real browser: the layer's points, the counts by status, and an emergency
/// posted through Open311 by another system while /ops is open, which raises the alert without a reload; the alert
/// stays over a reload until the operator acknowledges it. The statistics page draws its chart.
/// </summary>
public sealed class OpsReportsTests(MekongServer server)
{
    [Fact]
    public async Task An_emergency_posted_through_Open311_raises_the_alert_on_ops_without_a_reload()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "operator@phusa.example", "/ops");
        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        await page.WaitForSelectorAsync("#ops-live-status[data-connected=true]");
        await page.WaitForSelectorAsync("#ops-report-counts[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var openBefore = int.Parse(await page.GetAttributeAsync("#ops-report-counts", "data-open") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(await page.Locator("#ops-map path.map-marker").CountAsync() > 0, "the demo's open reports are drawn as points");
        var emergenciesBefore = await page.Locator("#ops-map path.map-marker-emergency").CountAsync();

        // Another system posts an emergency with its API key (issued by the administrator, from another browser).
        var admin = await server.NewPageAsync();
        await MekongServer.SignInAsync(admin, "admin@phusa.example", "/admin");
        var issued = await admin.Context.APIRequest.PostAsync("/api/v1/admin/api-keys", new APIRequestContextOptions
        {
            DataObject = new { name = "e2e-open311-" + Guid.NewGuid().ToString("N")[..8], role = "Viewer", jurisdiction = "90" },
        });
        Assert.Equal(201, issued.Status);
        var key = JsonDocument.Parse(await issued.TextAsync()).RootElement.GetProperty("key").GetString()!;
        var client = await server.NewPageAsync();
        var form = client.Context.APIRequest.CreateFormData();
        form.Set("service_code", "fallen-tree");
        form.Set("lat", "9.6");
        form.Set("long", "105.95");
        form.Set("attribute[blocking]", "yes");
        form.Set("description", "Cây đổ chắn ngang đường");
        var posted = await client.Context.APIRequest.PostAsync("/open311/v2/requests.json", new APIRequestContextOptions
        {
            Form = form,
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = key },
        });
        Assert.Equal(200, posted.Status);
        var token = JsonDocument.Parse(await posted.TextAsync()).RootElement[0].GetProperty("token").GetString();
        var found = await client.Context.APIRequest.GetAsync($"/open311/v2/tokens/{token}.json");
        var id = JsonDocument.Parse(await found.TextAsync()).RootElement[0].GetProperty("service_request_id").GetString();

        // The operator's page was not reloaded: the alert is up, the point is on the map, the counts went up.
        var alert = page.Locator($"#ops-alert-list li[data-report-id='{id}']");
        await alert.WaitForAsync();
        Assert.False(await page.Locator("#ops-alerts").IsHiddenAsync());
        Assert.Contains(id!, await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Cây xanh gãy đổ", await alert.InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#ops-map path.map-marker-emergency').length > {emergenciesBefore}");
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('ops-report-counts').dataset.open) > {openBefore}");
        await MekongServer.ScreenshotAsync(page, "ops-emergency-alert");

        // "Show on map" opens the report's popup: its number, and the link to the officer's page.
        await alert.Locator("button.link-button").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content");
        await popup.WaitForAsync();
        Assert.Contains($"Phản ánh số {id}", await popup.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"/reports/queue/{id}", await popup.Locator("a.map-popup-link").GetAttributeAsync("href"));

        // Nobody acknowledged it yet: a reload still shows it. The operator acknowledges: it goes, and stays gone.
        await page.ReloadAsync();
        await page.Locator($"#ops-alert-list li[data-report-id='{id}']").WaitForAsync();
        await page.Locator($"#ops-alert-list li[data-report-id='{id}'] button.ops-alert-ack").ClickAsync();
        await page.Locator($"#ops-alert-list li[data-report-id='{id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#ops-report-counts[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync("#ops-alerts[data-count]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Equal(0, await page.Locator($"#ops-alert-list li[data-report-id='{id}']").CountAsync());
        await page.Context.CloseAsync();
        await admin.Context.CloseAsync();
        await client.Context.CloseAsync();
    }

    [Fact]
    public async Task The_statistics_page_draws_its_chart_from_the_pinned_library()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "admin@phusa.example", "/reports/statistics");
        await page.WaitForSelectorAsync("#stats-table");
        await page.WaitForSelectorAsync("#stats-chart[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.True(await page.Locator("#stats-table tbody tr").CountAsync() > 0);
        await page.SelectOptionAsync("#stats-group", "commune");
        await page.ClickAsync(".stats-form button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("group=commune", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("#stats-chart[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await MekongServer.ScreenshotAsync(page, "report-statistics");
        await page.Context.CloseAsync();
    }
}
