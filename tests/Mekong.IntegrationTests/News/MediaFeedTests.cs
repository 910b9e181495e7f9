using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.News.Features.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.News;

/// <summary>
/// Media subscriptions fetched by the real periodic job from feed files served over loopback: RSS 2.0, Atom 1.0,
/// RSS 1.0/RDF, a windows-1252 feed, malformed XML, an entity bomb, an oversized feed and a 404; duplicates across
/// outlets merged; conditional GET on the next run; broken feeds recorded on the feed, never on the page.
/// </summary>
public abstract class MediaFeedTests(NewsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_job_fetches_parses_merges_and_records_each_broken_feed_as_its_own_error()
    {
        var tag = "Kx" + Guid.NewGuid().ToString("N")[..6];
        var shared = $"Sạt lở bờ sông tại xã Phú Mỹ {tag}, ba hộ dân di dời khẩn cấp";
        Serve("outlet-a.xml", "application/rss+xml", Utf8($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Outlet A</title><link>https://a.example/</link><description>A</description>
              <item><title>{shared}</title><link>https://a.example/s1?utm_source=rss&amp;id=1</link><pubDate>Mon, 30 Nov 2026 07:30:00 +0700</pubDate>
                <description><![CDATA[<p>Nước <b>xoáy</b> sâu vào bờ.</p><script>document.write('pwned')</script>]]></description></item>
              <item><title>Khánh thành chợ nổi {tag} sau cải tạo</title><link>https://a.example/s2</link><pubDate>Sun, 29 Nov 2026 07:30:00 +0700</pubDate><description>Chợ mở cửa từ 4 giờ sáng.</description></item>
              <item><title>Tin không có liên kết {tag}</title><description>Bỏ qua.</description></item>
            </channel></rss>
            """));
        Serve("outlet-b.atom", "application/atom+xml", Utf8($"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>tag:b.example,2026:feed</id><title>Outlet B</title><updated>2026-11-30T02:00:00Z</updated>
              <entry><id>tag:b.example,2026:1</id><title>{shared.ToUpperInvariant()}</title><link href="https://b.example/tin/1"/><updated>2026-11-30T01:00:00Z</updated><summary>Cùng câu chuyện, báo khác.</summary></entry>
              <entry><id>tag:b.example,2026:2</id><title>Chợ nổi mở lại {tag}</title><link href="https://www.a.example/s2/"/><updated>2026-11-29T03:00:00Z</updated></entry>
              <entry><id>tag:b.example,2026:3</id><title>Bản tin thời tiết {tag} chiều nay</title><link href="/tin/3"/><updated>2026-11-29T05:00:00Z</updated><content type="html">&lt;p&gt;Mưa rào.&lt;/p&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</content></entry>
            </feed>
            """));
        Serve("rdf.xml", "application/rdf+xml", Utf8($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link><description>R</description></channel>
              <item rdf:about="https://rdf.example/1"><title>Khuyến cáo xuống giống {tag}</title><link>https://rdf.example/1</link><description>Né rầy.</description><dc:date>2026-11-26T08:00:00+07:00</dc:date></item>
            </rdf:RDF>
            """));
        Serve("latin.xml", "text/xml", [.. Encoding.ASCII.GetBytes($"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>L</title><link>https://l.example/</link><description>L</description><item><title>Caf"), 0xE9,
            .. Encoding.ASCII.GetBytes($" {tag} reopens</title><link>https://l.example/1</link></item></channel></rss>")]);
        Serve("broken.xml", "application/rss+xml", Utf8($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken<item><title>{tag}</title></channel>"));
        Serve("bomb.xml", "application/rss+xml", Utf8("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <rss version="2.0"><channel><title>&d;</title><link>https://x.example/</link><description>x</description><item><title>&d;</title><link>https://x.example/1</link></item></channel></rss>
            """));
        Serve("huge.xml", "application/rss+xml", Utf8("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>H</title><link>https://h.example/</link><description>" + new string('h', 300_000) + "</description></channel></rss>"));

        var admin = await app.AsAsync(Demo.Admin);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "outlet-a.xml", "outlet-b.atom", "rdf.xml", "latin.xml", "broken.xml", "bomb.xml", "huge.xml", "missing.xml" })
        {
            var feed = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/news/feeds", new { name = $"{tag} {name}", url = app.Feeds.Url(name) }, Ct), HttpStatusCode.Created);
            ids[name] = feed.GetProperty("id").GetString()!;
        }

        await RunJobAsync();

        var feeds = (await admin.GetJsonAsync("/api/v1/news/feeds")).GetProperty("items").EnumerateArray()
            .Where(f => f.GetProperty("name").GetString()!.StartsWith(tag, StringComparison.Ordinal))
            .ToDictionary(f => f.GetProperty("name").GetString()![(tag.Length + 1)..], f => f.GetProperty("lastError").GetString());
        Assert.Null(feeds["outlet-a.xml"]);
        Assert.Null(feeds["outlet-b.atom"]);
        Assert.Null(feeds["rdf.xml"]);
        Assert.Null(feeds["latin.xml"]);
        Assert.Contains("XML", feeds["broken.xml"], StringComparison.Ordinal);
        Assert.NotNull(feeds["bomb.xml"]);
        Assert.Contains("larger than", feeds["huge.xml"], StringComparison.Ordinal);
        Assert.Contains("404", feeds["missing.xml"], StringComparison.Ordinal);

        var media = (await app.Anonymous().GetJsonAsync($"/api/v1/news/media?q={tag.ToLowerInvariant()}&limit=100")).GetProperty("items").EnumerateArray().ToList();
        var titles = media.Select(m => m.GetProperty("title").GetString()!).ToList();
        // The shared story shows once (the same headline from B), the market once (the same link from B, www. and slash aside).
        Assert.Single(titles, t => t.Contains("Sạt lở", StringComparison.OrdinalIgnoreCase));
        Assert.Single(titles, t => t.Contains("Chợ", StringComparison.OrdinalIgnoreCase) || t.Contains("chợ", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Khuyến cáo xuống giống", StringComparison.Ordinal)); // RDF
        Assert.Contains(titles, t => t.StartsWith("Café", StringComparison.Ordinal)); // windows-1252 decoded
        Assert.DoesNotContain(titles, t => t.Contains("không có liên kết", StringComparison.Ordinal));
        var landslide = media.Single(m => m.GetProperty("title").GetString()!.Contains("Sạt lở", StringComparison.Ordinal));
        Assert.Equal($"{tag} outlet-a.xml", landslide.GetProperty("source").GetString());
        Assert.Equal("https://a.example/s1?utm_source=rss&id=1", landslide.GetProperty("link").GetString());
        Assert.Equal("Nước xoáy sâu vào bờ.", landslide.GetProperty("summary").GetString());
        var weather = media.Single(m => m.GetProperty("title").GetString()!.StartsWith("Bản tin thời tiết", StringComparison.Ordinal));
        Assert.Equal(new Uri(app.Feeds.BaseUrl, "/tin/3").ToString(), weather.GetProperty("link").GetString()); // relative link resolved
        Assert.Equal("Mưa rào.", weather.GetProperty("summary").GetString());

        // The next run asks conditionally and gets 304 for the unchanged files; nothing new is stored.
        var before = app.Feeds.Requests.Count;
        await RunJobAsync();
        var second = app.Feeds.Requests.Skip(before).Where(r => r.Name == "outlet-a.xml").ToList();
        var conditional = Assert.Single(second);
        Assert.Equal(304, conditional.Status);
        Assert.NotNull(conditional.IfNoneMatch);
        Assert.NotNull(conditional.IfModifiedSince);
        Assert.Equal(media.Count, (await app.Anonymous().GetJsonAsync($"/api/v1/news/media?q={tag.ToLowerInvariant()}&limit=100")).GetProperty("items").GetArrayLength());

        // A broken feed never breaks the page; the story shows with its source.
        var page = await app.Anonymous().GetStringAsync($"/news?q={tag.ToLowerInvariant()}", Ct);
        Assert.Contains("Sạt lở bờ sông", page, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", page, StringComparison.Ordinal);

        // Fetch now, one feed: the outcome; editors who are not administrators do not manage feeds; a bad address is named.
        var now = await Http.JsonAsync(await admin.PostAsync($"/api/v1/news/feeds/{ids["broken.xml"]}/fetch", null, Ct), HttpStatusCode.OK);
        Assert.Equal("failed", now.GetProperty("status").GetString());
        var editor = await app.AsAsync(NewsFixture.Editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/api/v1/news/feeds", Ct)).StatusCode);
        var bad = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/news/feeds", new { name = "x", url = "file:///etc/passwd" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["url"], Http.ErrorFields(bad));
    }

    [Fact]
    public async Task The_demo_feeds_are_read_from_their_sample_files_with_the_shared_stories_merged()
    {
        var media = (await app.Anonymous().GetJsonAsync("/api/v1/news/media?q=trieu%20cuong%20dat%20dinh&limit=100")).GetProperty("items").EnumerateArray().ToList();
        Assert.Single(media); // Báo Phù Sa and the television station carry the same story
        var bridge = (await app.Anonymous().GetJsonAsync("/api/v1/news/media?q=cau%20phu%20my%202&limit=100")).GetProperty("items").EnumerateArray().ToList();
        Assert.Single(bridge); // the same link, with www. and a trailing slash
        var admin = await app.AsAsync(Demo.Admin);
        var demo = (await admin.GetJsonAsync("/api/v1/news/feeds")).GetProperty("items").EnumerateArray()
            .Where(f => f.GetProperty("url").GetString()!.StartsWith("demo:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, demo.Count);
        Assert.All(demo, f => Assert.Equal(System.Text.Json.JsonValueKind.Null, f.GetProperty("lastError").ValueKind));
    }

    private async Task RunJobAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedFetchJob>().RunAsync(Ct);
    }

    private void Serve(string name, string contentType, byte[] body) => app.Feeds.Files[name] = (body, contentType);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

[Collection(NewsSqliteServers.Name)]
public sealed class MediaFeedTests_Sqlite(NewsSqlite app) : MediaFeedTests(app);

[Collection(NewsPostgreSqlServers.Name)]
public sealed class MediaFeedTests_PostgreSql(NewsPostgreSql app) : MediaFeedTests(app);
