using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Modules.News.Features.Notices;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.News;

/// <summary>
/// Followers of a news category (ADR 0042): the API and the portal's control, the notice job telling followers once an
/// article shows (a scheduled one when its time comes), once per article and follower even when two nodes run the job
/// at the same time, and the e-mail at the loopback SMTP server.
/// </summary>
public abstract class NewsNoticeTests(NewsFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_follower_is_told_once_of_a_scheduled_article_when_its_time_comes_and_others_are_not()
    {
        var viewer = await app.AsAsync(Demo.Viewer);
        var editor = await app.AsAsync(NewsFixture.Editor);
        var admin = await app.AsAsync(Demo.Admin);
        var tag = "Zt" + Guid.NewGuid().ToString("N")[..8];

        // The viewer follows warnings only (a bad category is a field error, nothing changes).
        var bad = await Http.ProblemAsync(await viewer.PutAsJsonAsync("/api/v1/news/following", new { categories = new[] { "warnings", "gossip" } }, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("categories[1]", Http.ErrorFields(bad));
        await Http.ProblemAsync(await viewer.PutAsync("/api/v1/news/following/gossip", null, Ct), HttpStatusCode.BadRequest);
        await Http.JsonAsync(await viewer.PutAsJsonAsync("/api/v1/news/following", new { categories = Array.Empty<string>() }, Ct), HttpStatusCode.OK);
        var following = await Http.JsonAsync(await viewer.PutAsync("/api/v1/news/following/warnings", null, Ct), HttpStatusCode.OK);
        Assert.Equal(["warnings"], following.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/news/following", Ct)).StatusCode);

        // A warning scheduled an hour ahead and an announcement published now.
        var warning = await PublishAsync(editor, admin, "warnings", $"Triều cường {tag} vượt báo động 3", DateTimeOffset.UtcNow.AddHours(1));
        var other = await PublishAsync(editor, admin, "announcements", $"Lịch tiếp dân {tag}", null);

        await RunJobAsync(TimeSpan.Zero);
        Assert.False(await AnnouncedAsync(warning)); // not yet: its time has not come
        Assert.True(await AnnouncedAsync(other));

        // An hour and a half later, two nodes run the job at the same time: one claims the article.
        await Task.WhenAll(RunJobAsync(TimeSpan.FromMinutes(90)), RunJobAsync(TimeSpan.FromMinutes(90)));
        await RunJobAsync(TimeSpan.FromMinutes(91)); // and again after a restart: nothing more
        Assert.True(await AnnouncedAsync(warning));

        var mail = await MailToAsync(Demo.Viewer, tag);
        Assert.Contains("Triều cường " + tag, mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"{NewsFixture.PublicBaseUrl}/news/", mail.TextBody ?? string.Empty, StringComparison.Ordinal);

        // One e-mail and one bell notice for the one follower, written once, besides what /admin/notifications
        // subscriptions reach for any article (the demo's operators see every event in the bell).
        var baseline = await NoticesAsync(other);
        Assert.Equal(baseline + 2, await NoticesAsync(warning));
        await OutboxHarness.EventuallyAsync(async () => await DeliveredAsync(warning), "the warning's notices delivered");
        Assert.Single(app.Smtp.Messages(), m => (m.Subject ?? string.Empty).Contains(tag, StringComparison.Ordinal));

        // Unfollowed: the next warning reaches nobody.
        await Http.JsonAsync(await viewer.DeleteAsync("/api/v1/news/following/warnings", Ct), HttpStatusCode.OK);
        var later = await PublishAsync(editor, admin, "warnings", $"Triều cường {tag} đợt hai", null);
        await RunJobAsync(TimeSpan.Zero);
        Assert.True(await AnnouncedAsync(later));
        Assert.Equal(baseline, await NoticesAsync(later));
    }

    [Fact]
    public async Task The_portal_news_page_lets_a_signed_in_resident_choose_categories_and_hides_the_control_from_the_anonymous()
    {
        Assert.DoesNotContain("nw-follow-form", await app.Anonymous().GetStringAsync("/news", Ct), StringComparison.Ordinal);

        var operatorClient = await app.AsAsync(Demo.Operator);
        var page = await operatorClient.GetStringAsync("/news", Ct);
        Assert.Contains("id=\"nw-follow-form\"", page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", SignIn.AntiforgeryToken(page)),
            new("_handler", "news-follow"),
            new("category", "events"),
            new("category", "news"),
        ]);
        var saved = await operatorClient.PostAsync("/news", form, Ct);
        var html = await saved.Content.ReadAsStringAsync(Ct);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, $"POST /news: {(int)saved.StatusCode}");
        Assert.Contains("id=\"nw-follow-saved\"", html, StringComparison.Ordinal);
        var following = await operatorClient.GetJsonAsync("/api/v1/news/following");
        Assert.Equal(["news", "events"], following.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Demo.Jurisdiction, following.GetProperty("jurisdiction").GetString());
    }

    private static async Task<Guid> PublishAsync(HttpClient editor, HttpClient admin, string category, string title, DateTimeOffset? publishAt)
    {
        var created = await Http.JsonAsync(await editor.PostAsJsonAsync("/api/v1/news/articles",
            new { category, language = "vi", title, summary = "Người dân chủ động phòng tránh.", body = "Chi tiết **" + title + "**." }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await Http.JsonAsync(await editor.PostAsync($"/api/v1/news/articles/{id}/submit", null, Ct), HttpStatusCode.OK);
        await Http.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/news/articles/{id}/approve", new { publishAt }, Ct), HttpStatusCode.OK);
        return id;
    }

    /// <summary>The job as a node whose clock is <paramref name="later"/> ahead sees it (time passing, without waiting).</summary>
    private async Task RunJobAsync(TimeSpan later)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ArticleNoticeJob>(scope.ServiceProvider, new Ahead(later));
        await job.RunAsync(Ct);
    }

    private async Task<bool> AnnouncedAsync(Guid id)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NewsDbContext>().Articles.Where(a => a.Id == id).Select(a => a.Announced).SingleAsync(Ct);
    }

    private async Task<int> NoticesAsync(Guid id)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var prefix = $"news.{id:N}:";
        var keys = await scope.ServiceProvider.GetRequiredService<NewsDbContext>().Set<OutboxMessage>().Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.IdempotencyKey).ToListAsync(Ct);
        Assert.Equal(keys.Count, keys.Distinct().Count()); // never the same delivery twice
        return keys.Count;
    }

    private async Task<bool> DeliveredAsync(Guid id)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var prefix = $"news.{id:N}:";
        return !await scope.ServiceProvider.GetRequiredService<NewsDbContext>().Set<OutboxMessage>().AnyAsync(m => m.IdempotencyKey.StartsWith(prefix) && m.State != OutboxState.Delivered, Ct);
    }

    private async Task<MimeKit.MimeMessage> MailToAsync(string to, string tag)
    {
        MimeKit.MimeMessage? found = null;
        await OutboxHarness.EventuallyAsync(() =>
        {
            found = app.Smtp.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && (m.Subject ?? string.Empty).Contains(tag, StringComparison.Ordinal));
            return Task.FromResult(found is not null);
        }, $"an e-mail to {to} about {tag}");
        return found!;
    }

    private sealed class Ahead(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}

[Collection(NewsSqliteServers.Name)]
public sealed class NewsNoticeTests_Sqlite(NewsSqlite app) : NewsNoticeTests(app);

[Collection(NewsPostgreSqlServers.Name)]
public sealed class NewsNoticeTests_PostgreSql(NewsPostgreSql app) : NewsNoticeTests(app);
