using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Mekong.IntegrationTests;

/// <summary>
/// A GeoReport v2 client written from the specification's text alone, in XML (the format every client must read), as a
/// third-party application would use an unknown server: it learns the endpoint from discovery, chooses a service with
/// metadata, fills each attribute of the definition by its datatype, posts with a photo, follows the token to the
/// request and reads the request's updates. A real third-party client, Code for America's node-open311, is driven in JSON by
/// <see cref="Open311.Open311ThirdPartyClientTests"/>; its XML parsers cannot be installed offline, so XML is read here.
/// </summary>
public abstract class Open311ClientTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_discovers_lists_reads_a_definition_posts_with_attributes_and_a_photo_follows_the_token_and_reads_updates()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");
        var http = app.Factory.CreateClient();

        // 1. Discovery: the production GeoReport v2 endpoint that speaks XML.
        var discovery = await GetXmlAsync(http, "/open311/v2/discovery.xml");
        var endpoint = discovery.Element("endpoints")!.Elements("endpoint").Single(e =>
            e.Element("specification")!.Value == "http://wiki.open311.org/GeoReport_v2"
            && e.Element("type")!.Value == "production"
            && e.Element("formats")!.Elements("format").Any(f => f.Value == "text/xml"));
        var root = new Uri(endpoint.Element("url")!.Value);
        Assert.True(root.IsAbsoluteUri);

        // 2. Services: the first one whose metadata says it has a definition, among those with a list attribute.
        var services = await GetXmlAsync(http, new Uri(root, "services.xml"));
        var candidates = services.Elements("service").Where(s => s.Element("metadata")!.Value == "true").Select(s => s.Element("service_code")!.Value).ToList();
        Assert.NotEmpty(candidates);
        XElement? definition = null;
        foreach (var code in candidates)
        {
            var d = await GetXmlAsync(http, new Uri(root, $"services/{Uri.EscapeDataString(code)}.xml"));
            if (d.Element("attributes")!.Elements("attribute").Any(a => a.Element("datatype")!.Value == "multivaluelist"))
            {
                definition = d;
                break;
            }
        }

        Assert.NotNull(definition);
        var serviceCode = definition.Element("service_code")!.Value;

        // 3. Fill every variable attribute, by its datatype, in its order.
        var fields = new List<(string, string)> { ("api_key", key), ("service_code", serviceCode), ("lat", "9.6"), ("long", "105.95"), ("description", "Nước ngập sâu trước chợ, xe máy chết máy.") };
        foreach (var attribute in definition.Element("attributes")!.Elements("attribute").OrderBy(a => int.Parse(a.Element("order")!.Value, CultureInfo.InvariantCulture)))
        {
            if (attribute.Element("variable")!.Value != "true")
            {
                continue;
            }

            var code = attribute.Element("code")!.Value;
            var keys = attribute.Element("values")!.Elements("value").Select(v => v.Element("key")!.Value).ToList();
            switch (attribute.Element("datatype")!.Value)
            {
                case "string": fields.Add(($"attribute[{code}]", "A-12")); break;
                case "number": fields.Add(($"attribute[{code}]", "40")); break;
                case "datetime": fields.Add(($"attribute[{code}]", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))); break;
                case "text": fields.Add(($"attribute[{code}]", "dòng một\ndòng hai")); break;
                case "singlevaluelist": fields.Add(($"attribute[{code}]", keys[0])); break;
                case "multivaluelist": fields.AddRange(keys.Take(2).Select(k => ($"attribute[{code}][]", k))); break;
                default: Assert.Fail($"datatype {attribute.Element("datatype")!.Value} is not in the specification"); break;
            }
        }

        // 4. POST as multipart with a photo; the answer is a token (batch) or an id (realtime): both are handled, as clients do.
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var photo = new ByteArrayContent(Jpeg());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "media", "ngap.jpg");
        var posted = await http.PostAsync(new Uri(root, "requests.xml"), form, Ct);
        var postedText = await posted.Content.ReadAsStringAsync(Ct);
        Assert.True(posted.IsSuccessStatusCode, postedText);
        var created = XDocument.Parse(postedText).Root!.Element("request")!;
        var id = created.Element("service_request_id")?.Value;
        if (id is null)
        {
            var token = created.Element("token")!.Value;
            id = (await GetXmlAsync(http, new Uri(root, $"tokens/{Uri.EscapeDataString(token)}.xml"))).Element("request")!.Element("service_request_id")!.Value;
        }

        // 5. The request, then its update after the unit resolved it.
        var request = (await GetXmlAsync(http, new Uri(root, $"requests/{id}.xml"))).Element("request")!;
        Assert.Equal(("open", serviceCode), (request.Element("status")!.Value, request.Element("service_code")!.Value));
        var photoResponse = await http.GetAsync(new Uri(request.Element("media_url")!.Value), Ct);
        Assert.Equal(HttpStatusCode.OK, photoResponse.StatusCode);
        Assert.Equal("image/jpeg", photoResponse.Content.Headers.ContentType?.MediaType);
        var firstUpdate = DateTimeOffset.Parse(request.Element("updated_datetime")!.Value, CultureInfo.InvariantCulture);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var report = await db.Reports.Include(r => r.History).SingleAsync(r => r.Id == long.Parse(id, CultureInfo.InvariantCulture), Ct);
            await Task.Delay(1100, Ct);
            report.Assign(report.Unit!, new Modules.Reports.Domain.AgencyName(report.AgencyVi!, report.AgencyEn!), "officer", null, null, TimeProvider.System);
            report.StartWork("officer", null, "nội bộ", TimeProvider.System);
            report.Resolve("officer", "Đã hút nước, thông cống.", null, TimeProvider.System);
            await db.SaveChangesAsync(Ct);
        }

        var updated = (await GetXmlAsync(http, new Uri(root, $"requests.xml?service_request_id={id}"))).Element("request")!;
        Assert.Equal("closed", updated.Element("status")!.Value);
        Assert.Equal("Đã hút nước, thông cống.", updated.Element("status_notes")!.Value);
        Assert.True(DateTimeOffset.Parse(updated.Element("updated_datetime")!.Value, CultureInfo.InvariantCulture) > firstUpdate);
    }

    private static Task<XElement> GetXmlAsync(HttpClient http, string path) => GetXmlAsync(http, new Uri(http.BaseAddress!, path));

    private static async Task<XElement> GetXmlAsync(HttpClient http, Uri url)
    {
        var response = await http.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(text).Root!;
    }

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(120, 90);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.CadetBlue);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}

public sealed class Open311ClientTests_Sqlite(SqliteApp app) : Open311ClientTests(app), IClassFixture<SqliteApp>;

public sealed class Open311ClientTests_PostgreSql(PostgreSqlApp app) : Open311ClientTests(app), IClassFixture<PostgreSqlApp>;
