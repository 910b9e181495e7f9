using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>The citizen portal as a person sees it: Vietnamese first, English on request, the province's contacts.</summary>
public sealed class PortalTests(MekongServer server)
{
    [Fact]
    public async Task Portal_speaks_Vietnamese_by_default_and_English_after_the_switch()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");

        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Cổng thông tin cho người dân", (await page.InnerTextAsync("h1")).Trim());
        Assert.Contains("Phù Sa", await page.TextContentAsync("#jurisdiction-name") ?? string.Empty, StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#synthetic-notice"), "the synthetic province is labelled as such");
        Assert.Contains("Dữ liệu mô phỏng", await page.InnerTextAsync("#synthetic-notice"), StringComparison.Ordinal);
        Assert.True(await page.Locator("a[href^='tel:']").CountAsync() > 0, "the hotline is a phone link");
        await MekongServer.ScreenshotAsync(page, "portal-vi");

        await page.ClickAsync("a[hreflang=en]");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.Equal("Citizen portal", (await page.InnerTextAsync("h1")).Trim());
        Assert.Contains("Phu Sa", await page.TextContentAsync("#jurisdiction-name") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Synthetic data", await page.InnerTextAsync("#synthetic-notice"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "portal-en");

        await page.ClickAsync("a[hreflang=vi]");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'vi'");
        Assert.Equal("Cổng thông tin cho người dân", (await page.InnerTextAsync("h1")).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Portal_fits_a_phone_and_has_a_skip_link()
    {
        var page = await server.NewPageAsync(390, 844);
        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "no horizontal scrolling on a phone");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("document.activeElement.className"));
        Assert.Equal(1, await page.Locator("main#main").CountAsync());
        await MekongServer.ScreenshotAsync(page, "portal-mobile");
        await page.Context.CloseAsync();
    }
}
