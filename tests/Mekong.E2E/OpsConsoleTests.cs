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

    [GeneratedRegex("/login\\?returnUrl=%2Fops", RegexOptions.IgnoreCase)]
    private static partial Regex LoginUrl();

    [GeneratedRegex("^(Xã|Phường|Đặc khu) \\S", RegexOptions.Multiline)]
    private static partial Regex CommuneName();
}
