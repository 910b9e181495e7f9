using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>The operator console: signed-in only, the province's communes drawn from our own API, no internet needed.</summary>
public sealed partial class OpsConsoleTests(MekongServer server)
{
    [Fact]
    public async Task Console_asks_for_a_sign_in_then_draws_the_communes()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/ops");
        Assert.Matches(LoginUrl(), page.Url);

        await page.FillAsync("#email", "operator@phusa.example");
        await page.FillAsync("#password", MekongServer.DemoPassword);
        await page.ClickAsync("form[action='/account/login'] button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ops");

        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        var polygons = await page.Locator("#ops-map path.leaflet-interactive").CountAsync();
        var communes = int.Parse(await page.GetAttributeAsync("#ops-map", "data-layer_admin_units_communes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(communes >= 90, $"the demo province has at least 90 communes, the layer had {communes}");
        Assert.True(polygons >= communes, $"every commune is drawn: {polygons} paths for {communes} communes");
        Assert.Contains("Phù Sa", await page.InnerTextAsync("#ops-jurisdiction"), StringComparison.Ordinal);
        Assert.Equal(communes.ToString("N0", new System.Globalization.CultureInfo("vi-VN")), (await page.InnerTextAsync("#ops-commune-count")).Trim());
        Assert.True(await page.Locator("#ops-layer-list input[type=checkbox]").CountAsync() >= 2, "the layer list shows the registry's layers");
        await page.WaitForSelectorAsync("#ops-live-status[data-connected=true]");

        // Click the commune under the middle of the map: its popup names it (the reports' points taken off first, so
        // that no report's marker is what the click hits).
        await page.UncheckAsync("#layer-reports\\.reports");
        var box = await page.Locator("#ops-map").BoundingBoxAsync();
        await page.Mouse.ClickAsync(box!.X + (box.Width / 2), box.Y + (box.Height / 2));
        var popup = page.Locator(".leaflet-popup-content");
        await popup.WaitForAsync();
        var text = await popup.InnerTextAsync();
        Assert.Matches(CommuneName(), text);
        Assert.Contains("Mã", text, StringComparison.Ordinal);
        Assert.Contains("Dân số", text, StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(400); // the popup's fade-in, for the screenshot
        await MekongServer.ScreenshotAsync(page, "ops-map");

        // Unticking the layer removes the communes from the map.
        await page.UncheckAsync("#layer-admin-units\\.communes");
        Assert.True(await page.Locator("#ops-map path.leaflet-interactive").CountAsync() < polygons);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_layer_that_is_off_is_fetched_only_when_it_is_switched_on()
    {
        var page = await server.NewPageAsync();
        var districtFetches = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/admin-units.geojson", StringComparison.Ordinal) && request.Url.Contains("level=district", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref districtFetches);
            }
        };
        await MekongServer.SignInAsync(page, "operator@phusa.example", "/ops");
        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        Assert.False(await page.IsCheckedAsync("#layer-admin-units\\.districts-2024"), "the old districts are off when the map opens");

        // The map is ready when the layers that are on are drawn; the one that is off was not fetched.
        Assert.NotNull(await page.GetAttributeAsync("#ops-map", "data-layer_admin_units_communes"));
        Assert.Equal(0, Volatile.Read(ref districtFetches));
        Assert.Null(await page.GetAttributeAsync("#ops-map", "data-layer_admin_units_districts_2024"));

        // Switched on, it is fetched and drawn.
        await page.CheckAsync("#layer-admin-units\\.districts-2024");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('ops-map').dataset.layer_admin_units_districts_2024) > 0");
        Assert.Equal(1, Volatile.Read(ref districtFetches));

        // Off and on again with nothing changed meanwhile: drawn from what it has, not fetched again.
        await page.UncheckAsync("#layer-admin-units\\.districts-2024");
        await page.CheckAsync("#layer-admin-units\\.districts-2024");
        Assert.Equal(1, Volatile.Read(ref districtFetches));
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/login\\?returnUrl=%2Fops", RegexOptions.IgnoreCase)]
    private static partial Regex LoginUrl();

    [GeneratedRegex("^(Xã|Phường|Đặc khu) \\S", RegexOptions.Multiline)]
    private static partial Regex CommuneName();
}
