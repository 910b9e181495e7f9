using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Places;

/// <summary>
/// The screens of places and routes (ADR 0037), server-rendered, in the same class as the directory's tests so that
/// they share one server: the portal's search, place and route pages in Vietnamese and English, the not-found page,
/// and the operator map's places and closures layers with their box and roles.
/// </summary>
public abstract partial class PlacesTests
{
    private async Task<(HttpStatusCode Status, string Html)> PageAsync(string path, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (path.Contains("culture=en", StringComparison.Ordinal))
        {
            // The cookie as well: the not-found page is rendered afresh, without the query string.
            request.Headers.Add("Cookie", ".AspNetCore.Culture=c=en|uic=en");
        }

        var response = await (client ?? Anonymous).SendAsync(request, Ct);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    private async Task<Guid> HospitalIdAsync() =>
        Items(await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vien%20da%20khoa"))[0].GetProperty("id").GetGuid();

    private static int Count(string html, string text) => (html.Length - html.Replace(text, "", StringComparison.Ordinal).Length) / text.Length;

    [Fact]
    public async Task The_places_page_renders_a_querys_results_with_category_chips_in_vietnamese_and_english()
    {
        var (status, vi) = await PageAsync("/places?q=benh%20vien");
        var (_, en) = await PageAsync("/places?q=benh%20vien&culture=en");
        var (_, pharmacies) = await PageAsync("/places?category=pharmacy&culture=en");
        var (_, empty) = await PageAsync("/places");
        var (mangled, _) = await PageAsync("/places?q=benh&offset=abc&near=nowhere");
        var api = await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vien");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"vi\"", vi, StringComparison.Ordinal);
        Assert.Contains(">Bệnh viện Đa khoa tỉnh Phù Sa</a>", vi, StringComparison.Ordinal);
        Assert.Contains($">{api.GetProperty("total").GetInt32()} địa điểm</h2>", vi, StringComparison.Ordinal);
        Assert.Equal(api.GetProperty("total").GetInt32(), Count(vi, "class=\"pl-result\""));
        Assert.Contains(">Cơ sở y tế</a>", vi, StringComparison.Ordinal);
        Assert.Contains("role=\"combobox\"", vi, StringComparison.Ordinal);
        Assert.Contains("value=\"benh vien\"", vi, StringComparison.Ordinal);
        Assert.Contains("id=\"places-map\"", vi, StringComparison.Ordinal);

        Assert.Contains("<html lang=\"en\"", en, StringComparison.Ordinal);
        Assert.Contains(" places</h2>", en, StringComparison.Ordinal);
        Assert.Contains(">Health facilities</a>", en, StringComparison.Ordinal);
        Assert.Contains(">Pharmacies</a>", pharmacies, StringComparison.Ordinal);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(pharmacies, "class=\"pl-meta\"><span>([^<]+)</span>").Select(m => m.Groups[1].Value),
            c => Assert.Equal("Pharmacies", c));
        Assert.Contains("data-category=\"pharmacy\" aria-current=\"page\"", pharmacies, StringComparison.Ordinal);
        Assert.Contains("id=\"places-hint\"", empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, mangled);
        Assert.DoesNotContain("id=\"places-results\"", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_results_near_a_point_show_their_distances_nearest_first()
    {
        var (lat, lon) = await HospitalAsync();

        var (_, html) = await PageAsync($"/places?category=pharmacy&near={Point(lat, lon)}");

        var distances = System.Text.RegularExpressions.Regex.Matches(html, "class=\"pl-distance\">([0-9.,]+) (m|km)<")
            .Select(m => double.Parse(m.Groups[1].Value.Replace(",", ".", StringComparison.Ordinal), CultureInfo.InvariantCulture) * (m.Groups[2].Value == "km" ? 1000 : 1)).ToList();
        Assert.True(distances.Count >= 5, $"{distances.Count} distances");
        Assert.Equal(distances.Order(), distances);
        Assert.Contains("id=\"places-near-on\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_place_page_shows_its_details_and_directions_and_an_unknown_place_gets_the_not_found_page()
    {
        var id = await HospitalIdAsync();
        var details = await Anonymous.GetJsonAsync($"/api/v1/places/{id}");
        var commune = await Anonymous.GetJsonAsync($"/api/v1/admin-units/{details.GetProperty("communeCode").GetString()}");

        var (status, vi) = await PageAsync($"/places/{id}");
        var (_, en) = await PageAsync($"/places/{id}?culture=en");
        var (missingStatus, missing) = await PageAsync($"/places/{Guid.NewGuid()}");
        var (_, missingEn) = await PageAsync($"/places/{Guid.NewGuid()}?culture=en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1 id=\"place-name\">Bệnh viện Đa khoa tỉnh Phù Sa</h1>", vi, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"place-name\">Phu Sa Provincial General Hospital</h1>", en, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"place-commune\">{commune.GetProperty("nameVi").GetString()}</dd>", vi, StringComparison.Ordinal);
        Assert.Contains(">Cơ sở y tế</a>", vi, StringComparison.Ordinal);
        if (details.GetProperty("phone").GetString() is { } phone)
        {
            Assert.Contains($">{phone}</a>", vi, StringComparison.Ordinal);
        }

        Assert.Contains(">Chỉ đường từ vị trí của tôi</button>", vi, StringComparison.Ordinal);
        Assert.Contains("value=\"motorbike\" checked", vi, StringComparison.Ordinal);
        Assert.Contains("action=\"/places/route\"", vi, StringComparison.Ordinal);
        Assert.Contains(">Directions from my location</button>", en, StringComparison.Ordinal);
        Assert.Contains(">Health facilities</a>", en, StringComparison.Ordinal);
        Assert.Contains(">Opening hours</dt>", en, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        // The shell's not-found page, in the reader's language.
        Assert.Contains("<h1>Không tìm thấy trang</h1>", missing, StringComparison.Ordinal);
        Assert.Contains("<h1>Page not found</h1>", missingEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_route_page_shows_a_motorbike_route_its_steps_in_the_readers_language_and_its_line()
    {
        var id = await HospitalIdAsync();
        var (lat, lon) = await HospitalAsync();
        var from = Point(lat + 0.06, lon - 0.05);
        var api = await Anonymous.GetJsonAsync($"/api/v1/routes?from={from}&to={Point(lat, lon)}&profile=motorbike");

        var (status, vi) = await PageAsync($"/places/route?place={id}&from={from}&profile=motorbike");
        var (_, en) = await PageAsync($"/places/route?place={id}&from={from}&culture=en");
        var (_, byName) = await PageAsync($"/places/route?place={id}&fromq=cho%20noi&profile=foot");
        var (noStartStatus, noStart) = await PageAsync($"/places/route?place={id}&fromq=zzzzqqqq");
        var (badStatus, _) = await PageAsync($"/places/route?place={id}&from=91,200");
        var (badPlaceStatus, badPlace) = await PageAsync("/places/route?place=not-a-place&from=9.6,105.9");
        var (farStatus, far) = await PageAsync($"/places/route?place={id}&from={Point(lat + 1.5, lon)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1 id=\"route-title\">Đường đi đến Bệnh viện Đa khoa tỉnh Phù Sa</h1>", vi, StringComparison.Ordinal);
        Assert.Contains($"data-metres=\"{Math.Round(api.GetProperty("distance").GetDouble())}\"", vi, StringComparison.Ordinal);
        Assert.Contains("data-profile=\"motorbike\"", vi, StringComparison.Ordinal);
        var stepsVi = api.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("instructionVi").GetString()!).ToList();
        Assert.All(stepsVi, s => Assert.Contains($"<span class=\"pl-step-text\">{s}</span>", vi, StringComparison.Ordinal));
        Assert.Contains("Đến nơi", vi, StringComparison.Ordinal);
        var geometry = System.Text.RegularExpressions.Regex.Match(vi, "data-geometry=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(api.GetProperty("geometry").GetProperty("coordinates").GetArrayLength(), JsonDocument.Parse(geometry).RootElement.GetArrayLength());

        Assert.Contains("<h1 id=\"route-title\">Route to Phu Sa Provincial General Hospital</h1>", en, StringComparison.Ordinal);
        Assert.Contains("You have arrived", en, StringComparison.Ordinal);
        Assert.Contains("data-profile=\"motorbike\"", en, StringComparison.Ordinal);
        Assert.Contains("<p id=\"route-from\">Từ: Chợ", byName, StringComparison.Ordinal);
        Assert.Contains("data-profile=\"foot\"", byName, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noStartStatus);
        Assert.Contains("Không tìm thấy địa điểm “zzzzqqqq”", noStart, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal(HttpStatusCode.BadRequest, badPlaceStatus);
        Assert.Contains("Liên kết không chỉ tới một địa điểm.", badPlace, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, farStatus);
        Assert.Contains("Điểm xuất phát cách đường", far, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ops_places_layers_keep_to_the_box_and_are_for_signed_in_users()
    {
        var (viewerKey, _) = await app.IssueKeyAsync("Viewer");
        var viewer = app.Factory.WithApiKey(viewerKey);
        var (lat, lon) = await HospitalAsync();
        var box = string.Create(CultureInfo.InvariantCulture, $"{lon - 0.05},{lat - 0.05},{lon + 0.05},{lat + 0.05}");

        var anonymous = await Anonymous.GetAsync("/api/v1/places/map.geojson?group=health", Ct);
        var all = await viewer.GetJsonAsync("/api/v1/places/map.geojson?group=health");
        var inBox = await viewer.GetJsonAsync($"/api/v1/places/map.geojson?group=health&bbox={box}");
        var unknown = await viewer.GetAsync("/api/v1/places/map.geojson?group=nothing", Ct);
        var badBox = await viewer.GetAsync("/api/v1/places/map.geojson?group=health&bbox=1,2,3", Ct);
        var layers = await viewer.GetJsonAsync("/api/v1/map/layers");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var everywhere = all.GetProperty("features").EnumerateArray().ToList();
        var near = inBox.GetProperty("features").EnumerateArray().ToList();
        Assert.False(inBox.GetProperty("clustered").GetBoolean());
        Assert.True(near.Count > 0 && near.Count < everywhere.Count, $"{near.Count} in the box of {everywhere.Count}");
        Assert.All(near, f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), lon - 0.05, lon + 0.05);
            Assert.InRange(c[1].GetDouble(), lat - 0.05, lat + 0.05);
            Assert.Contains(f.GetProperty("properties").GetProperty("category").GetString(), new[] { "health", "pharmacy" });
        });
        var hospital = Assert.Single(near, f => f.GetProperty("properties").GetProperty("label").GetString() == "Bệnh viện Đa khoa tỉnh Phù Sa");
        Assert.StartsWith("/places/", hospital.GetProperty("properties").GetProperty("popup").GetProperty("link").GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.Contains("group", Http.ErrorFields(await Http.ProblemAsync(unknown, HttpStatusCode.BadRequest)));
        Assert.Contains("bbox", Http.ErrorFields(await Http.ProblemAsync(badBox, HttpStatusCode.BadRequest)));
        var ids = layers.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Contains("places.health", ids);
        Assert.Contains("places.government", ids);
        Assert.DoesNotContain("places.closures", ids);
    }

    [Fact]
    public async Task The_closures_layer_draws_a_closed_road_for_operators_and_the_ops_card_offers_closures_to_operators_only()
    {
        var (operatorKey, _) = await app.IssueKeyAsync("Operator");
        var (viewerKey, _) = await app.IssueKeyAsync("Viewer");
        var operatorClient = app.Factory.WithApiKey(operatorKey);
        var (lat, lon) = await HospitalAsync();
        var created = await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/routes/closures", new { latitude = lat, longitude = lon, reason = "Sửa cống" }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        try
        {
            var layer = await operatorClient.GetJsonAsync("/api/v1/routes/closures.geojson");
            var forbidden = await app.Factory.WithApiKey(viewerKey).GetAsync("/api/v1/routes/closures.geojson", Ct);
            var layers = await operatorClient.GetJsonAsync("/api/v1/map/layers");

            var closed = Assert.Single(layer.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetString() == id);
            Assert.Equal("LineString", closed.GetProperty("geometry").GetProperty("type").GetString());
            Assert.True(closed.GetProperty("geometry").GetProperty("coordinates").GetArrayLength() >= 2);
            Assert.Equal(created.GetProperty("wayId").GetInt64(), closed.GetProperty("properties").GetProperty("wayId").GetInt64());
            Assert.Contains("Sửa cống", closed.GetProperty("properties").GetProperty("label").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("places.closures", layers.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync("/api/v1/routes/closures/" + id, Ct)).StatusCode);
        }

        var after = await operatorClient.GetJsonAsync("/api/v1/routes/closures.geojson");
        Assert.DoesNotContain(after.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetString() == id);

        var (_, operatorOps) = await PageAsync("/ops", await SignIn.AsAsync(app.Factory, Demo.Operator, Demo.Password));
        var (_, viewerOps) = await PageAsync("/ops", await SignIn.AsAsync(app.Factory, Demo.Viewer, Demo.Password));
        Assert.Contains("id=\"ops-routes\"", operatorOps, StringComparison.Ordinal);
        Assert.Contains("id=\"ops-closures\"", operatorOps, StringComparison.Ordinal);
        Assert.Contains("id=\"ops-routes\"", viewerOps, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"ops-closures\"", viewerOps, StringComparison.Ordinal);
    }
}
