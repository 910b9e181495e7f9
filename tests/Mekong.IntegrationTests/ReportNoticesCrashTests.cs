using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// Issue 14, "done when" (the resident's e-mail) with a kill -9 between commit and delivery: the real server process
/// commits a report posted over Open311 while no SMTP server listens, is killed with SIGKILL, and after the restart the
/// reporter's e-mail arrives exactly once.
/// </summary>
public sealed class ReportNoticesCrashTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_report_committed_before_a_kill_9_is_mailed_to_its_reporter_once_after_the_restart(DatabaseKind kind)
    {
        var cancellation = TestContext.Current.CancellationToken;
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateDemoAsync(kind);
        var smtpPort = ServerProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Mekong__PublicBaseUrl"] = "https://ioc.phusa.example",
            ["Mekong__Smtp__Host"] = "127.0.0.1",
            ["Mekong__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mekong__Smtp__Security"] = "None",
            ["Mekong__Smtp__FromAddress"] = "ioc@phusa.example",
            ["Mekong__Outbox__PollInterval"] = "00:00:00.200",
            ["Mekong__Outbox__FirstRetryDelay"] = "00:00:00.500",
            ["Mekong__Outbox__MaxRetryDelay"] = "00:00:01",
            // The killed process's claim must lapse soon, yet leave a delivery on a loaded machine time to finish.
            ["Mekong__Outbox__LeaseDuration"] = "00:00:10",
            ["Mekong__Outbox__MaxAttempts"] = "100",
        };
        var reporter = $"r-{Guid.NewGuid():N}@residents.example";
        string token;

        await using (var first = await ServerCli.StartAsync(storage, environment))
        {
            using var admin = await SignInAsync(first.Url);
            var key = (await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "crash-notices", role = "Viewer", jurisdiction = Demo.Jurisdiction }, cancellation),
                HttpStatusCode.Created)).GetProperty("key").GetString()!;
            using var client = new HttpClient { BaseAddress = first.Url };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["service_code"] = "rubbish",
                ["lat"] = "9.6",
                ["long"] = "105.95",
                ["description"] = "Rác tràn ra lòng đường",
                ["email"] = reporter,
            });
            var posted = await client.PostAsync("/open311/v2/requests.json", form, cancellation);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            token = (await posted.Content.ReadFromJsonAsync<JsonElement>(cancellation))[0].GetProperty("token").GetString()!;

            // Answered, so committed: its e-mail waits in the outbox (no SMTP server listens yet). SIGKILL now.
            await first.KillHardAsync();
        }

        await using var smtp = await SmtpSink.StartAsync(smtpPort);
        await using var second = await ServerCli.StartAsync(storage, environment);
        using var reader = new HttpClient { BaseAddress = second.Url };
        var id = (await reader.GetFromJsonAsync<JsonElement>($"/open311/v2/tokens/{token}.json", cancellation))[0].GetProperty("service_request_id").GetString();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !Mine(smtp, reporter).Any())
        {
            await Task.Delay(200, cancellation);
        }

        var mail = Assert.Single(Mine(smtp, reporter));
        Assert.StartsWith($"Phản ánh số {id} (", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://ioc.phusa.example/reports/{id}", mail.TextBody, StringComparison.Ordinal);

        // Once: several more dispatcher rounds (and the killed process's lapsed claims) bring no repeat.
        await Task.Delay(TimeSpan.FromSeconds(4), cancellation);
        Assert.Single(Mine(smtp, reporter));
    }

    private static IEnumerable<MimeKit.MimeMessage> Mine(SmtpSink smtp, string address) =>
        smtp.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == address));

    private static async Task<HttpClient> SignInAsync(Uri baseUrl)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseUrl,
        };
        var response = await SignIn.PostFormAsync(client, Demo.Admin, Demo.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Log-in failed: {(int)response.StatusCode}");
        return client;
    }
}
