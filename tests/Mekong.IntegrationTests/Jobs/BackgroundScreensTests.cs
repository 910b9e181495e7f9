using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.IntegrationTests.Outbox;
using Mekong.Platform.Outbox;

namespace Mekong.IntegrationTests.Jobs;

/// <summary>
/// <c>/admin/outbox</c> and <c>/admin/jobs</c> over HTTP as an administrator's browser uses them (pages and their forms),
/// and what everyone else gets.
/// </summary>
public sealed class BackgroundScreensTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_outbox_screen_lists_pending_failed_and_dead_messages_and_retry_puts_a_dead_one_back_to_pending(DatabaseKind kind)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        var cancellation = TestContext.Current.CancellationToken;
        Guid dead, failed;

        // First the dispatcher delivers: one message dead-letters at once, one fails and waits an hour for its retry.
        var log = new DeliveryLog
        {
            Fail = e => e.IdempotencyKey.StartsWith("dead-", StringComparison.Ordinal) ? new PermanentDeliveryException("the receiver said 410 Gone")
                : e.IdempotencyKey.StartsWith("failed-", StringComparison.Ordinal) ? new HttpRequestException("connection refused") : null,
        };
        await using (var delivering = OutboxHarness.Server(storage, log, new Dictionary<string, string?>
        {
            ["Mekong:Outbox:FirstRetryDelay"] = "01:00:00",
            ["Mekong:Outbox:MaxRetryDelay"] = "01:00:00",
        }))
        {
            dead = await OutboxHarness.EnqueueAsync(delivering.Services, new { n = 1 }, "dead-" + Guid.NewGuid().ToString("N"));
            failed = await OutboxHarness.EnqueueAsync(delivering.Services, new { n = 2 }, "failed-" + Guid.NewGuid().ToString("N"));
            await OutboxHarness.EventuallyAsync(async () =>
                (await OutboxHarness.FindAsync(delivering.Services, dead))?.State == OutboxState.Dead
                && (await OutboxHarness.FindAsync(delivering.Services, failed))?.Attempts == 1, "one message is dead and one failed once");
        }

        // Then a node that does not dispatch, so what the screen shows stays put; the demo gives it an administrator.
        await using var server = new MekongAppFactory(storage, new Dictionary<string, string?> { ["Mekong:Outbox:Dispatch"] = "false" });
        var pending = await OutboxHarness.EnqueueAsync(server.Services, new { n = 3 }, "pending-" + Guid.NewGuid().ToString("N"));
        using var admin = await SignIn.AsAsync(server, Demo.Admin, Demo.Password);

        // Every time: the page's queries and the shell's notification bell read module contexts while rendering together
        // (before OutboxMonitor had a scope of its own, one load in a few was a 500 "a second operation was started on this context").
        for (var i = 0; i < 10; i++)
        {
            await PageAsync(admin, "/admin/outbox?status=dead");
        }

        var pendingPage = await PageAsync(admin, "/admin/outbox?status=pending");
        Assert.Contains($"data-id=\"{pending}\"", pendingPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-id=\"{dead}\"", pendingPage, StringComparison.Ordinal);
        var failedPage = await PageAsync(admin, "/admin/outbox?status=failed");
        Assert.Contains($"data-id=\"{failed}\"", failedPage, StringComparison.Ordinal);
        Assert.Contains("connection refused", failedPage, StringComparison.Ordinal);
        var deadPage = await PageAsync(admin, "/admin/outbox?status=dead");
        Assert.Contains($"data-id=\"{dead}\"", deadPage, StringComparison.Ordinal);
        Assert.Contains("the receiver said 410 Gone", deadPage, StringComparison.Ordinal);
        Assert.Contains($"retry-{dead:N}", deadPage, StringComparison.Ordinal);

        // "Retry" as the browser posts it: the form's handler name and the antiforgery token of the page.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"retry-{dead:N}",
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(deadPage),
        });
        var retried = await admin.PostAsync("/admin/outbox?status=dead", form, cancellation);
        var retriedPage = await retried.Content.ReadAsStringAsync(cancellation);
        Assert.True(retried.StatusCode == HttpStatusCode.OK, $"{(int)retried.StatusCode}: {retriedPage[..Math.Min(2000, retriedPage.Length)]}");
        Assert.Contains("id=\"message-retried\"", retriedPage, StringComparison.Ordinal);
        var message = await OutboxHarness.FindAsync(server.Services, dead);
        Assert.Equal(OutboxState.Pending, message!.State);
        Assert.Contains($"data-id=\"{dead}\"", await PageAsync(admin, "/admin/outbox?status=pending"), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-id=\"{dead}\"", await PageAsync(admin, "/admin/outbox?status=dead"), StringComparison.Ordinal);

        // The same through the API.
        var api = await admin.GetJsonAsync("/api/v1/admin/outbox?status=failed");
        Assert.Contains(api.EnumerateArray(), m => m.GetProperty("id").GetGuid() == failed && m.GetProperty("status").GetString() == "failed");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/outbox/platform/{failed}/retry", null, cancellation)).StatusCode);

        // Everyone else: an operator is refused the screen and the API; an anonymous visitor is sent to log in.
        using var operatorClient = await SignIn.AsAsync(server, Demo.Operator, Demo.Password);
        var refused = await operatorClient.GetAsync("/admin/outbox", cancellation);
        Assert.DoesNotContain("outbox-table", await refused.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase)),
            $"{(int)refused.StatusCode} {refused.Headers.Location}");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/admin/outbox", cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync($"/api/v1/admin/outbox/platform/{dead}/retry", null, cancellation)).StatusCode);
        using var anonymous = server.NoRedirects();
        var login = await anonymous.GetAsync("/admin/outbox", cancellation);
        Assert.True(login.StatusCode == HttpStatusCode.Redirect && login.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal), $"{(int)login.StatusCode} {login.Headers.Location}");
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_jobs_screen_shows_a_periodic_jobs_runs_and_run_now_starts_one(DatabaseKind kind)
    {
        await using var server = await MekongAppFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Mekong:Jobs:PollInterval"] = "00:00:00.050" });
        var cancellation = TestContext.Current.CancellationToken;
        using var admin = await SignIn.AsAsync(server, Demo.Admin, Demo.Password);

        var page = await PageAsync(admin, "/admin/jobs");
        Assert.Contains("data-job=\"outbox.cleanup\"", page, StringComparison.Ordinal);
        Assert.Contains("data-job=\"work.sweep\"", page, StringComparison.Ordinal);

        // "Run now" as the browser posts it, once the scheduler has the job's row.
        await OutboxHarness.EventuallyAsync(async () =>
            (await admin.GetJsonAsync("/api/v1/admin/jobs")).EnumerateArray().Any(j => j.GetProperty("name").GetString() == "outbox.cleanup" && j.GetProperty("nextRunAt").ValueKind == System.Text.Json.JsonValueKind.String),
            "outbox.cleanup is scheduled");
        page = await PageAsync(admin, "/admin/jobs");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "run-outbox.cleanup",
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(page),
        });
        var posted = await admin.PostAsync("/admin/jobs", form, cancellation);
        Assert.Contains("id=\"run-requested\"", await posted.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);

        string? runs = null;
        await OutboxHarness.EventuallyAsync(async () =>
        {
            var html = await PageAsync(admin, "/admin/jobs");
            var table = html.IndexOf("id=\"runs-table\"", StringComparison.Ordinal);
            runs = table < 0 ? null : html[table..];
            // A run is listed from its start; wait for it to have ended (seen: still running on a loaded machine).
            return runs?.Contains("<code>outbox.cleanup</code>", StringComparison.Ordinal) == true
                && runs.Contains("Thành công", StringComparison.Ordinal);
        }, "the run is listed under recent runs as succeeded");

        using var operatorClient = await SignIn.AsAsync(server, Demo.Operator, Demo.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/admin/jobs", cancellation)).StatusCode);
        var refused = await operatorClient.GetAsync("/admin/jobs", cancellation);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("jobs-table", await refused.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
    }

    /// <summary>A page that must answer 200; shows its body when it does not.</summary>
    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 4000)]}");
        return body;
    }
}
