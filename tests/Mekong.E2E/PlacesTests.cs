using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>
/// Places and routes in a real browser (ADR 0037): a resident types "benh vien" on a phone, picks the suggested
/// hospital, asks for directions by motorbike from where the browser says they are, and sees Vietnamese steps and the
/// route drawn on the map; an operator draws a route between two points of the /ops map and closes a road on it.
/// </summary>
public sealed class PlacesTests(MekongServer server)
{
    private const string Hospital = "Bệnh viện Đa khoa tỉnh Phù Sa";

    [Fact]
    public async Task A_resident_finds_the_hospital_as_they_type_and_gets_motorbike_directions_from_their_location()
    {
        var page = await server.NewPageAsync(390, 844, touch: true);
        await page.GotoAsync("/");
        await page.ClickAsync("#home-places");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/places");

        var box = page.Locator("#places-q");
        await box.PressSequentiallyAsync("benh vien", new LocatorPressSequentiallyOptions { Delay = 40 });
        var suggestion = page.Locator("#places-q-listbox [role=option]", new PageLocatorOptions { HasTextString = Hospital });
        await suggestion.WaitForAsync();
        Assert.Equal("true", await box.GetAttributeAsync("aria-expanded"));
        Assert.All(await page.Locator("#places-q-listbox .pl-suggestion-name").AllInnerTextsAsync(), s => Assert.StartsWith("Bệnh viện", s, StringComparison.Ordinal));
        await box.PressAsync("ArrowDown");
        var first = await page.Locator("#places-q-listbox [role=option]").First.GetAttributeAsync("id");
        Assert.Equal(first, await box.GetAttributeAsync("aria-activedescendant"));
        Assert.Equal("true", await page.Locator("#places-q-listbox [role=option]").First.GetAttributeAsync("aria-selected"));
        await MekongServer.ScreenshotAsync(page, "places-suggestions");
        await suggestion.ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/places/", StringComparison.Ordinal));
        Assert.Equal(Hospital, (await page.InnerTextAsync("#place-name")).Trim());
        await page.WaitForSelectorAsync("#place-map[data-state=ready]");
        var lat = double.Parse((await page.GetAttributeAsync("#place-map", "data-lat"))!, CultureInfo.InvariantCulture);
        var lon = double.Parse((await page.GetAttributeAsync("#place-map", "data-lon"))!, CultureInfo.InvariantCulture);
        Assert.True(await page.IsCheckedAsync("input[name=profile][value=motorbike]"), "motorbike is the default");

        // The browser says where the resident is (a few kilometres north-west of the hospital).
        await page.Context.GrantPermissionsAsync(["geolocation"]);
        await page.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)(lat + 0.06), Longitude = (float)(lon - 0.05) });
        await page.ClickAsync("#directions-locate");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/places/route");
        Assert.Equal("motorbike", await page.GetAttributeAsync("#route-summary", "data-profile"));
        Assert.Contains(Hospital, await page.InnerTextAsync("#route-title"), StringComparison.Ordinal);
        var steps = await page.Locator("#route-steps .pl-step-text").AllInnerTextsAsync();
        Assert.True(steps.Count >= 2, $"{steps.Count} steps");
        Assert.StartsWith("Đi về hướng", steps[0], StringComparison.Ordinal);
        Assert.Equal("Đến nơi", steps[^1].Trim());
        await page.WaitForSelectorAsync("#route-map[data-state=ready]");
        Assert.Equal(1, await page.Locator("#route-map path.pl-route-line").CountAsync());
        Assert.True(int.Parse((await page.GetAttributeAsync("#route-map", "data-points"))!, CultureInfo.InvariantCulture) >= 2);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "no horizontal scrolling on a phone");
        await MekongServer.ScreenshotAsync(page, "places-route");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_operator_draws_a_route_between_two_points_on_the_ops_map_and_closes_a_road_on_it()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "operator@phusa.example", "/ops");
        await page.WaitForSelectorAsync("#ops-map[data-state=ready]");
        await page.WaitForSelectorAsync("#ops-closure-list[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var found = await page.Context.APIRequest.GetAsync("/api/v1/places?q=benh%20vien%20da%20khoa&limit=1");
        var hospital = JsonDocument.Parse(await found.TextAsync()).RootElement.GetProperty("items")[0];
        var (lat, lon) = (hospital.GetProperty("latitude").GetDouble(), hospital.GetProperty("longitude").GetDouble());

        await page.ClickAsync("#ops-route-pick");
        await ClickMapAtAsync(page, lat + 0.06, lon - 0.05);
        await ClickMapAtAsync(page, lat, lon);

        await page.WaitForSelectorAsync("#ops-routes[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var steps = await page.Locator("#ops-route-steps li").AllInnerTextsAsync();
        Assert.True(steps.Count >= 2, $"{steps.Count} steps");
        Assert.StartsWith("Đến nơi", steps[^1], StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#ops-map path.ops-route-line").CountAsync());
        Assert.Contains("Quãng đường", await page.InnerTextAsync("#ops-route-status"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "ops-route");

        // Close the road the route left on (a point of its line) with a reason, see it listed and drawn, reopen it.
        var closuresBefore = int.Parse((await page.GetAttributeAsync("#ops-closure-list", "data-count"))!, CultureInfo.InvariantCulture);
        var mid = await page.EvaluateAsync<double[]>(
            "() => { let line; window.mekongMap.eachLayer(l => { if (l instanceof L.Polyline && l.options.className === 'ops-route-line') { line = l; } }); const [a, b] = line.getLatLngs(); return [(a.lat + b.lat) / 2, (a.lng + b.lng) / 2]; }");
        await page.ClickAsync("#ops-route-clear");
        Assert.Equal(0, await page.Locator("#ops-map path.ops-route-line").CountAsync());
        await page.ClickAsync("#ops-closure-pick");
        await ClickMapAtAsync(page, mid[0], mid[1]);
        await page.WaitForSelectorAsync("#ops-closure-form:not([hidden])");
        await page.FillAsync("#ops-closure-reason", "Sửa cầu (thử nghiệm)");
        await page.ClickAsync("#ops-closure-save");
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('ops-closure-list').dataset.count) === {closuresBefore + 1}");
        var closed = page.Locator("#ops-closure-list li", new PageLocatorOptions { HasTextString = "Sửa cầu (thử nghiệm)" });
        Assert.Equal(1, await closed.CountAsync());
        await page.WaitForFunctionAsync("() => Number(document.getElementById('ops-map').dataset.layer_places_closures) >= 1");
        await MekongServer.ScreenshotAsync(page, "ops-closure");

        await closed.Locator("button.ops-closure-reopen").ClickAsync();
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('ops-closure-list').dataset.count) === {closuresBefore}");
        await page.Context.CloseAsync();
    }

    /// <summary>Clicks the /ops map where a point is drawn, as a person clicks on it.</summary>
    private static async Task ClickMapAtAsync(IPage page, double lat, double lon)
    {
        var at = await page.EvaluateAsync<double[]>(
            "([lat, lon]) => { const m = window.mekongMap; m.panTo([lat, lon], { animate: false }); const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            new[] { lat, lon });
        var box = (await page.Locator("#ops-map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync((float)(box.X + at[0]), (float)(box.Y + at[1]));
    }
}
