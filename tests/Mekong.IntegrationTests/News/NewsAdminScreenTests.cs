using System.Net;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.News.Features.Media;
using Mekong.Modules.News.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.News;

/// <summary>
/// The newsroom's <c>/admin</c> screens (ADR 0042) over HTTP: an editor writes a draft (a refused form keeps its values),
/// submits it, another editor publishes it on a schedule, pins and takes it back; the media feeds screen shows a
/// broken feed's error, adds and removes a feed; who may not; old media stories are pruned by the feed job.
/// </summary>
public abstract class NewsAdminScreenTests(NewsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_editor_writes_submits_and_another_publishes_pins_and_unpublishes_on_the_screens()
    {
        var editor = await app.AsAsync(NewsFixture.Editor);
        var admin = await app.AsAsync(Demo.Admin);
        var tag = "Za" + Guid.NewGuid().ToString("N")[..8];

        // A refused form names the field and keeps what was typed.
        var refused = await PostFormAsync(editor, "/admin/news/new", "article", new() { ["title"] = "", ["category"] = "events", ["language"] = "vi", ["summary"] = "Tóm tắt " + tag, ["body"] = "Thân bài " + tag });
        Assert.Contains("id=\"a-title-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("Thân bài " + tag, refused, StringComparison.Ordinal);
        Assert.Contains("Tóm tắt " + tag, refused, StringComparison.Ordinal);

        // Created: the page goes to the new article.
        var fields = new Dictionary<string, string> { ["title"] = "Hội chợ " + tag, ["category"] = "events", ["language"] = "vi", ["summary"] = "Ba ngày.", ["body"] = "**Hội chợ** nông sản." };
        var url = await PostFormAsync(editor, "/admin/news/new", "article", fields, expectRedirect: true);
        Assert.StartsWith("/admin/news/", url, StringComparison.Ordinal);
        var draft = await editor.GetStringAsync(url, Ct);
        Assert.Contains("Hội chợ " + tag, draft, StringComparison.Ordinal);
        Assert.Contains("id=\"nw-submit\"", draft, StringComparison.Ordinal);

        var submitted = await PostFormAsync(editor, url, "submit", []);
        Assert.Contains("id=\"nw-approve-form\"", submitted, StringComparison.Ordinal);
        // The author may not publish their own: the rule's message shows, nothing changes.
        var own = await PostFormAsync(editor, url, "approve", new() { ["publishAt"] = "", ["expiresAt"] = "" });
        Assert.Contains("id=\"nw-refused\"", own, StringComparison.Ordinal);
        Assert.Contains("another editor", own, StringComparison.Ordinal);
        var badTime = await PostFormAsync(admin, url, "approve", new() { ["publishAt"] = "tomorrow", ["expiresAt"] = "" });
        Assert.Contains("id=\"a-publishAt-error\"", badTime, StringComparison.Ordinal);

        // Published by the administrator a day ahead (Vietnam time): scheduled, not on the portal yet.
        var tomorrow = Mekong.Platform.VietnamTime.ToLocal(DateTimeOffset.UtcNow.AddDays(1)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var approved = await PostFormAsync(admin, url, "approve", new() { ["publishAt"] = tomorrow, ["expiresAt"] = "" });
        Assert.Contains("id=\"nw-unpublish\"", approved, StringComparison.Ordinal);
        var list = await editor.GetStringAsync("/admin/news?status=published", Ct);
        Assert.Contains("Hội chợ " + tag, list, StringComparison.Ordinal);
        Assert.Contains("nw-status-published", list, StringComparison.Ordinal);
        var id = url["/admin/news/".Length..];
        var api = await editor.GetJsonAsync($"/api/v1/news/articles/{id}");
        Assert.False(api.GetProperty("visible").GetBoolean());
        var publishAt = api.GetProperty("publishAt").GetDateTimeOffset();
        Assert.InRange(publishAt, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));

        await PostFormAsync(editor, url, "pin", []);
        Assert.True((await editor.GetJsonAsync($"/api/v1/news/articles/{id}")).GetProperty("pinned").GetBoolean());
        var back = await PostFormAsync(editor, url, "unpublish", []);
        Assert.Contains("id=\"nw-article-form\"", back, StringComparison.Ordinal); // a draft again: editable
        Assert.Equal("draft", (await editor.GetJsonAsync($"/api/v1/news/articles/{id}")).GetProperty("status").GetString());

        // Who may not: a viewer and an operator are no editors; the feeds screen is for administrators.
        var viewer = await app.AsAsync(Demo.Viewer);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync("/admin/news", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/news/articles", Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/admin/news/feeds", Ct)).StatusCode);
        var missing = await editor.GetAsync($"/admin/news/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_feeds_screen_reports_a_broken_feed_adds_and_removes_and_the_job_prunes_old_stories()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var tag = "Zf" + Guid.NewGuid().ToString("N")[..8];
        app.Feeds.Files[$"{tag}.xml"] = (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken<item>"), "application/rss+xml");

        var refused = await PostFormAsync(admin, "/admin/news/feeds", "add-feed", new() { ["name"] = "Báo " + tag, ["url"] = "ftp://x.example/feed" });
        Assert.Contains("id=\"f-url-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("Báo " + tag, refused, StringComparison.Ordinal);

        var added = await PostFormAsync(admin, "/admin/news/feeds", "add-feed", new() { ["name"] = "Báo " + tag, ["url"] = app.Feeds.Url($"{tag}.xml") });
        Assert.Contains("id=\"nw-feed-done\"", added, StringComparison.Ordinal);
        var feed = (await admin.GetJsonAsync("/api/v1/news/feeds")).GetProperty("items").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Báo " + tag);
        var id = feed.GetProperty("id").GetGuid();

        var fetched = await PostFormAsync(admin, "/admin/news/feeds", $"fetch-{id:N}", []);
        Assert.Contains("Not well-formed XML", fetched, StringComparison.Ordinal); // the error, on the screen
        var listed = await admin.GetStringAsync("/admin/news/feeds", Ct);
        Assert.Contains("nw-feed-error", listed, StringComparison.Ordinal);

        var removed = await PostFormAsync(admin, "/admin/news/feeds", $"remove-{id:N}", []);
        Assert.DoesNotContain(app.Feeds.Url($"{tag}.xml"), removed, StringComparison.Ordinal);

        // Pruning: a story older than the retention goes with the next run of the feed job; a recent one stays.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
            var source = Mekong.Modules.News.Domain.FeedSource.Create(Demo.Jurisdiction, "Lưu trữ " + tag, "https://old.example/feed", DateTimeOffset.UtcNow);
            db.MediaItems.Add(Mekong.Modules.News.Domain.MediaItem.Create(Demo.Jurisdiction, source, "Tin rất cũ " + tag, "", $"https://old.example/{tag}/1", DateTimeOffset.UtcNow.AddDays(-400), DateTimeOffset.UtcNow));
            db.MediaItems.Add(Mekong.Modules.News.Domain.MediaItem.Create(Demo.Jurisdiction, source, "Tin mới " + tag, "", $"https://old.example/{tag}/2", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FeedFetchJob>().RunAsync(Ct);
            var titles = await scope.ServiceProvider.GetRequiredService<NewsDbContext>().MediaItems.Where(m => m.Link.StartsWith($"https://old.example/{tag}/")).Select(m => m.Title).ToListAsync(Ct);
            Assert.Equal(["Tin mới " + tag], titles);
        }
    }

    /// <summary>Posts a screen's form as a browser would (antiforgery token, handler name); the page, or the redirect's target.</summary>
    private static async Task<string> PostFormAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields, bool expectRedirect = false)
    {
        var page = await client.GetAsync(url, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)page.StatusCode}");
        fields["__RequestVerificationToken"] = SignIn.AntiforgeryToken(html);
        fields["_handler"] = handler;
        using var form = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(url, form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (expectRedirect)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"POST {url}: {(int)response.StatusCode}");
            var location = response.Headers.Location!;
            return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 1500)]}");
        return body;
    }
}

[Collection(NewsSqliteServers.Name)]
public sealed class NewsAdminScreenTests_Sqlite(NewsSqlite app) : NewsAdminScreenTests(app);

[Collection(NewsPostgreSqlServers.Name)]
public sealed class NewsAdminScreenTests_PostgreSql(NewsPostgreSql app) : NewsAdminScreenTests(app);
