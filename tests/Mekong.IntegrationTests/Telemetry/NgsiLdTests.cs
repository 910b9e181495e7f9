using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Telemetry;

/// <summary>
/// NGSI-LD over the devices and readings (ADR 0041) on both databases: one shared server per class; each test makes its
/// own devices (codes with a fresh tag), so none depends on another's data or on the demo's.
/// </summary>
public abstract class NgsiLdTests(AppFixture app)
{
    private const string Errors = "https://uri.etsi.org/ngsi-ld/errors/";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<HttpClient> KeyAsync(string role) => app.Factory.WithApiKey((await app.IssueKeyAsync(role)).Key);

    private static StringContent Json(object body, string mediaType = "application/json") =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, mediaType);

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(Errors + type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private async Task<(long Id, string Token, string Code)> RegisterAsync(string type, double lat, double lon, string? code = null)
    {
        var admin = await KeyAsync("Administrator");
        code ??= "NG-" + Tag();
        var body = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/devices", new
        {
            code,
            name = "Trạm NGSI",
            type,
            latitude = lat,
            longitude = lon,
            ownerAgency = "Sở TN&MT",
        }, Cancel), HttpStatusCode.Created);
        return (body.GetProperty("device").GetProperty("id").GetInt64(), body.GetProperty("token").GetString()!, code);
    }

    private static async Task<long> DeviceIdAsync(HttpClient client, string code)
    {
        var page = await client.GetJsonAsync($"/api/v1/devices?q={code}");
        return Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
    }

    private static async Task<List<(DateTimeOffset T, double V)>> RawAsync(HttpClient client, long device, string measurement, DateTimeOffset from, DateTimeOffset to)
    {
        var series = await client.GetJsonAsync($"/api/v1/telemetry/series?device={device}&measurement={measurement}&resolution=raw&from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}");
        return series.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("t").GetDateTimeOffset(), p.GetProperty("avg").GetDouble())).ToList();
    }

    [Fact]
    public async Task An_entity_is_created_then_read_normalized_simplified_and_as_json_ld_and_its_reading_is_in_the_series()
    {
        var admin = await KeyAsync("Administrator");
        var viewer = await KeyAsync("Viewer");
        var code = "NG-" + Tag();
        var id = $"urn:ngsi-ld:WaterObserved:{Demo.Jurisdiction}:{code}";
        var observed = DateTimeOffset.UtcNow.AddMinutes(-5);
        var created = await admin.PostAsync("/ngsi-ld/v1/entities", Json(new
        {
            id,
            type = "WaterObserved",
            name = new { type = "Property", value = "Cống Cái Lớn" },
            location = new { type = "GeoProperty", value = new { type = "Point", coordinates = new[] { 105.95, 9.6 } } },
            height = new { type = "Property", value = 1.35, observedAt = Iso(observed), unitCode = "MTR" },
        }), Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/ngsi-ld/v1/entities/" + Uri.EscapeDataString(id), created.Headers.Location?.OriginalString);

        var again = await admin.PostAsync("/ngsi-ld/v1/entities", Json(new
        {
            id,
            type = "WaterObserved",
            location = new { type = "GeoProperty", value = new { type = "Point", coordinates = new[] { 105.95, 9.6 } } },
        }), Cancel);
        await ErrorAsync(again, HttpStatusCode.Conflict, "AlreadyExists");

        // Normalized (the default), the context linked.
        var response = await viewer.GetAsync("/ngsi-ld/v1/entities/" + Uri.EscapeDataString(id), Cancel);
        var entity = await Http.JsonAsync(response, HttpStatusCode.OK);
        Assert.Contains("rel=\"http://www.w3.org/ns/json-ld#context\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(id, entity.GetProperty("id").GetString());
        Assert.Equal("WaterObserved", entity.GetProperty("type").GetString());
        Assert.Equal("Property", entity.GetProperty("height").GetProperty("type").GetString());
        Assert.Equal(1.35, entity.GetProperty("height").GetProperty("value").GetDouble());
        Assert.Equal("MTR", entity.GetProperty("height").GetProperty("unitCode").GetString());
        Assert.Equal(observed.ToUnixTimeMilliseconds(), entity.GetProperty("height").GetProperty("observedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal("GeoProperty", entity.GetProperty("location").GetProperty("type").GetString());
        Assert.Equal("Cống Cái Lớn", entity.GetProperty("name").GetProperty("value").GetString());
        Assert.False(entity.TryGetProperty("@context", out _));

        // Simplified, by either name of the option.
        foreach (var form in new[] { "options=keyValues", "format=simplified" })
        {
            var simple = await viewer.GetJsonAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}?{form}");
            Assert.Equal(1.35, simple.GetProperty("height").GetDouble());
            Assert.Equal("Point", simple.GetProperty("location").GetProperty("type").GetString());
            Assert.Equal("Cống Cái Lớn", simple.GetProperty("name").GetString());
        }

        // JSON-LD: the context in the body, no Link; the context itself is served to anyone.
        using var ld = new HttpRequestMessage(HttpMethod.Get, "/ngsi-ld/v1/entities/" + Uri.EscapeDataString(id));
        ld.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
        var ldResponse = await viewer.SendAsync(ld, Cancel);
        var ldEntity = await Http.JsonAsync(ldResponse, HttpStatusCode.OK);
        Assert.Equal("application/ld+json", ldResponse.Content.Headers.ContentType?.MediaType);
        var contextUrl = ldEntity.GetProperty("@context").GetString()!;
        Assert.EndsWith("/ngsi-ld/v1/jsonldContexts/mekong-telemetry.jsonld", contextUrl, StringComparison.Ordinal);
        var context = await app.Factory.CreateClient().GetJsonAsync(new Uri(contextUrl).PathAndQuery);
        Assert.Contains(context.GetProperty("@context").EnumerateArray(), c => c.ValueKind == JsonValueKind.String && c.GetString()!.StartsWith("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context", StringComparison.Ordinal));
        Assert.Equal("https://smartdatamodels.org/dataModel.Environment/height", context.GetProperty("@context")[0].GetProperty("height").GetString());

        using var csv = new HttpRequestMessage(HttpMethod.Get, "/ngsi-ld/v1/entities/" + Uri.EscapeDataString(id));
        csv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        await ErrorAsync(await viewer.SendAsync(csv, Cancel), HttpStatusCode.NotAcceptable, "NotAcceptable");

        // An ld+json body must carry its context.
        var noContext = await admin.PostAsync("/ngsi-ld/v1/entities", Json(new { id = id + "x", type = "WaterObserved" }, "application/ld+json"), Cancel);
        await ErrorAsync(noContext, HttpStatusCode.BadRequest, "BadRequestData");

        // The device is in the registry and its reading in the series API.
        var device = await DeviceIdAsync(viewer, code);
        var points = await RawAsync(viewer, device, "water_level", observed.AddMinutes(-1), observed.AddMinutes(1));
        Assert.Equal([1.35], points.Select(p => p.V));
    }

    [Fact]
    public async Task Patching_attributes_with_the_device_token_stores_readings_and_each_error_has_its_ngsi_type()
    {
        var (device, token, code) = await RegisterAsync("salinity", 9.6, 105.95);
        var (_, _, otherCode) = await RegisterAsync("salinity", 9.61, 105.96);
        var id = $"urn:ngsi-ld:WaterQualityObserved:{Demo.Jurisdiction}:{code}";
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);

        var patched = await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", Json(new
        {
            salinity = new { type = "Property", value = 4.2, observedAt = Iso(at) },
            temperature = new { type = "Property", value = 29.5, observedAt = Iso(at) },
        }), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);

        // A partial update: 207 with what was and was not stored.
        var partial = await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", Json(new
        {
            salinity = new { type = "Property", value = 5.0, observedAt = Iso(at.AddMinutes(1)) },
            temperature = new { type = "Property", value = 99.0, observedAt = Iso(at.AddMinutes(1)) },
            colour = new { type = "Property", value = "brown" },
            name = new { type = "Property", value = "renamed by a device" },
        }), Cancel);
        var result = await Http.JsonAsync(partial, (HttpStatusCode)207);
        Assert.Equal(["salinity"], result.GetProperty("updated").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["colour", "name", "temperature"], result.GetProperty("notUpdated").EnumerateArray().Select(n => n.GetProperty("attributeName").GetString()).Order(StringComparer.Ordinal));

        var viewer = await KeyAsync("Viewer");
        Assert.Equal([4.2, 5.0], (await RawAsync(viewer, device, "salinity", at.AddMinutes(-1), at.AddMinutes(2))).Select(p => p.V));
        Assert.Equal([29.5], (await RawAsync(viewer, device, "water_temperature", at.AddMinutes(-1), at.AddMinutes(2))).Select(p => p.V));
        var entity = await viewer.GetJsonAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}?options=keyValues");
        Assert.Equal(5.0, entity.GetProperty("salinity").GetDouble());
        Assert.Equal("Trạm NGSI", entity.GetProperty("name").GetString());

        // A token writes only its own device; a viewer writes nothing; a bad body and a bad media type say so.
        var other = $"urn:ngsi-ld:WaterQualityObserved:{Demo.Jurisdiction}:{otherCode}";
        await ErrorAsync(await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(other)}/attrs", Json(new { salinity = 1.0 }), Cancel), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", Json(new { salinity = 1.0 }), Cancel)).StatusCode);
        await ErrorAsync(await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", new StringContent("{\"salinity\":", Encoding.UTF8, "application/json"), Cancel), HttpStatusCode.BadRequest, "InvalidRequest");
        await ErrorAsync(await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", new StringContent("salinity=1", Encoding.UTF8, "text/plain"), Cancel), HttpStatusCode.UnsupportedMediaType, "InvalidRequest");
        await ErrorAsync(await client.PatchAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}/attrs", Json(new { }), Cancel), HttpStatusCode.BadRequest, "BadRequestData");

        await ErrorAsync(await viewer.GetAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id + "-none")}", Cancel), HttpStatusCode.NotFound, "ResourceNotFound");
        await ErrorAsync(await viewer.GetAsync("/ngsi-ld/v1/entities/not-a-uri", Cancel), HttpStatusCode.BadRequest, "BadRequestData");
        await ErrorAsync(await viewer.GetAsync("/ngsi-ld/v1/entities", Cancel), HttpStatusCode.BadRequest, "BadRequestData");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Upsert_creates_the_missing_entities_updates_the_others_and_reports_each_failure()
    {
        var admin = await KeyAsync("Administrator");
        var tag = Tag();
        var air = $"urn:ngsi-ld:AirQualityObserved:{Demo.Jurisdiction}:NU{tag}-A";
        var rain = $"urn:ngsi-ld:WeatherObserved:{Demo.Jurisdiction}:NU{tag}-R";
        var at = DateTimeOffset.UtcNow.AddMinutes(-20);
        object Location(double lon) => new { type = "GeoProperty", value = new { type = "Point", coordinates = new[] { lon, 9.6 } } };

        var first = await admin.PostAsync("/ngsi-ld/v1/entityOperations/upsert", Json(new object[]
        {
            new { id = air, type = "AirQualityObserved", location = Location(105.9), pm25 = new { type = "Property", value = 35.0, observedAt = Iso(at) } },
            // Simplified values are accepted too: WeatherObserved with precipitation is a rain gauge.
            new { id = rain, type = "WeatherObserved", location = new { type = "Point", coordinates = new[] { 105.91, 9.6 } }, precipitation = 12.5 },
        }), Cancel);
        var createdIds = await Http.JsonAsync(first, HttpStatusCode.Created);
        Assert.Equal([air, rain], createdIds.EnumerateArray().Select(e => e.GetString()));

        var viewer = await KeyAsync("Viewer");
        var rainEntity = await viewer.GetJsonAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(rain)}");
        Assert.Equal(12.5, rainEntity.GetProperty("precipitation").GetProperty("value").GetDouble());
        Assert.Equal("MMT", rainEntity.GetProperty("precipitation").GetProperty("unitCode").GetString());

        var update = await admin.PostAsync("/ngsi-ld/v1/entityOperations/upsert?options=update", Json(new object[]
        {
            new { id = air, type = "AirQualityObserved", pm25 = new { type = "Property", value = 40.0, observedAt = Iso(at.AddMinutes(1)) }, pm10 = new { type = "Property", value = 70.0, observedAt = Iso(at.AddMinutes(1)) } },
        }), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        var airDevice = await DeviceIdAsync(viewer, $"NU{tag}-A");
        Assert.Equal([35.0, 40.0], (await RawAsync(viewer, airDevice, "pm25", at.AddMinutes(-1), at.AddMinutes(2))).Select(p => p.V));

        // One batch, three fates: updated, a bad id, and an operator (who may write readings) creating a device.
        var operatorKey = await KeyAsync("Operator");
        var mixed = await operatorKey.PostAsync("/ngsi-ld/v1/entityOperations/upsert", Json(new object[]
        {
            new { id = air, type = "AirQualityObserved", pm10 = new { type = "Property", value = 80.0, observedAt = Iso(at.AddMinutes(2)) } },
            new { id = "urn:ngsi-ld:Sensor:x", type = "AirQualityObserved", pm10 = 1.0 },
            new { id = $"urn:ngsi-ld:AirQualityObserved:{Demo.Jurisdiction}:NU{tag}-B", type = "AirQualityObserved", location = Location(105.92), pm10 = 1.0 },
        }), Cancel);
        var batch = await Http.JsonAsync(mixed, (HttpStatusCode)207);
        Assert.Equal([air], batch.GetProperty("success").EnumerateArray().Select(e => e.GetString()));
        var errors = batch.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(Errors + "BadRequestData", errors[0].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(403, errors[1].GetProperty("error").GetProperty("status").GetInt32());

        await ErrorAsync(await admin.PostAsync("/ngsi-ld/v1/entityOperations/upsert", Json(new { id = air }), Cancel), HttpStatusCode.BadRequest, "BadRequestData");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/ngsi-ld/v1/entityOperations/upsert", Json(Array.Empty<object>()), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Entities_are_queried_by_type_q_and_geo()
    {
        var tag = Tag();
        // Three gauges about 1.1 km apart on a line of latitude, and an air station beside them.
        var gauges = new List<(long Id, string Token, string Code)>();
        for (var i = 0; i < 3; i++)
        {
            gauges.Add(await RegisterAsync("water-level", 9.7, 105.80 + (i * 0.01), $"NQ{tag}-{i}"));
        }

        var (_, airToken, airCode) = await RegisterAsync("air-quality", 9.7, 105.80, $"NQ{tag}-air");
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var heights = new[] { 0.8, 1.5, 2.6 };
        for (var i = 0; i < 3; i++)
        {
            var client = app.Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gauges[i].Token);
            Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(
                $"/ngsi-ld/v1/entities/{Uri.EscapeDataString($"urn:ngsi-ld:WaterObserved:{Demo.Jurisdiction}:{gauges[i].Code}")}/attrs",
                Json(new { height = new { type = "Property", value = heights[i], observedAt = Iso(at) } }), Cancel)).StatusCode);
        }

        var air = app.Factory.CreateClient();
        air.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", airToken);
        Assert.Equal(HttpStatusCode.NoContent, (await air.PatchAsync(
            $"/ngsi-ld/v1/entities/{Uri.EscapeDataString($"urn:ngsi-ld:AirQualityObserved:{Demo.Jurisdiction}:{airCode}")}/attrs", Json(new { pm25 = 55.0 }), Cancel)).StatusCode);

        var viewer = await KeyAsync("Viewer");
        var pattern = Uri.EscapeDataString($".*:NQ{tag}-.*");
        async Task<List<string>> Codes(string query)
        {
            var response = await viewer.GetAsync($"/ngsi-ld/v1/entities?idPattern={pattern}&limit=100&{query}", Cancel);
            var list = await Http.JsonAsync(response, HttpStatusCode.OK);
            return list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!.Split(':')[^1]).Order(StringComparer.Ordinal).ToList();
        }

        string G(int i) => $"NQ{tag}-{i}";
        Assert.Equal([G(0), G(1), G(2)], await Codes("type=WaterObserved"));
        Assert.Equal([$"NQ{tag}-air"], await Codes("type=AirQualityObserved"));
        Assert.Equal([G(2)], await Codes("q=" + Uri.EscapeDataString("height>2")));
        Assert.Equal([G(0), G(1)], await Codes("q=" + Uri.EscapeDataString("height<=1.5")));
        Assert.Equal([G(1)], await Codes("q=" + Uri.EscapeDataString("height>=1;height<2")));
        Assert.Equal([G(0), G(2)], await Codes("q=" + Uri.EscapeDataString("height!=1..2")));
        Assert.Equal([G(1), G(2)], await Codes("q=" + Uri.EscapeDataString("height==1..3")));
        Assert.Equal([G(0), G(2)], await Codes("q=" + Uri.EscapeDataString("height==0.8,2.6")));
        Assert.Equal([G(0), $"NQ{tag}-air"], await Codes("q=" + Uri.EscapeDataString("(height<1|pm25>50)")));
        Assert.Equal([G(0), G(1), G(2)], await Codes("q=height"));
        Assert.Equal([G(1)], await Codes("type=WaterObserved&q=" + Uri.EscapeDataString($"name==\"Trạm NGSI\";height==1.5")));

        // Geo: near the first gauge, within a polygon round the second, the third's own point.
        Assert.Equal([G(0), $"NQ{tag}-air"], await Codes("georel=" + Uri.EscapeDataString("near;maxDistance==500") + "&geometry=Point&coordinates=" + Uri.EscapeDataString("[105.8,9.7]")));
        Assert.Equal([G(1), G(2)], await Codes("georel=" + Uri.EscapeDataString("near;minDistance==800") + "&geometry=Point&coordinates=" + Uri.EscapeDataString("[105.8,9.7]")));
        Assert.Equal([G(1)], await Codes("georel=within&geometry=Polygon&coordinates=" + Uri.EscapeDataString("[[[105.805,9.69],[105.815,9.69],[105.815,9.71],[105.805,9.71],[105.805,9.69]]]")));
        Assert.Equal([G(2)], await Codes("georel=intersects&geometry=Point&coordinates=" + Uri.EscapeDataString("[105.82,9.7]")));

        // Pages and the count; attrs keeps only what was asked.
        var page = await viewer.GetAsync($"/ngsi-ld/v1/entities?idPattern={pattern}&type=WaterObserved&limit=2&count=true&attrs=height", Cancel);
        var entities = await Http.JsonAsync(page, HttpStatusCode.OK);
        Assert.Equal("3", page.Headers.GetValues("NGSILD-Results-Count").Single());
        Assert.Equal(2, entities.GetArrayLength());
        Assert.All(entities.EnumerateArray(), e => Assert.Equal(["height", "id", "type"], e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));

        // What the server does not evaluate is refused, with a sentence.
        foreach (var bad in new[] { "q=" + Uri.EscapeDataString("name~=\"Trạm.*\""), "q=" + Uri.EscapeDataString("height.observedAt>1"), "q=" + Uri.EscapeDataString("height>"),
            "georel=near&geometry=Point&coordinates=[105.8,9.7]", "georel=within&geometry=LineString&coordinates=[[105.8,9.7],[105.9,9.8]]", "type=WaterObserved&limit=5000" })
        {
            await ErrorAsync(await viewer.GetAsync("/ngsi-ld/v1/entities?" + bad, Cancel), HttpStatusCode.BadRequest, "BadRequestData");
        }
    }

    [Fact]
    public async Task The_temporal_api_returns_the_readings_and_aggregates_them_as_the_numbers_computed_here()
    {
        var (device, _, code) = await RegisterAsync("water-level", 9.6, 105.95);
        var id = Uri.EscapeDataString($"urn:ngsi-ld:WaterObserved:{Demo.Jurisdiction}:{code}");
        // Three whole hours, a reading every 5 minutes, some values repeated (distinctCount differs from totalCount).
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-4);
        var readings = Enumerable.Range(0, 36).Select(i => (At: start.AddMinutes(5 * i), Value: Math.Round(1 + (0.1 * (i % 7)) + (0.5 * (i / 12)), 2))).ToList();
        var operatorKey = await KeyAsync("Operator");
        var stored = await Http.JsonAsync(await operatorKey.PostAsJsonAsync("/api/v1/telemetry", new
        {
            readings = readings.Select(r => new { device, measurement = "water_level", ts = Iso(r.At), value = r.Value }),
        }, Cancel), HttpStatusCode.OK);
        Assert.Equal(36, stored.GetProperty("stored").GetInt32());

        var viewer = await KeyAsync("Viewer");
        var between = $"timerel=between&timeAt={Uri.EscapeDataString(Iso(start))}&endTimeAt={Uri.EscapeDataString(Iso(start.AddHours(3)))}";

        // The instances, normalized and simplified; lastN keeps the newest.
        var normalized = await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}");
        var instances = normalized.GetProperty("height").EnumerateArray().ToList();
        Assert.Equal(readings.Select(r => r.Value), instances.Select(i => i.GetProperty("value").GetDouble()));
        Assert.Equal(readings[0].At.ToUnixTimeMilliseconds(), instances[0].GetProperty("observedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        var last = await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}&lastN=3&options=temporalValues");
        Assert.Equal(readings.TakeLast(3).Select(r => r.Value), last.GetProperty("height").GetProperty("values").EnumerateArray().Select(v => v[0].GetDouble()));
        var before = await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?timerel=before&timeAt={Uri.EscapeDataString(Iso(start.AddMinutes(12)))}");
        Assert.Equal(3, before.GetProperty("height").GetArrayLength());

        // Aggregated per hour: the rollups answer totalCount, sum, avg, min, max; the raw readings the others.
        var hours = readings.GroupBy(r => (r.At - start).Hours).Select(g => g.Select(r => r.Value).ToList()).ToList();
        var hourly = (await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}&options=aggregatedValues&aggrMethods=totalCount,sum,avg,min,max,distinctCount,stddev,sumsq&aggrPeriodDuration=PT1H")).GetProperty("height");
        Assert.Equal("Property", hourly.GetProperty("type").GetString());
        void Check(string method, Func<List<double>, double> expected, JsonElement property, IReadOnlyList<List<double>> periods, DateTimeOffset from, TimeSpan width)
        {
            var values = property.GetProperty(method).EnumerateArray().ToList();
            Assert.Equal(periods.Count, values.Count);
            for (var k = 0; k < periods.Count; k++)
            {
                Assert.Equal(expected(periods[k]), values[k][0].GetDouble(), 9);
                Assert.Equal(from.Add(width * k).ToUnixTimeMilliseconds(), values[k][1].GetDateTimeOffset().ToUnixTimeMilliseconds());
                Assert.Equal(from.Add(width * (k + 1)).ToUnixTimeMilliseconds(), values[k][2].GetDateTimeOffset().ToUnixTimeMilliseconds());
            }
        }

        var hour = TimeSpan.FromHours(1);
        Check("totalCount", v => v.Count, hourly, hours, start, hour);
        Check("sum", v => v.Sum(), hourly, hours, start, hour);
        Check("avg", v => v.Average(), hourly, hours, start, hour);
        Check("min", v => v.Min(), hourly, hours, start, hour);
        Check("max", v => v.Max(), hourly, hours, start, hour);
        Check("distinctCount", v => v.Distinct().Count(), hourly, hours, start, hour);
        Check("sumsq", v => v.Sum(x => x * x), hourly, hours, start, hour);
        Check("stddev", v => Math.Sqrt(v.Sum(x => x * x) / v.Count - Math.Pow(v.Average(), 2)), hourly, hours, start, hour);

        // The rollup-only methods alone (answered from the rollups) give the same numbers.
        var rolled = (await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}&format=aggregatedValues&aggrMethods=totalCount,sum,max&aggrPeriodDuration=PT1H")).GetProperty("height");
        Check("sum", v => v.Sum(), rolled, hours, start, hour);
        Check("max", v => v.Max(), rolled, hours, start, hour);

        // Periods no rollup tiles (from 10 min 30 s, 50 minutes long): from the raw readings.
        var offset = start.AddSeconds(630);
        var fifty = TimeSpan.FromMinutes(50);
        var odd = readings.Where(r => r.At >= offset && r.At < start.AddHours(3)).GroupBy(r => (int)((r.At - offset) / fifty)).OrderBy(g => g.Key).Select(g => g.Select(r => r.Value).ToList()).ToList();
        var oddAnswer = (await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?timerel=between&timeAt={Uri.EscapeDataString(Iso(offset))}&endTimeAt={Uri.EscapeDataString(Iso(start.AddHours(3)))}&options=aggregatedValues&aggrMethods=avg,totalCount&aggrPeriodDuration=PT50M")).GetProperty("height");
        var avgs = oddAnswer.GetProperty("avg").EnumerateArray().ToList();
        Assert.Equal(odd.Count, avgs.Count);
        for (var k = 0; k < odd.Count; k++)
        {
            Assert.Equal(odd[k].Average(), avgs[k][0].GetDouble(), 9);
        }

        // The whole interval as one period (no aggrPeriodDuration); and lastN periods.
        var whole = (await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}&options=aggregatedValues&aggrMethods=totalCount,avg")).GetProperty("height");
        Assert.Equal(36, whole.GetProperty("totalCount")[0][0].GetInt32());
        Assert.Equal(readings.Average(r => r.Value), whole.GetProperty("avg")[0][0].GetDouble(), 9);
        var lastHour = (await viewer.GetJsonAsync($"/ngsi-ld/v1/temporal/entities/{id}?{between}&options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=PT1H&lastN=1")).GetProperty("height");
        Assert.Equal(hours[2].Max(), Assert.Single(lastHour.GetProperty("max").EnumerateArray())[0].GetDouble(), 9);

        foreach (var bad in new[] { "timerel=between&timeAt=" + Uri.EscapeDataString(Iso(start)), "timerel=during&timeAt=" + Uri.EscapeDataString(Iso(start)),
            between + "&options=aggregatedValues&aggrMethods=median", between + "&options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1M",
            between + "&aggrMethods=avg", between + "&lastN=0", between + "&timeproperty=modifiedAt" })
        {
            await ErrorAsync(await viewer.GetAsync($"/ngsi-ld/v1/temporal/entities/{id}?{bad}", Cancel), HttpStatusCode.BadRequest, "BadRequestData");
        }

        await ErrorAsync(await viewer.GetAsync($"/ngsi-ld/v1/temporal/entities/{id}x", Cancel), HttpStatusCode.NotFound, "ResourceNotFound");
    }
}

public sealed class NgsiLdTests_Sqlite(SqliteApp app) : NgsiLdTests(app), IClassFixture<SqliteApp>;

public sealed class NgsiLdTests_PostgreSql(PostgreSqlApp app) : NgsiLdTests(app), IClassFixture<PostgreSqlApp>;
