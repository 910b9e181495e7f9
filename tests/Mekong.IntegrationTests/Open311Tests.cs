using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Mekong.IntegrationTests;

/// <summary>
/// The Open311 GeoReport v2 server against the specification's text, item by item, in JSON and XML, on both
/// databases: discovery, services, definitions, requests (every filter, the 90-day window, the 1,000 limit), POST
/// (api_key, locations, attributes, photos), one request, tokens, and every error with its status.
/// </summary>
public abstract class Open311Tests(AppFixture app)
{
    private const string Base = "/open311/v2";

    // A point in the demo province (its centre), and the personal data no public answer may contain.
    private const string Lat = "9.6";
    private const string Long = "105.95";
    private const string Phone = "0912345678";
    private const string Email = "chi.tran@example.vn";
    private const string FirstName = "Trần Thị";
    private const string LastName = "Chi Mai";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_names_the_specification_and_an_absolute_production_url_in_both_formats()
    {
        var client = app.Factory.CreateClient();

        var json = await client.GetJsonAsync($"{Base}/discovery.json");
        var endpoint = json.GetProperty("endpoints")[0];
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.GetProperty("specification").GetString());
        Assert.Equal("production", endpoint.GetProperty("type").GetString());
        Assert.Equal($"{client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/open311/v2/", endpoint.GetProperty("url").GetString());
        Assert.Equal(["text/xml", "application/json"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));

        var xml = await XmlAsync(client, $"{Base}/discovery.xml");
        Assert.Equal("discovery", xml.Name.LocalName);
        var xmlEndpoint = xml.Element("endpoints")!.Element("endpoint")!;
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", xmlEndpoint.Element("specification")!.Value);
        Assert.Equal("production", xmlEndpoint.Element("type")!.Value);
        Assert.Equal(["text/xml", "application/json"], xmlEndpoint.Element("formats")!.Elements("format").Select(f => f.Value));
    }

    [Fact]
    public async Task Discovery_url_is_built_from_the_host_the_request_names()
    {
        // Behind the reverse proxy the platform's forwarded-headers middleware sets scheme and host (ReverseProxyTests);
        // discovery builds its URL from them, so a request for another host gets that host.
        var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/discovery.json");
        request.Headers.Host = "phananh.phusa.example:8443";

        var json = await Http.JsonAsync(await client.SendAsync(request, Ct), HttpStatusCode.OK);

        Assert.Equal("http://phananh.phusa.example:8443/open311/v2/", json.GetProperty("endpoints")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Services_list_in_json_and_xml_with_the_specifications_fields_and_no_hidden_category()
    {
        var client = app.Factory.CreateClient();

        var json = await client.GetJsonAsync($"{Base}/services.json?jurisdiction_id={Demo.Jurisdiction}");
        var services = json.EnumerateArray().ToList();
        Assert.True(services.Count >= 25, $"{services.Count} services");
        var light = services.Single(s => s.GetProperty("service_code").GetString() == "street-light");
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], light.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Đèn chiếu sáng hỏng", light.GetProperty("service_name").GetString());
        Assert.True(light.GetProperty("metadata").GetBoolean());
        Assert.Equal("batch", light.GetProperty("type").GetString());
        Assert.False(services.Single(s => s.GetProperty("service_code").GetString() == "rubbish").GetProperty("metadata").GetBoolean());
        // Food safety is not a public category: anonymous clients do not see it.
        Assert.DoesNotContain(services, s => s.GetProperty("service_code").GetString() == "food-safety");

        var xml = await XmlAsync(client, $"{Base}/services.xml");
        Assert.Equal("services", xml.Name.LocalName);
        Assert.All(xml.Elements(), e => Assert.Equal("service", e.Name.LocalName));
        Assert.Equal(services.Count, xml.Elements("service").Count());
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], xml.Elements("service").First().Elements().Select(e => e.Name.LocalName));

        var (key, _) = await app.IssueKeyAsync("Viewer");
        var staff = await app.Factory.WithApiKey(key).GetJsonAsync($"{Base}/services.json");
        Assert.Contains(staff.EnumerateArray(), s => s.GetProperty("service_code").GetString() == "food-safety");
    }

    [Fact]
    public async Task Services_answer_in_english_when_asked()
    {
        // The site's rule: ?culture=en (or the language cookie), not the Accept-Language header.
        var json = await app.Factory.CreateClient().GetJsonAsync($"{Base}/services.json?culture=en");

        Assert.Equal("Broken street light", json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "street-light").GetProperty("service_name").GetString());
    }

    [Fact]
    public async Task Service_definitions_carry_every_datatype_with_values_in_both_formats()
    {
        var client = app.Factory.CreateClient();
        var seen = new HashSet<string>();
        foreach (var code in new[] { "street-light", "flooding", "noise", "illegal-construction", "fire-hazard" })
        {
            var json = await client.GetJsonAsync($"{Base}/services/{code}.json");
            Assert.Equal(code, json.GetProperty("service_code").GetString());
            foreach (var attribute in json.GetProperty("attributes").EnumerateArray())
            {
                Assert.Equal(["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"], attribute.EnumerateObject().Select(p => p.Name));
                seen.Add(attribute.GetProperty("datatype").GetString()!);
            }

            var xml = await XmlAsync(client, $"{Base}/services/{code}.xml");
            Assert.Equal("service_definition", xml.Name.LocalName);
            Assert.Equal(code, xml.Element("service_code")!.Value);
            Assert.All(xml.Element("attributes")!.Elements(), a => Assert.Equal("attribute", a.Name.LocalName));
        }

        Assert.Equal(["datetime", "multivaluelist", "number", "singlevaluelist", "string", "text"], seen.Order());

        var flooding = await XmlAsync(client, $"{Base}/services/flooding.xml");
        var affected = flooding.Element("attributes")!.Elements("attribute").Single(a => a.Element("code")!.Value == "affected");
        Assert.Equal("multivaluelist", affected.Element("datatype")!.Value);
        Assert.Equal("false", affected.Element("required")!.Value);
        Assert.Contains("homes", affected.Element("values")!.Elements("value").Select(v => v.Element("key")!.Value));
        Assert.All(affected.Element("values")!.Elements("value"), v => Assert.Equal(["key", "name"], v.Elements().Select(e => e.Name.LocalName)));

        var fire = await client.GetJsonAsync($"{Base}/services/fire-hazard.json");
        var info = fire.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "call_114");
        Assert.False(info.GetProperty("variable").GetBoolean());
    }

    [Fact]
    public async Task Unknown_service_jurisdiction_format_and_path_are_404_errors_in_the_specifications_shape()
    {
        var client = app.Factory.CreateClient();

        await ErrorAsync(await client.GetAsync($"{Base}/services/no-such-service.json", Ct), HttpStatusCode.NotFound, "service_code", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/services/no-such-service.xml", Ct), HttpStatusCode.NotFound, "service_code", Open311Format.Xml);
        await ErrorAsync(await client.GetAsync($"{Base}/services/food-safety.json", Ct), HttpStatusCode.NotFound, "service_code", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/services.json?jurisdiction_id=77", Ct), HttpStatusCode.NotFound, "jurisdiction_id", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/requests.xml?jurisdiction_id=nowhere.example", Ct), HttpStatusCode.NotFound, "jurisdiction_id", Open311Format.Xml);
        await ErrorAsync(await client.GetAsync($"{Base}/services.csv", Ct), HttpStatusCode.NotFound, "Format", Open311Format.Xml);
        await ErrorAsync(await client.GetAsync($"{Base}/requests/999999999.json", Ct), HttpStatusCode.NotFound, "service_request_id", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/requests/abc.xml", Ct), HttpStatusCode.NotFound, "service_request_id", Open311Format.Xml);
        await ErrorAsync(await client.GetAsync($"{Base}/tokens/not-a-token.json", Ct), HttpStatusCode.NotFound, "token", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/no/such/thing", Ct), HttpStatusCode.NotFound, "no Open311 resource", Open311Format.Xml);
    }

    [Fact]
    public async Task Without_a_suffix_the_accept_header_chooses_and_xml_is_the_default()
    {
        var client = app.Factory.CreateClient();

        var plain = await client.GetAsync($"{Base}/services", Ct);
        Assert.Equal("text/xml", plain.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", plain.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", await plain.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/services");
        request.Headers.Accept.ParseAdd("application/json");
        var json = await client.SendAsync(request, Ct);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await json.Content.ReadAsStringAsync(Ct)).RootElement.ValueKind);
    }

    [Fact]
    public async Task A_post_gives_a_token_that_leads_to_the_request_in_json_and_xml_without_personal_data()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.CreateClient();
        var marker = Marker();

        // The specification's way: api_key in the form.
        var posted = await PostAsync(client, "requests.json", Form(key, "street-light", marker, ("attribute[light_state]", "flicker"), ("attribute[pole_number]", "PS-1234")), keyInForm: true);
        var created = (await Http.JsonAsync(posted, HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal(["token", "service_notice", "account_id"], created.EnumerateObject().Select(p => p.Name));
        var token = created.GetProperty("token").GetString()!;
        Assert.Equal("acc-42", created.GetProperty("account_id").GetString());

        var byToken = (await client.GetJsonAsync($"{Base}/tokens/{token}.json")).EnumerateArray().Single();
        Assert.Equal(token, byToken.GetProperty("token").GetString());
        var id = byToken.GetProperty("service_request_id").GetString()!;
        var tokenXml = await XmlAsync(client, $"{Base}/tokens/{token}.xml");
        Assert.Equal("service_requests", tokenXml.Name.LocalName);
        Assert.Equal(id, tokenXml.Element("request")!.Element("service_request_id")!.Value);

        var jsonText = await client.GetStringAsync($"{Base}/requests/{id}.json", Ct);
        var request = JsonDocument.Parse(jsonText).RootElement.EnumerateArray().Single();
        Assert.Equal(
            ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
             "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"],
            request.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("open", "street-light", marker), (request.GetProperty("status").GetString(), request.GetProperty("service_code").GetString(), request.GetProperty("description").GetString()));
        Assert.Equal("Sở Xây dựng", request.GetProperty("agency_responsible").GetString());
        Assert.Equal(9.6, request.GetProperty("lat").GetDouble());
        var requested = DateTimeOffset.Parse(request.GetProperty("requested_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expected = DateTimeOffset.Parse(request.GetProperty("expected_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(72), expected - requested);
        Assert.EndsWith("+07:00", request.GetProperty("requested_datetime").GetString(), StringComparison.Ordinal);

        var xmlText = await client.GetStringAsync($"{Base}/requests/{id}.xml", Ct);
        var xml = XDocument.Parse(xmlText).Root!;
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.Equal(id, xml.Element("request")!.Element("service_request_id")!.Value);
        Assert.Equal("open", xml.Element("request")!.Element("status")!.Value);

        var listText = await client.GetStringAsync($"{Base}/requests.json?service_request_id={id}", Ct);
        foreach (var text in new[] { jsonText, xmlText, listText })
        {
            foreach (var secret in new[] { Phone, Email, FirstName, LastName, "device-77", token })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        // The reporter's data is kept for the officers.
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AsNoTracking().SingleAsync(r => r.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), Ct);
        Assert.Equal((Phone, Email, FirstName, "device-77"), (stored.Reporter.Phone, stored.Reporter.Email, stored.Reporter.FirstName, stored.Reporter.DeviceId));
        Assert.Equal(["flicker"], stored.Attributes["light_state"]);
        Assert.Equal(ResponsibleKind.Department, stored.UnitKind);
        Assert.NotNull(stored.Location.CommuneCode);
    }

    [Fact]
    public async Task A_post_in_xml_answers_in_xml_and_the_notice_to_the_unit_is_in_the_same_commit()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var marker = Marker();

        var response = await PostAsync(app.Factory.CreateClient(), "requests.xml", Form(key, "flooding", marker, ("attribute[depth_cm]", "35"), ("attribute[affected][]", "traffic"), ("attribute[affected][]", "homes")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.Equal(["token", "service_notice", "account_id"], xml.Element("request")!.Elements().Select(e => e.Name.LocalName));
        var token = xml.Element("request")!.Element("token")!.Value;

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Token == token, Ct);
        Assert.Equal(["homes", "traffic"], report.Attributes["affected"].Order());
        Assert.Equal(["35"], report.Attributes["depth_cm"]);
        // The demo subscribes the operators to every notice and SXD's officers to flooding: in-app deliveries in Reports' outbox.
        var outbox = await db.Set<Mekong.Platform.Outbox.OutboxMessage>().AsNoTracking().Where(m => m.IdempotencyKey.StartsWith($"reports.received.{report.Id}")).ToListAsync(Ct);
        Assert.NotEmpty(outbox);
        Assert.All(outbox, m => Assert.DoesNotContain(Phone, m.PayloadJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Posting_needs_an_api_key_and_a_bad_one_is_403()
    {
        var client = app.Factory.CreateClient();
        var marker = Marker();

        var none = Form(null, "rubbish", marker);
        await ErrorAsync(await PostAsync(client, "requests.json", none, keyInForm: true), HttpStatusCode.BadRequest, "api_key", Open311Format.Json);
        await ErrorAsync(await PostAsync(client, "requests.xml", Form("mk_AAAAAAAA_notarealsecretnotarealsecretnotarealsecret", "rubbish", marker), keyInForm: true), HttpStatusCode.Forbidden, "api_key", Open311Format.Xml);
        await ErrorAsync(await PostAsync(client, "requests.json", Form("garbage", "rubbish", marker), keyInForm: true), HttpStatusCode.Forbidden, "api_key", Open311Format.Json);

        // A revoked key is refused too.
        var (key, id) = await app.IssueKeyAsync("Viewer");
        var admin = await app.AdminAsync();
        Assert.True((await admin.DeleteAsync($"/api/v1/admin/api-keys/{id}", Ct)).IsSuccessStatusCode);
        await ErrorAsync(await PostAsync(client, "requests.json", Form(key, "rubbish", marker), keyInForm: true), HttpStatusCode.Forbidden, "api_key", Open311Format.Json);

        await AssertNothingStoredAsync(marker);
    }

    public static TheoryData<string, string, string[]> BadPosts() => new()
    {
        { "no service_code", "", ["service_code was not provided"] },
        { "unknown service", "no-such-service", ["service_code 'no-such-service' was not found"] },
        { "no location", "rubbish|nolocation", ["A location is required"] },
        { "lat without long", "rubbish|lat=9.6", ["lat and long are sent together"] },
        { "lat not a number", "rubbish|lat=nine|long=105.95", ["lat is a number"] },
        { "outside the province", "rubbish|lat=21.03|long=105.85", ["outside jurisdiction 90"] },
        { "unknown address_id", "rubbish|nolocation|address_id=99999", ["address_id '99999' is not the code of a commune"] },
        { "html description", "rubbish|description=<script>alert(1)</script>", ["no HTML"] },
        { "bad media_url", "rubbish|media_url=javascript:alert(1)", ["media_url is an absolute http or https URL"] },
        { "bad email", "rubbish|email=not-an-email", ["email is not an e-mail address"] },
        { "required single list missing", "street-light", ["attribute[light_state] is required"] },
        { "single list unknown key", "street-light|attribute[light_state]=blue", ["'blue' is not one of its keys"] },
        { "string with a line break", "street-light|attribute[light_state]=off|attribute[pole_number]=a\nb", ["attribute[pole_number] is a string"] },
        { "number not a number", "flooding|attribute[depth_cm]=deep", ["attribute[depth_cm] is a number"] },
        { "multi list unknown key", "flooding|attribute[depth_cm]=3|attribute[affected][]=homes|attribute[affected][]=zoo", ["'zoo' is not one of its keys"] },
        { "datetime not a datetime", "noise|attribute[when]=tonight", ["attribute[when] is an ISO 8601 datetime"] },
        { "unknown attribute", "rubbish|attribute[colour]=red", ["attribute[colour] is not an attribute of service rubbish"] },
        { "informational attribute given", "fire-hazard|attribute[hazard]=gas|attribute[call_114]=ok", ["attribute[call_114] only informs"] },
        { "malformed attribute key", "rubbish|attribute=red", ["is not of the form attribute[code]"] },
        { "several mistakes at once", "flooding|email=x|attribute[depth_cm]=deep", ["email is not an e-mail address", "attribute[depth_cm] is a number"] },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task Every_mistake_in_a_post_is_named_with_its_status_and_nothing_is_stored(string mistake, string spec, string[] descriptions)
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var marker = Marker();
        var parts = spec.Split('|');
        var fields = new List<(string, string)> { ("api_key", key), ("description", marker) };
        if (parts[0].Length > 0)
        {
            fields.Add(("service_code", parts[0]));
        }

        var extra = parts.Skip(1).Where(p => p != "nolocation").Select(p => (p[..p.IndexOf('=')], p[(p.IndexOf('=') + 1)..])).ToList();
        if (!parts.Contains("nolocation") && !extra.Any(e => e.Item1 is "lat" or "long"))
        {
            fields.Add(("lat", Lat));
            fields.Add(("long", Long));
        }

        fields.RemoveAll(f => f.Item1 == "description" && extra.Any(e => e.Item1 == "description"));
        fields.AddRange(extra);

        var status = mistake is "unknown service" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
        var errors = await ErrorAsync(await PostAsync(app.Factory.CreateClient(), "requests.json", fields), status, descriptions[0], Open311Format.Json);
        foreach (var description in descriptions)
        {
            Assert.Contains(errors, e => e.Contains(description, StringComparison.Ordinal));
        }

        await AssertNothingStoredAsync(marker);
    }

    [Fact]
    public async Task A_post_by_address_string_or_by_commune_address_id_is_accepted()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.CreateClient();
        string commune;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().LocateAsync(9.6, 105.95, null, Ct))!.Code;
        }

        var byAddress = await PostAsync(client, "requests.json", [("api_key", key), ("service_code", "pavement"), ("address_string", "Số 12 đường Trần Hưng Đạo, phường 1"), ("description", Marker())]);
        var addressToken = (await Http.JsonAsync(byAddress, HttpStatusCode.OK))[0].GetProperty("token").GetString();
        var byId = await PostAsync(client, "requests.json", [("api_key", key), ("service_code", "pavement"), ("address_id", commune), ("description", Marker())]);
        var idToken = (await Http.JsonAsync(byId, HttpStatusCode.OK))[0].GetProperty("token").GetString();

        var addressRequest = await RequestByTokenAsync(client, addressToken!);
        Assert.Equal("Số 12 đường Trần Hưng Đạo, phường 1", addressRequest.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, addressRequest.GetProperty("lat").ValueKind);
        var idRequest = await RequestByTokenAsync(client, idToken!);
        Assert.Equal(commune, idRequest.GetProperty("address_id").GetString());
        // Routed to the commune's People's Committee: the address_id resolved to the commune.
        Assert.StartsWith("UBND ", idRequest.GetProperty("agency_responsible").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_is_checked_by_content_stripped_and_served_as_the_media_url()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.CreateClient();
        var marker = Marker();

        using var form = Multipart(key, "pothole", marker, Jpeg(64, 48), "pothole.jpg");
        var response = await client.PostAsync($"{Base}/requests.json", form, Ct);
        var token = (await Http.JsonAsync(response, HttpStatusCode.OK))[0].GetProperty("token").GetString()!;

        var request = await RequestByTokenAsync(client, token);
        var mediaUrl = request.GetProperty("media_url").GetString()!;
        Assert.StartsWith($"{client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/open311/v2/requests/", mediaUrl, StringComparison.Ordinal);
        var photo = await client.GetAsync(mediaUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        using var decoded = SKBitmap.Decode(await photo.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));

        // Bytes that are not an image are refused whatever the name says, and nothing is stored.
        var fake = Marker();
        using var bad = Multipart(key, "pothole", fake, Encoding.ASCII.GetBytes("MZ this is not a picture at all"), "photo.jpg");
        await ErrorAsync(await client.PostAsync($"{Base}/requests.json", bad, Ct), HttpStatusCode.UnsupportedMediaType, "was refused", Open311Format.Json);
        await AssertNothingStoredAsync(fake);
    }

    [Fact]
    public async Task A_media_url_is_kept_and_returned()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var client = app.Factory.CreateClient();

        var response = await PostAsync(client, "requests.json", Form(key, "rubbish", Marker(), ("media_url", "https://photos.example/rac/123.jpg")));
        var request = await RequestByTokenAsync(client, (await Http.JsonAsync(response, HttpStatusCode.OK))[0].GetProperty("token").GetString()!);

        Assert.Equal("https://photos.example/rac/123.jpg", request.GetProperty("media_url").GetString());
    }

    [Fact]
    public async Task Requests_default_to_the_last_90_days_newest_first_and_never_show_hidden_categories()
    {
        var client = app.Factory.CreateClient();

        var json = await client.GetJsonAsync($"{Base}/requests.json");
        var requests = json.EnumerateArray().ToList();

        Assert.NotEmpty(requests);
        var times = requests.Select(r => DateTimeOffset.Parse(r.GetProperty("requested_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(times, t => Assert.InRange(t, DateTimeOffset.UtcNow.AddDays(-90).AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.DoesNotContain(requests, r => r.GetProperty("service_code").GetString() is "food-safety" or "public-order");
        // The demo has older reports: they are outside the default window but inside an explicit one.
        var older = await client.GetJsonAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-400)))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-320)))}");
        Assert.NotEmpty(older.EnumerateArray());

        var xml = await XmlAsync(client, $"{Base}/requests.xml");
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.All(xml.Elements(), e => Assert.Equal("request", e.Name.LocalName));
        Assert.Equal(requests.Count, xml.Elements("request").Count());

        // Staff see the hidden categories' reports too.
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var staff = await app.Factory.WithApiKey(key).GetJsonAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-700)))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-611)))}&service_code=food-safety,public-order");
        var anonymous = await client.GetJsonAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-700)))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-611)))}&service_code=food-safety,public-order");
        Assert.Empty(anonymous.EnumerateArray());
        Assert.All(staff.EnumerateArray(), r => Assert.Contains(r.GetProperty("service_code").GetString(), new[] { "food-safety", "public-order" }));
    }

    [Fact]
    public async Task Requests_filter_by_service_code_status_and_dates()
    {
        var client = app.Factory.CreateClient();
        var from = DateTimeOffset.UtcNow.AddDays(-200);
        var to = from.AddDays(90);
        var window = $"start_date={Uri.EscapeDataString(W3cDateTime.Format(from))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(to))}";

        var all = (await client.GetJsonAsync($"{Base}/requests.json?{window}")).EnumerateArray().ToList();
        Assert.NotEmpty(all);
        Assert.All(all, r => Assert.InRange(DateTimeOffset.Parse(r.GetProperty("requested_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture), from, to));

        var codes = all.Select(r => r.GetProperty("service_code").GetString()!).Distinct().Take(2).ToList();
        var byCode = (await client.GetJsonAsync($"{Base}/requests.json?{window}&service_code={string.Join(",", codes)}")).EnumerateArray().ToList();
        Assert.Equal(all.Count(r => codes.Contains(r.GetProperty("service_code").GetString()!)), byCode.Count);
        var repeated = (await client.GetJsonAsync($"{Base}/requests.json?{window}&service_code={codes[0]}&service_code={codes[^1]}")).EnumerateArray().Count();
        Assert.Equal(byCode.Count, repeated);

        var open = (await client.GetJsonAsync($"{Base}/requests.json?{window}&status=open")).EnumerateArray().ToList();
        var closed = (await client.GetJsonAsync($"{Base}/requests.xml?{window}&status=closed".Replace(".xml", ".json", StringComparison.Ordinal))).EnumerateArray().ToList();
        var both = (await client.GetJsonAsync($"{Base}/requests.json?{window}&status=open,closed")).EnumerateArray().Count();
        Assert.All(open, r => Assert.Equal("open", r.GetProperty("status").GetString()));
        Assert.All(closed, r => Assert.Equal("closed", r.GetProperty("status").GetString()));
        Assert.NotEmpty(closed);
        Assert.Equal(all.Count, open.Count + closed.Count);
        Assert.Equal(all.Count, both);

        // Only a start: 90 days from it. Only an end: 90 days up to it.
        var fromStart = (await client.GetJsonAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(from))}")).EnumerateArray().Count();
        var toEnd = (await client.GetJsonAsync($"{Base}/requests.json?end_date={Uri.EscapeDataString(W3cDateTime.Format(to))}")).EnumerateArray().Count();
        Assert.Equal(all.Count, fromStart);
        Assert.Equal(all.Count, toEnd);

        // A date in UTC with Z, and a bare date, are both W3C forms.
        Assert.Equal(JsonValueKind.Array, (await client.GetJsonAsync($"{Base}/requests.json?start_date={from.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await client.GetJsonAsync($"{Base}/requests.json?start_date={from.UtcDateTime:yyyy-MM-dd}")).ValueKind);
    }

    [Fact]
    public async Task A_list_of_ids_overrides_every_other_argument()
    {
        var client = app.Factory.CreateClient();
        var old = (await client.GetJsonAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-500)))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(DateTimeOffset.UtcNow.AddDays(-420)))}")).EnumerateArray().Take(3).ToList();
        Assert.Equal(3, old.Count);
        var ids = old.Select(r => r.GetProperty("service_request_id").GetString()!).ToList();

        // Outside the default window, with a status and a service code that do not match: the ids win.
        var json = await client.GetJsonAsync($"{Base}/requests.json?service_request_id={string.Join(",", ids)},123456789,x&service_code=none&status=open");

        Assert.Equal(ids.Order(), json.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).Order());
    }

    [Fact]
    public async Task Bad_filters_are_400_errors_naming_each_one()
    {
        var client = app.Factory.CreateClient();
        var start = DateTimeOffset.UtcNow.AddDays(-100);

        await ErrorAsync(await client.GetAsync($"{Base}/requests.json?status=pending", Ct), HttpStatusCode.BadRequest, "status is open, closed", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/requests.xml?start_date=yesterday", Ct), HttpStatusCode.BadRequest, "start_date must be a W3C datetime", Open311Format.Xml);
        await ErrorAsync(await client.GetAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(start))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(start.AddDays(91)))}", Ct), HttpStatusCode.BadRequest, "may not span more than 90 days", Open311Format.Json);
        await ErrorAsync(await client.GetAsync($"{Base}/requests.json?start_date={Uri.EscapeDataString(W3cDateTime.Format(start))}&end_date={Uri.EscapeDataString(W3cDateTime.Format(start.AddDays(-1)))}", Ct), HttpStatusCode.BadRequest, "end_date is before start_date", Open311Format.Json);
        var both = await ErrorAsync(await client.GetAsync($"{Base}/requests.json?status=x&end_date=never", Ct), HttpStatusCode.BadRequest, "status", Open311Format.Json);
        Assert.Equal(2, both.Count);
        // An unencoded '+' in the offset arrives as a space: still understood.
        Assert.Equal(JsonValueKind.Array, (await client.GetJsonAsync($"{Base}/requests.json?start_date={W3cDateTime.Format(start)}")).ValueKind);
    }

    [Fact]
    public async Task No_more_than_1000_requests_are_returned()
    {
        var code = $"bulk-{Guid.NewGuid():N}"[..20];
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var category = ServiceCategory.Define(Demo.Jurisdiction, code, "Thử tải", "Load test", "Thử", null, 48, TimeProvider.System);
            db.Categories.Add(category);
            for (var i = 0; i < 1005; i++)
            {
                var (report, _) = Report.Submit(category, new ReportLocation(9.6, 105.95, null, null, null), $"#{i}", new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "test", null, TimeProvider.System);
                db.Reports.Add(report!);
            }

            await db.SaveChangesAsync(Ct);
        }

        var json = await app.Factory.CreateClient().GetJsonAsync($"{Base}/requests.json?service_code={code}");

        Assert.Equal(1000, json.GetArrayLength());
    }

    [Fact]
    public async Task Extensions_show_the_finer_state_and_status_notes_follow_the_workflow()
    {
        long id;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var category = await db.Categories.SingleAsync(c => c.JurisdictionCode == Demo.Jurisdiction && c.Code == "rubbish", Ct);
            var (report, _) = Report.Submit(category, new ReportLocation(9.6, 105.95, null, null, null), Marker(), new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "test", null, TimeProvider.System);
            report!.Assign(new ResponsibleUnit(ResponsibleKind.Department, "SXD"), new AgencyName("Sở Xây dựng", "Department of Construction"), "test", "Đã chuyển Sở Xây dựng.", "nội bộ: gọi anh Tư", TimeProvider.System);
            report.StartWork("test", null, null, TimeProvider.System);
            db.Reports.Add(report);
            await db.SaveChangesAsync(Ct);
            id = report.Id;
        }

        var client = app.Factory.CreateClient();
        var plain = (await client.GetJsonAsync($"{Base}/requests/{id}.json"))[0];
        Assert.Equal(("open", "Đang xử lý"), (plain.GetProperty("status").GetString(), plain.GetProperty("status_notes").GetString()));
        Assert.False(plain.TryGetProperty("extended_attributes", out _));

        var text = await client.GetStringAsync($"{Base}/requests/{id}.json?extensions=true", Ct);
        var extended = JsonDocument.Parse(text).RootElement[0].GetProperty("extended_attributes");
        Assert.Equal("in_progress", extended.GetProperty("detailed_status").GetString());
        Assert.DoesNotContain("anh Tư", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Posts_carry_the_anonymous_write_rate_limit_and_reads_the_public_read_one()
    {
        // The limiter itself is the platform's (RateLimitSettingsTests); this checks every Open311 endpoint names its policy.
        var endpoints = app.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/open311/v2", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(endpoints.Count >= 12, $"{endpoints.Count} Open311 endpoints");
        foreach (var endpoint in endpoints)
        {
            var policy = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
            var isPost = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true;
            Assert.True(policy == (isPost ? "anonymous-write" : "public-read"), $"{endpoint.RoutePattern.RawText}: {policy}");
        }
    }

    private static string Marker() => $"Phản ánh thử {Guid.NewGuid():N}";

    private static List<(string, string)> Form(string? key, string service, string description, params (string, string)[] extra)
    {
        var fields = new List<(string, string)>();
        if (key is not null)
        {
            fields.Add(("api_key", key));
        }

        fields.AddRange([
            ("jurisdiction_id", Demo.Jurisdiction), ("service_code", service), ("lat", Lat), ("long", Long), ("description", description),
            ("first_name", FirstName), ("last_name", LastName), ("phone", Phone), ("email", Email), ("device_id", "device-77"), ("account_id", "acc-42"),
        ]);
        fields.AddRange(extra);
        return fields;
    }

    /// <summary>
    /// Posts the form. With <paramref name="keyInForm"/> false the key moves to X-Api-Key, so the tests are limited per
    /// key, not by the tight per-address anonymous allowance that a form's api_key meets (the limiter runs before the form is read).
    /// </summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string resource, List<(string Name, string Value)> fields, bool keyInForm = false)
    {
        var key = keyInForm ? null : fields.FirstOrDefault(f => f.Name == "api_key").Value;
        using var content = new FormUrlEncodedContent(fields.Where(f => key is null || f.Name != "api_key").Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/{resource}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }

    private static MultipartFormDataContent Multipart(string key, string service, string description, byte[] photo, string fileName)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(key), "api_key" },
            { new StringContent(service), "service_code" },
            { new StringContent(Lat), "lat" },
            { new StringContent(Long), "long" },
            { new StringContent(description), "description" },
        };
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "media", fileName);
        return form;
    }

    private static async Task<JsonElement> RequestByTokenAsync(HttpClient client, string token)
    {
        var id = (await client.GetJsonAsync($"{Base}/tokens/{token}.json"))[0].GetProperty("service_request_id").GetString();
        return (await client.GetJsonAsync($"{Base}/requests/{id}.json"))[0];
    }

    private async Task AssertNothingStoredAsync(string marker)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AnyAsync(r => r.Description == marker, Ct), "a refused post left a report");
    }

    private static async Task<XElement> XmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(text);
        Assert.Equal("utf-8", document.Declaration?.Encoding?.ToLowerInvariant());
        Assert.Equal(XNamespace.None, document.Root!.Name.Namespace);
        return document.Root;
    }

    internal enum Open311Format
    {
        Xml,
        Json,
    }

    /// <summary>Asserts the specification's error document (code = the HTTP status, a description) and returns the descriptions.</summary>
    private static async Task<List<string>> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string mentions, Open311Format format)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        List<(int Code, string Description)> errors;
        if (format == Open311Format.Json)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            errors = JsonDocument.Parse(text).RootElement.EnumerateArray()
                .Select(e =>
                {
                    Assert.Equal(["code", "description"], e.EnumerateObject().Select(p => p.Name));
                    return (e.GetProperty("code").GetInt32(), e.GetProperty("description").GetString()!);
                }).ToList();
        }
        else
        {
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var root = XDocument.Parse(text).Root!;
            Assert.Equal("errors", root.Name.LocalName);
            errors = root.Elements().Select(e =>
            {
                Assert.Equal("error", e.Name.LocalName);
                Assert.Equal(["code", "description"], e.Elements().Select(c => c.Name.LocalName));
                return (int.Parse(e.Element("code")!.Value, System.Globalization.CultureInfo.InvariantCulture), e.Element("description")!.Value);
            }).ToList();
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((int)status, e.Code));
        Assert.Contains(errors, e => e.Description.Contains(mentions, StringComparison.Ordinal));
        return errors.Select(e => e.Description).ToList();
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.DarkSlateGray);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}

public sealed class Open311Tests_Sqlite(SqliteApp app) : Open311Tests(app), IClassFixture<SqliteApp>;

public sealed class Open311Tests_PostgreSql(PostgreSqlApp app) : Open311Tests(app), IClassFixture<PostgreSqlApp>;
