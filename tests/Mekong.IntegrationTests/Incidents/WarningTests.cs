using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;

namespace Mekong.IntegrationTests.Incidents;

/// <summary>
/// Public warnings issued from an incident: the CAP 1.2 document (valid against <see cref="CapSchema"/>, both
/// languages, the communes' polygon), the Atom index, Update and Cancel replacing a warning, the public JSON and the
/// portal banner only for the warned communes, and residents subscribed to a commune told by e-mail.
/// </summary>
public abstract partial class WarningTests(IncidentsFixture app)
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warning_is_a_valid_CAP_document_in_both_languages_with_the_communes_polygon_and_in_the_feed()
    {
        var commune = app.Communes[3];
        var (incident, _) = await OpenIncidentAsync(commune.Code);
        var tag = IncidentTests.Tag();
        var operatorClient = await app.AsAsync(Demo.Operator);
        var warning = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", Alert(tag, commune.Code), Ct), HttpStatusCode.Created);
        var capUrl = warning.GetProperty("capUrl").GetString();

        var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync(capUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/cap+xml", response.Content.Headers.ContentType?.MediaType);
        var xml = await response.Content.ReadAsStringAsync(Ct);
        Assert.Empty(CapSchema.Validate(xml));
        var alert = XDocument.Parse(xml).Root!;
        Assert.Equal("Alert", alert.Element(Cap + "msgType")!.Value);
        Assert.Equal("Actual", alert.Element(Cap + "status")!.Value);
        Assert.Matches(@"\+07:00$", alert.Element(Cap + "sent")!.Value);
        var infos = alert.Elements(Cap + "info").ToList();
        Assert.Equal(["vi-VN", "en-US"], infos.Select(i => i.Element(Cap + "language")!.Value));
        Assert.Equal("Nước dâng " + tag, infos[0].Element(Cap + "headline")!.Value);
        Assert.Equal("Rising water " + tag, infos[1].Element(Cap + "headline")!.Value);
        Assert.All(infos, i => Assert.Equal("Met", i.Element(Cap + "category")!.Value));
        var area = infos[0].Element(Cap + "area")!;
        Assert.Equal(commune.NameVi, area.Element(Cap + "areaDesc")!.Value);
        Assert.Equal(commune.Code, area.Element(Cap + "geocode")!.Element(Cap + "value")!.Value);
        var polygon = area.Element(Cap + "polygon")!.Value.Split(' ');
        Assert.True(polygon.Length is >= 4 and <= 401, $"{polygon.Length} points");
        Assert.Equal(polygon[0], polygon[^1]);
        var (lat, lon) = (double.Parse(polygon[0].Split(',')[0], CultureInfo.InvariantCulture), double.Parse(polygon[0].Split(',')[1], CultureInfo.InvariantCulture));
        // The demo province lies in the Mekong delta: latitude first, as CAP writes it.
        Assert.InRange(lat, 8, 12);
        Assert.InRange(lon, 104, 108);

        var feed = XDocument.Parse(await (await anonymous.GetAsync("/api/v1/warnings/cap?jurisdiction=" + Demo.Jurisdiction, Ct)).Content.ReadAsStringAsync(Ct));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entry = Assert.Single(feed.Root!.Elements(atom + "entry"), e => e.Element(atom + "title")!.Value.Contains(tag, StringComparison.Ordinal));
        Assert.EndsWith(capUrl!, entry.Elements(atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Contains("warning", (await operatorClient.GetJsonAsync($"/api/v1/incidents/{incident}")).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task An_update_replaces_the_warning_and_a_cancel_takes_it_off_the_portal_but_not_off_the_feed()
    {
        var commune = app.Communes[4].Code;
        var (incident, _) = await OpenIncidentAsync(commune);
        var tag = IncidentTests.Tag();
        var operatorClient = await app.AsAsync(Demo.Operator);
        var first = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", Alert(tag, commune), Ct), HttpStatusCode.Created);
        var firstId = first.GetProperty("id").GetString();

        // An update without references, or an alert with one, is refused with the field named.
        var unreferenced = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", new { msgType = "Update" }, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("references", Http.ErrorFields(unreferenced));
        var bad = await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", new
        {
            msgType = "Alert",
            references = firstId,
            headlineVi = "x",
            headlineEn = "x",
            descriptionVi = "x",
            descriptionEn = "x",
            severity = "Apocalyptic",
            urgency = "Soon",
            certainty = "Sure",
            communes = new[] { "nope" },
            expires = DateTimeOffset.UtcNow.AddHours(-1),
        }, Ct), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "references", "severity", "urgency", "certainty", "communes[0]", "expires" })
        {
            Assert.Contains(field, Http.ErrorFields(bad));
        }

        var update = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", new
        {
            msgType = "Update",
            references = firstId,
            headlineVi = "Nước dâng cao hơn " + tag,
            headlineEn = "Water higher still " + tag,
            severity = "Extreme",
        }, Ct), HttpStatusCode.Created);
        Assert.Equal(firstId, update.GetProperty("references").GetString());
        var updateXml = await (await app.Anonymous().GetAsync(update.GetProperty("capUrl").GetString(), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Empty(CapSchema.Validate(updateXml));
        var references = XDocument.Parse(updateXml).Root!.Element(Cap + "references")!.Value.Split(',');
        Assert.Equal(3, references.Length);
        Assert.Equal(first.GetProperty("identifier").GetString(), references[1]);
        // Text left out comes from the warning it replaces.
        Assert.Equal("Mực nước sông vượt báo động 3.", XDocument.Parse(updateXml).Root!.Element(Cap + "info")!.Element(Cap + "description")!.Value);

        var inForce = await PublicHeadlinesAsync(commune);
        Assert.DoesNotContain("Nước dâng " + tag, inForce);
        Assert.Contains("Nước dâng cao hơn " + tag, inForce);
        await Http.ProblemAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", new { msgType = "Cancel", references = firstId }, Ct), HttpStatusCode.Conflict);

        var cancel = await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", new
        {
            msgType = "Cancel",
            references = update.GetProperty("id").GetString(),
            headlineVi = "Hủy cảnh báo " + tag,
            headlineEn = "Warning cancelled " + tag,
        }, Ct), HttpStatusCode.Created);
        Assert.False(cancel.GetProperty("inForce").GetBoolean());
        Assert.DoesNotContain(await PublicHeadlinesAsync(commune), h => h.Contains(tag, StringComparison.Ordinal));
        var cancelXml = await (await app.Anonymous().GetAsync(cancel.GetProperty("capUrl").GetString(), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Empty(CapSchema.Validate(cancelXml));
        Assert.Equal("Cancel", XDocument.Parse(cancelXml).Root!.Element(Cap + "msgType")!.Value);
        var feed = await (await app.Anonymous().GetAsync("/api/v1/warnings/cap", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Hủy cảnh báo " + tag, feed, StringComparison.Ordinal);
        Assert.DoesNotContain("Nước dâng cao hơn " + tag, feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_banner_and_the_public_list_show_a_warning_only_for_the_warned_communes()
    {
        var warned = app.Communes[5];
        var other = app.Communes[^1];
        var (incident, _) = await OpenIncidentAsync(warned.Code);
        var tag = IncidentTests.Tag();
        var operatorClient = await app.AsAsync(Demo.Operator);
        await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", Alert(tag, warned.Code), Ct), HttpStatusCode.Created);

        var anonymous = app.Anonymous();
        var home = await (await anonymous.GetAsync("/?commune=" + warned.Code, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Nước dâng " + tag, home, StringComparison.Ordinal);
        Assert.Contains("class=\"warning-banner", home, StringComparison.Ordinal);
        var elsewhere = await (await anonymous.GetAsync("/?commune=" + other.Code, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(tag, elsewhere, StringComparison.Ordinal);
        var plain = await (await anonymous.GetAsync("/", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(tag, plain, StringComparison.Ordinal);
        Assert.Contains("id=\"warning-commune\"", plain, StringComparison.Ordinal);

        Assert.Contains("Nước dâng " + tag, await PublicHeadlinesAsync(warned.Code));
        Assert.DoesNotContain("Nước dâng " + tag, await PublicHeadlinesAsync(other.Code));
        var badQuery = await Http.ProblemAsync(await anonymous.GetAsync("/api/v1/warnings?commune=%27;drop", Ct), HttpStatusCode.BadRequest);
        Assert.Contains("commune", Http.ErrorFields(badQuery));
    }

    [Fact]
    public async Task A_resident_who_confirmed_a_subscription_to_the_commune_is_told_by_email_and_one_of_another_commune_is_not()
    {
        var warned = app.Communes[6];
        var other = app.Communes[^2];
        var tag = IncidentTests.Tag();
        var resident = $"dan-{tag}@residents.example";
        var neighbour = $"hangxom-{tag}@residents.example";
        var anonymous = app.Anonymous();

        var refused = await Http.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/warnings/subscriptions", new { email = "not-an-address", communes = new[] { "x" }, language = "fr" }, Ct), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "email", "language", "communes[0]" })
        {
            Assert.Contains(field, Http.ErrorFields(refused));
        }

        foreach (var (email, commune, language) in new[] { (resident, warned.Code, "vi"), (neighbour, other.Code, "en") })
        {
            var pending = await Http.JsonAsync(await anonymous.PostAsJsonAsync("/api/v1/warnings/subscriptions", new { email, communes = new[] { commune }, language }, Ct), HttpStatusCode.Accepted);
            Assert.False(pending.GetProperty("confirmed").GetBoolean());
            var confirmation = await MailToAsync(email, m => (m.TextBody ?? string.Empty).Contains("/confirm?token=", StringComparison.Ordinal));
            var token = TokenPattern().Match(confirmation.TextBody ?? string.Empty).Groups[1].Value;
            var confirmed = await anonymous.GetJsonAsync("/api/v1/warnings/subscriptions/confirm?token=" + token);
            Assert.True(confirmed.GetProperty("confirmed").GetBoolean());
        }

        var (incident, _) = await OpenIncidentAsync(warned.Code);
        var operatorClient = await app.AsAsync(Demo.Operator);
        await Http.JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{incident}/warnings", Alert(tag, warned.Code), Ct), HttpStatusCode.Created);

        var mail = await MailToAsync(resident, m => (m.Subject ?? string.Empty).Contains(tag, StringComparison.Ordinal));
        Assert.Equal("[Cảnh báo] Nước dâng " + tag, mail.Subject);
        Assert.Contains("Sơ tán người già và trẻ em.", mail.TextBody ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("/api/v1/warnings/subscriptions/unsubscribe?token=", mail.TextBody ?? string.Empty, StringComparison.Ordinal);
        // The neighbour's commune was not warned: their confirmation is the only e-mail they got.
        Assert.DoesNotContain(app.Smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == neighbour) && (m.Subject ?? string.Empty).Contains(tag, StringComparison.Ordinal));
        Assert.Single(app.Smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == neighbour));

        var unsubscribe = TokenPattern().Match(mail.TextBody ?? string.Empty).Groups[1].Value;
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.GetAsync("/api/v1/warnings/subscriptions/unsubscribe?token=" + unsubscribe, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/warnings/subscriptions/unsubscribe?token=" + unsubscribe, Ct)).StatusCode);
    }

    private async Task<MimeKit.MimeMessage> MailToAsync(string to, Func<MimeKit.MimeMessage, bool> which)
    {
        MimeKit.MimeMessage? found = null;
        await OutboxHarness.EventuallyAsync(() =>
        {
            found = app.Smtp.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && which(m));
            return Task.FromResult(found is not null);
        }, $"an e-mail to {to}");
        return found!;
    }

    private async Task<List<string>> PublicHeadlinesAsync(string commune) =>
        (await app.Anonymous().GetJsonAsync("/api/v1/warnings?commune=" + commune)).GetProperty("items").EnumerateArray()
            .Select(w => w.GetProperty("headlineVi").GetString()!).ToList();

    private async Task<(string Id, JsonElement Body)> OpenIncidentAsync(string commune)
    {
        var operatorClient = await app.AsAsync(Demo.Operator);
        var body = await Http.JsonAsync(await operatorClient.PostAsJsonAsync("/api/v1/incidents", new
        {
            type = "flood",
            severity = "Severe",
            title = "Ngập " + IncidentTests.Tag(),
            communes = new[] { commune },
        }, Ct), HttpStatusCode.Created);
        return (body.GetProperty("id").GetString()!, body);
    }

    private static object Alert(string tag, string commune) => new
    {
        msgType = "Alert",
        headlineVi = "Nước dâng " + tag,
        headlineEn = "Rising water " + tag,
        descriptionVi = "Mực nước sông vượt báo động 3.",
        descriptionEn = "The river is above alarm level 3.",
        instructionVi = "Sơ tán người già và trẻ em.",
        instructionEn = "Move the elderly and children to higher ground.",
        urgency = "Immediate",
        certainty = "Observed",
        communes = new[] { commune },
        expires = DateTimeOffset.UtcNow.AddHours(12),
    };

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex TokenPattern();
}

[Collection(IncidentsSqlite.Name)]
public sealed class WarningTests_Sqlite(IncidentsSqlite app) : WarningTests(app);

[Collection(IncidentsPostgreSql.Name)]
public sealed class WarningTests_PostgreSql(IncidentsPostgreSql app) : WarningTests(app);
