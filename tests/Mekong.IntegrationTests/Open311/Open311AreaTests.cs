using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Open311;

/// <summary>
/// GET requests with Mekong's area extension (docs/open311.md): <c>bbox=minLon,minLat,maxLon,maxLat</c> and
/// <c>lat</c>/<c>long</c>/<c>radius</c>, through the spatial index of each provider (PostGIS GiST, SQLite R*Tree),
/// with the status and date filters beside it, and the specification's 400 for every malformed area.
/// </summary>
public abstract class Open311AreaTests(AppFixture app)
{
    private const string Base = "/open311/v2";

    // Two points of the demo province about 2.4 km apart.
    private const double LatA = 9.6, LongA = 105.95, LatB = 9.615, LongB = 105.968;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_box_or_a_circle_returns_the_reports_inside_it_and_not_those_outside()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.CreateClient();
        var a = await PostAsync(client, key, LatA, LongA);
        var b = await PostAsync(client, key, LatB, LongB);

        var inBoxA = await IdsAsync(client, $"bbox={LongA - 0.001},{LatA - 0.001},{LongA + 0.001},{LatA + 0.001}");
        Assert.Contains(a, inBoxA);
        Assert.DoesNotContain(b, inBoxA);

        var both = await IdsAsync(client, $"bbox={LongA - 0.001},{LatA - 0.001},{LongB + 0.001},{LatB + 0.001}&status=open");
        Assert.Contains(a, both);
        Assert.Contains(b, both);
        // Status and dates still apply beside the area.
        Assert.DoesNotContain(a, await IdsAsync(client, $"bbox={LongA - 0.001},{LatA - 0.001},{LongB + 0.001},{LatB + 0.001}&status=closed"));
        Assert.DoesNotContain(a, await IdsAsync(client, $"bbox={LongA - 0.001},{LatA - 0.001},{LongB + 0.001},{LatB + 0.001}&end_date=2025-01-01T00:00:00Z"));

        var near = await IdsAsync(client, $"lat={LatA}&long={LongA}&radius=150");
        Assert.Contains(a, near);
        Assert.DoesNotContain(b, near);
        var wide = await IdsAsync(client, $"lat={LatA}&long={LongA}&radius=3000");
        Assert.Contains(b, wide);
        // B is inside the 2.3 km circle's bounding box but not inside the circle: the exact distance decides.
        Assert.DoesNotContain(b, await IdsAsync(client, $"lat={LatA}&long={LongA}&radius=2300"));

        // XML answers the same.
        var xml = await client.GetStringAsync($"{Base}/requests.xml?bbox={LongA - 0.001},{LatA - 0.001},{LongA + 0.001},{LatA + 0.001}", Ct);
        Assert.Contains($"<service_request_id>{a}</service_request_id>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain($"<service_request_id>{b}</service_request_id>", xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bbox=105.9,9.5,106", "bbox is four numbers")]
    [InlineData("bbox=a,b,c,d", "bbox is four numbers")]
    [InlineData("bbox=105.9,9.5,106,9.7,1", "bbox is four numbers")]
    [InlineData("bbox=106,9.5,105.9,9.7", "minimum longitude and latitude come first")]
    [InlineData("bbox=105.9,9.5,190,9.7", "between -180 and 180")]
    [InlineData("bbox=105.9,-95,106,9.7", "between -90 and 90")]
    [InlineData("lat=9.6&long=105.95", "radius is a distance in metres")]
    [InlineData("lat=9.6&long=105.95&radius=0", "radius is a distance in metres")]
    [InlineData("lat=9.6&long=105.95&radius=50001", "radius is a distance in metres")]
    [InlineData("lat=9.6&radius=100", "lat and long go together")]
    [InlineData("lat=91&long=105.95&radius=100", "lat and long go together")]
    [InlineData("lat=x&long=105.95&radius=100", "lat and long go together")]
    [InlineData("bbox=105.9,9.5,106,9.7&lat=9.6&long=105.95&radius=100", "send one of them")]
    public async Task A_malformed_area_is_a_400_in_the_specifications_format(string query, string mentions)
    {
        var client = app.Factory.CreateClient();

        await Open311ErrorDocument.AssertAsync(await client.GetAsync($"{Base}/requests.json?{query}", Ct), HttpStatusCode.BadRequest, json: true, mentions);
        await Open311ErrorDocument.AssertAsync(await client.GetAsync($"{Base}/requests.xml?{query}", Ct), HttpStatusCode.BadRequest, json: false, mentions);
    }

    private static async Task<HashSet<string>> IdsAsync(HttpClient client, string query) =>
        (await client.GetJsonAsync($"{Base}/requests.json?{query}")).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).ToHashSet();

    private static async Task<string> PostAsync(HttpClient client, string key, double lat, double lon)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service_code"] = "rubbish",
            ["lat"] = lat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["long"] = lon.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["description"] = $"Vùng thử {Guid.NewGuid():N}",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/requests.json") { Content = content };
        request.Headers.Add("X-Api-Key", key);
        var posted = await Http.JsonAsync(await client.SendAsync(request, Ct), HttpStatusCode.OK);
        var token = posted[0].GetProperty("token").GetString();
        return (await client.GetJsonAsync($"{Base}/tokens/{token}.json"))[0].GetProperty("service_request_id").GetString()!;
    }
}

public sealed class Open311AreaTests_Sqlite(SqliteApp app) : Open311AreaTests(app), IClassFixture<SqliteApp>;

public sealed class Open311AreaTests_PostgreSql(PostgreSqlApp app) : Open311AreaTests(app), IClassFixture<PostgreSqlApp>;
