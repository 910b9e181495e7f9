using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>
/// What a new user meets first: every page loads without a console error or a broken request (checked for every test
/// by <see cref="BrowserChecks"/>), a mistyped address gets a page rather than JSON, the API documentation works
/// offline, and the console's side panel reads well in English.
/// </summary>
public sealed class NewUserTests(MekongServer server)
{
    [Fact]
    public async Task The_framework_script_every_page_references_is_served()
    {
        var page = await server.NewPageAsync();
        var script = page.WaitForResponseAsync(r => r.Url.Contains("/_framework/blazor.web.js", StringComparison.Ordinal));
        await page.GotoAsync("/");
        var response = await script;
        Assert.Equal(200, response.Status);
        Assert.Contains("javascript", response.Headers["content-type"], StringComparison.Ordinal);
        await page.WaitForFunctionAsync("window.Blazor !== undefined");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_mistyped_address_shows_the_not_found_page_in_the_readers_language()
    {
        BrowserChecks.Expect("/khong-co-trang-nay");
        var page = await server.NewPageAsync();

        var response = await page.GotoAsync("/khong-co-trang-nay?x=1");
        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("Không tìm thấy trang", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal(1, await page.Locator("main a[href='/']").CountAsync());
        await MekongServer.ScreenshotAsync(page, "not-found-vi");

        await page.GotoAsync("/culture/en?returnUrl=%2Fkhong-co-trang-nay");
        Assert.Equal("Page not found", (await page.InnerTextAsync("h1")).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_api_documentation_works_offline_in_the_installations_look()
    {
        var page = await server.NewPageAsync();
        var response = await page.GotoAsync("/api-docs");
        Assert.Equal(200, response!.Status);

        // The reference is drawn from our own OpenAPI document (not from a CDN): the title and our modules' sections show
        // (which section the reference opens first follows the order endpoints are mapped in, so none is assumed).
        await page.GetByText("Mekong IOC API").First.WaitForAsync();
        await page.GetByText("Administrative units").First.WaitForAsync();
        await page.GetByText("Public warnings").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await MekongServer.ScreenshotAsync(page, "api-docs");

        // No buttons that send the reader (or our API description) to online services.
        var text = await page.InnerTextAsync("body");
        Assert.DoesNotContain("Open API Client", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ask AI", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Generate MCP", text, StringComparison.OrdinalIgnoreCase);

        // The installation's font, as on every other page.
        var font = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
        Assert.StartsWith("system-ui", font, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task In_English_each_layer_swatch_sits_on_the_line_of_its_name_and_controls_use_the_page_font()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "operator@phusa.example", "/ops");
        await page.GotoAsync("/culture/en?returnUrl=%2Fops");
        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        var labels = page.Locator("#ops-layer-list label");
        var count = await labels.CountAsync();
        Assert.True(count >= 2, $"the layer list shows the registry's layers ({count})");
        for (var i = 0; i < count; i++)
        {
            var label = labels.Nth(i);
            var swatch = await label.Locator(".layer-swatch").BoundingBoxAsync();
            var name = await label.Locator(".layer-name").BoundingBoxAsync();
            var title = await label.Locator(".layer-name").InnerTextAsync();
            Assert.True(swatch is not null && name is not null, $"layer {i} has a swatch and a name");
            // On one line: the swatch is beside the name (to its left) and overlaps its first line vertically.
            Assert.True(swatch.X + swatch.Width <= name.X, $"'{title}': swatch at x {swatch.X}+{swatch.Width}, name at x {name.X}");
            Assert.True(swatch.Y < name.Y + 24 && swatch.Y + swatch.Height > name.Y, $"'{title}': swatch at y {swatch.Y}, name at y {name.Y}");
        }

        await MekongServer.ScreenshotAsync(page, "ops-panel-en");

        var bodyFont = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
        var controlFonts = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('input, button, select, textarea')].map(e => (e.id || e.tagName) + ': ' + getComputedStyle(e).fontFamily)");
        Assert.NotEmpty(controlFonts);
        Assert.All(controlFonts, f => Assert.EndsWith(": " + bodyFont, f, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
