using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// Issue 13, "done when": a change committed with an e-mail and a webhook is delivered once to the loopback SMTP
/// server and HTTP receiver after a kill -9 between commit and delivery. The real server runs as its own process;
/// while it holds the committed announcement neither receiver is listening, so nothing can be delivered before the
/// SIGKILL. After a restart, with both receivers up, each gets the message exactly once.
/// </summary>
public sealed class NotificationsCrashTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task An_announcement_committed_before_a_kill_9_is_mailed_and_posted_once_after_the_restart(DatabaseKind kind)
    {
        var cancellation = TestContext.Current.CancellationToken;
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateDemoAsync(kind);
        var smtpPort = ServerProcess.FreePort();
        var receiverPort = ServerProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Mekong__Smtp__Host"] = "127.0.0.1",
            ["Mekong__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mekong__Smtp__Security"] = "None",
            ["Mekong__Smtp__FromAddress"] = "ioc@phusa.example",
            ["Mekong__Outbox__PollInterval"] = "00:00:00.200",
            ["Mekong__Outbox__FirstRetryDelay"] = "00:00:00.500",
            ["Mekong__Outbox__MaxRetryDelay"] = "00:00:01",
            // A claim held by the killed process must lapse soon for the restarted one to take the message over, yet
            // leave a delivery on a loaded machine time to finish (a delivery cut short after the receiver took it is
            // delivered again: at least once).
            ["Mekong__Outbox__LeaseDuration"] = "00:00:10",
            ["Mekong__Outbox__MaxAttempts"] = "100",
            // The receiver listens on http://127.0.0.1 (ADR 0019: refused unless allowed).
            ["Mekong__Webhooks__AllowHttp"] = "true",
            ["Mekong__Webhooks__AllowedNetworks__0"] = "127.0.0.1/32",
        };
        var title = "Cắt điện " + Guid.NewGuid().ToString("N")[..8];
        string secret;

        await using (var first = await ServerCli.StartAsync(storage, environment))
        {
            using var admin = await SignInAsync(first.Url, cancellation);
            var webhook = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
                new { name = "crash test receiver", channel = "Webhook", eventType = "notifications.announcement", webhookUrl = $"http://127.0.0.1:{receiverPort}/hook" }, cancellation),
                HttpStatusCode.Created);
            secret = webhook.GetProperty("webhookSecret").GetString()!;

            // Committed: the announcement and its deliveries (the demo administrator's e-mail, this webhook, the operators' bell).
            var sent = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/announcements", new { title, body = "Mất điện khu vực trung tâm." }, cancellation),
                HttpStatusCode.Created);
            Assert.True(sent.GetProperty("deliveries").GetInt32() >= 2);

            await first.KillHardAsync();
        }

        await using var smtp = await SmtpSink.StartAsync(smtpPort);
        await using var receiver = await WebhookReceiver.StartAsync(receiverPort);
        receiver.Secret = secret;
        await using var second = await ServerCli.StartAsync(storage, environment);

        var hook = Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(60)));
        Assert.True(hook.SignatureValid, "The receiver could not verify the signature.");
        Assert.Contains(title, hook.Body, StringComparison.Ordinal);
        // The demo's own jobs mail too (deadline warnings to officers, alerts to administrators): only the
        // announcement's mails count here.
        List<MimeKit.MimeMessage> Announced() => [.. smtp.Messages().Where(m => m.Subject == title)];
        await Outbox.OutboxHarness.EventuallyAsync(() => Task.FromResult(Announced().Count > 0), "the announcement is mailed", seconds: 60);
        var mail = Assert.Single(Announced());
        Assert.Equal(Demo.Admin, mail.To.Mailboxes.Single().Address);

        // Once: several more dispatcher rounds (and the lapsed claims of the killed process) bring no repeat.
        await Task.Delay(TimeSpan.FromSeconds(4), cancellation);
        Assert.Single(receiver.Received);
        Assert.Single(Announced());
    }

    private static async Task<HttpClient> SignInAsync(Uri baseUrl, CancellationToken cancellation)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseUrl,
        };
        var response = await SignIn.PostFormAsync(client, Demo.Admin, Demo.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Log-in failed: {(int)response.StatusCode}");
        cancellation.ThrowIfCancellationRequested();
        return client;
    }
}
