using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.News;

/// <summary>
/// The newsroom on the real server: a draft by an editor (an officer of the editors' department), sanitised Markdown,
/// review by another editor (four eyes), publication, pinning, taking back; the list form, search without diacritics,
/// the portal pages and the RSS/Atom feeds; who may not write.
/// </summary>
public abstract class NewsroomTests(NewsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_article_goes_from_draft_through_review_to_the_portal_list_page_and_feeds()
    {
        var editor = await app.AsAsync(NewsFixture.Editor);
        var admin = await app.AsAsync(Demo.Admin);
        var anonymous = app.Anonymous();
        var word = "Zq" + Guid.NewGuid().ToString("N")[..8];
        var body = $"""
            # Lịch cắt nước

            Khu vực **phường 3**: [chi tiết](https://ctn.phusa.example/lich) · [bad](javascript:alert(1))

            <script>alert('x')</script><img src=x onerror=alert(1)>

            ![ảnh ngoài](https://tracker.example/p.gif)
            """;
        var created = await Http.JsonAsync(await editor.PostAsJsonAsync("/api/v1/news/articles",
            new { category = "announcements", language = "vi", title = $"Thông báo tạm ngừng cấp nước {word} tại Phường 3", summary = "Từ 8 giờ đến 17 giờ thứ Bảy.", body }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var html = created.GetProperty("html").GetString()!;
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Contains("<strong>phường 3</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ctn.phusa.example/lich\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.OrdinalIgnoreCase); // raw HTML stays text: &lt;img …
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);

        // Not on the portal until it is published.
        var folded = word.ToLowerInvariant();
        Assert.Equal(0, (await anonymous.GetJsonAsync($"/api/v1/news?q=tam+ngung+{folded}")).GetProperty("total").GetInt32());

        // The author cannot publish their own article; a draft is not published at all.
        await Http.ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/news/articles/{id}/approve", new { }, Ct), HttpStatusCode.Conflict);
        await Http.JsonAsync(await editor.PostAsync($"/api/v1/news/articles/{id}/submit", null, Ct), HttpStatusCode.OK);
        var own = await Http.ProblemAsync(await editor.PostAsJsonAsync($"/api/v1/news/articles/{id}/approve", new { }, Ct), HttpStatusCode.Conflict);
        Assert.Contains("another editor", own.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Http.ProblemAsync(await editor.PutAsJsonAsync($"/api/v1/news/articles/{id}", new { category = "news", title = "x", body = "y" }, Ct), HttpStatusCode.Conflict);

        // Sent back with a note, edited, submitted again, published by the administrator.
        var back = await Http.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/news/articles/{id}/send-back", new { note = "Ghi rõ giờ cấp nước lại." }, Ct), HttpStatusCode.OK);
        Assert.Equal("draft", back.GetProperty("status").GetString());
        await Http.JsonAsync(await editor.PutAsJsonAsync($"/api/v1/news/articles/{id}",
            new { category = "announcements", language = "vi", title = $"Thông báo tạm ngừng cấp nước {word} tại Phường 3", summary = "Từ 8 giờ đến 17 giờ thứ Bảy; cấp lại lúc 17 giờ.", body }, Ct), HttpStatusCode.OK);
        await Http.JsonAsync(await editor.PostAsync($"/api/v1/news/articles/{id}/submit", null, Ct), HttpStatusCode.OK);
        var published = await Http.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/news/articles/{id}/approve", new { expiresAt = DateTimeOffset.UtcNow.AddDays(3) }, Ct), HttpStatusCode.OK);
        Assert.True(published.GetProperty("visible").GetBoolean());
        var slug = published.GetProperty("slug").GetString()!;

        // Search ignores diacritics and case; the category filter keeps it, another drops it.
        var found = await anonymous.GetJsonAsync($"/api/v1/news?q=TAM%20NGUNG%20cap%20nuoc%20{folded}");
        Assert.Equal(slug, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("slug").GetString());
        Assert.Equal(1, (await anonymous.GetJsonAsync($"/api/v1/news?q={folded}&category=announcements")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await anonymous.GetJsonAsync($"/api/v1/news?q={folded}&category=warnings")).GetProperty("total").GetInt32());
        var one = await anonymous.GetJsonAsync($"/api/v1/news/{slug}");
        Assert.DoesNotContain("<script", one.GetProperty("html").GetString(), StringComparison.OrdinalIgnoreCase);

        // Pinned: it leads the list.
        await Http.JsonAsync(await editor.PostAsJsonAsync($"/api/v1/news/articles/{id}/pin", new { pinned = true }, Ct), HttpStatusCode.OK);
        var first = (await anonymous.GetJsonAsync("/api/v1/news?limit=5")).GetProperty("items").EnumerateArray()
            .TakeWhile(i => i.GetProperty("pinned").GetBoolean()).Select(i => i.GetProperty("slug").GetString());
        Assert.Contains(slug, first);

        // The portal's pages.
        var page = await anonymous.GetStringAsync($"/news?q={folded}", Ct);
        Assert.Contains($"href=\"/news/{slug}\"", page, StringComparison.Ordinal);
        var article = await anonymous.GetStringAsync($"/news/{slug}", Ct);
        Assert.Contains("<strong>phường 3</strong>", article, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", article, StringComparison.Ordinal);

        // Atom and RSS, all and per category, with absolute links on the configured origin.
        var atom = XDocument.Parse(await anonymous.GetStringAsync("/news/feed.atom", Ct));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var entry = atom.Root!.Elements(a + "entry").Single(e => e.Element(a + "title")!.Value.Contains(word, StringComparison.Ordinal));
        Assert.Equal($"{NewsFixture.PublicBaseUrl}/news/{slug}", entry.Element(a + "link")!.Attribute("href")!.Value);
        Assert.StartsWith("tag:mekong,", entry.Element(a + "id")!.Value, StringComparison.Ordinal);
        Assert.NotNull(atom.Root.Element(a + "updated"));
        var rss = XDocument.Parse(await anonymous.GetStringAsync("/news/announcements/feed.rss", Ct));
        Assert.Equal("2.0", rss.Root!.Attribute("version")!.Value);
        var items = rss.Root.Element("channel")!.Elements("item").ToList();
        Assert.Contains(items, i => i.Element("link")!.Value == $"{NewsFixture.PublicBaseUrl}/news/{slug}");
        Assert.All(items, i => Assert.Equal("announcements", i.Element("category")!.Value));
        Assert.DoesNotContain(XDocument.Parse(await anonymous.GetStringAsync("/news/warnings/feed.rss", Ct)).Descendants("link"), l => l.Value.EndsWith(slug, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/news/gossip/feed.atom", Ct)).StatusCode);

        // Taken back: gone from the list, the page and the feed.
        await Http.JsonAsync(await editor.PostAsync($"/api/v1/news/articles/{id}/unpublish", null, Ct), HttpStatusCode.OK);
        Assert.Equal(0, (await anonymous.GetJsonAsync($"/api/v1/news?q={folded}")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/news/{slug}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/news/{slug}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_list_form_pages_without_overlap_and_names_bad_input_and_only_editors_write()
    {
        var anonymous = app.Anonymous();
        var firstPage = await anonymous.GetJsonAsync("/api/v1/news?limit=30");
        var total = firstPage.GetProperty("total").GetInt32();
        Assert.InRange(total, 80, 200); // the demo's hundred, less drafts, scheduled and expired ones
        var slugs = firstPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();
        var next = firstPage.GetProperty("next").GetString();
        while (next is not null)
        {
            Assert.StartsWith(NewsFixture.PublicBaseUrl + "/api/v1/news?", next, StringComparison.Ordinal);
            var page = await anonymous.GetJsonAsync(next[NewsFixture.PublicBaseUrl.Length..]);
            slugs.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }

        Assert.Equal(total, slugs.Count);
        Assert.Equal(total, slugs.Distinct().Count());
        var english = await anonymous.GetJsonAsync("/api/v1/news?lang=en&limit=100");
        Assert.NotEmpty(english.GetProperty("items").EnumerateArray());
        Assert.All(english.GetProperty("items").EnumerateArray(), i => Assert.Equal("en", i.GetProperty("language").GetString()));
        var warnings = await anonymous.GetJsonAsync("/api/v1/news?q=canh%20bao%20trieu%20cuong&category=warnings");
        Assert.NotEqual(0, warnings.GetProperty("total").GetInt32());

        var bad = await Http.ProblemAsync(await anonymous.GetAsync("/api/v1/news?category=gossip&lang=fr&limit=0&cursor=%21%21", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["category", "cursor", "lang", "limit"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/news/articles", new { category = "news", title = "x" }, Ct)).StatusCode);
        var viewer = await app.AsAsync(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/news/articles", new { category = "news", title = "x" }, Ct)).StatusCode);
        var officer = await app.AsAsync("officer@phusa.example"); // an officer of another department is not an editor
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/news/articles", Ct)).StatusCode);
        var editor = await app.AsAsync(NewsFixture.Editor);
        var invalid = await Http.ProblemAsync(await editor.PostAsJsonAsync("/api/v1/news/articles", new { category = "gossip", language = "fr", title = "" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["category", "language", "title"], Http.ErrorFields(invalid).Order(StringComparer.Ordinal));

        // The newsroom sees its drafts and the scheduled article; the home card leads to the news.
        var drafts = await editor.GetJsonAsync("/api/v1/news/articles?status=draft");
        Assert.NotEmpty(drafts.GetProperty("items").EnumerateArray());
        var scheduled = (await editor.GetJsonAsync("/api/v1/news/articles?status=published")).GetProperty("items").EnumerateArray()
            .Where(i => !i.GetProperty("visible").GetBoolean()).ToList();
        Assert.Contains(scheduled, i => i.GetProperty("publishAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Contains("href=\"/news\"", await anonymous.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }
}

[Collection(NewsSqliteServers.Name)]
public sealed class NewsroomTests_Sqlite(NewsSqlite app) : NewsroomTests(app);

[Collection(NewsPostgreSqlServers.Name)]
public sealed class NewsroomTests_PostgreSql(NewsPostgreSql app) : NewsroomTests(app);

[CollectionDefinition(Name)]
public sealed class NewsSqliteServers : ICollectionFixture<NewsSqlite>
{
    public const string Name = "News on SQLite";
}

[CollectionDefinition(Name)]
public sealed class NewsPostgreSqlServers : ICollectionFixture<NewsPostgreSql>
{
    public const string Name = "News on PostgreSQL";
}
