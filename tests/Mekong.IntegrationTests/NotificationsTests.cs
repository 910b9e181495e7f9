using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Live;
using Mekong.Platform.Notifications;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// One server per provider whose e-mail goes to a real SMTP server on loopback (aiosmtpd) and whose outbox is polled
/// quickly. Tests use event types of their own and look only at the messages of those.
/// </summary>
public abstract class NotificationsFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://ioc.phusa.example";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CookieContainer> _cookies = new(StringComparer.Ordinal);
    private MekongAppFactory? _factory;
    private string? _skip;

    public SmtpSink Smtp { get; private set; } = null!;

    public MekongAppFactory Factory => _factory ?? throw SkipNow();

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            _skip = reason;
            return;
        }

        Smtp = await SmtpSink.StartAsync();
        _factory = new MekongAppFactory(await TestStorage.CreateDemoAsync(kind), Settings(Smtp.Port), ownsStorage: true);
        _ = _factory.Server;
    }

    public static Dictionary<string, string?> Settings(int smtpPort) => new()
    {
        ["Mekong:PublicBaseUrl"] = PublicBaseUrl,
        ["Mekong:Smtp:Host"] = "127.0.0.1",
        ["Mekong:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mekong:Smtp:Security"] = "None",
        ["Mekong:Smtp:FromAddress"] = "ioc@phusa.example",
        ["Mekong:Outbox:PollInterval"] = "00:00:00.200",
        ["Mekong:Outbox:FirstRetryDelay"] = "00:00:00.500",
        ["Mekong:Outbox:MaxRetryDelay"] = "00:00:01",
        // The receivers listen on http://127.0.0.1: allowed here, refused by the default policy (ADR 0019).
        ["Mekong:Webhooks:AllowHttp"] = "true",
        ["Mekong:Webhooks:AllowedNetworks:0"] = "127.0.0.1/32",
    };

    /// <summary>A cookie client signed in as a demo account (once per fixture: the log-in form is rate limited).</summary>
    public async Task<HttpClient> AsAsync(string email)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(email, out var client))
            {
                // Own cookie jar (rather than the factory's), so that a hub connection can sign in with the same cookies.
                var cookies = new CookieContainer();
                client = Factory.CreateDefaultClient(new CookieContainerHandler(cookies));
                var response = await SignIn.PostFormAsync(client, email, Demo.Password);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Log-in as {email} failed: {(int)response.StatusCode}");
                _clients[email] = client;
                _cookies[email] = cookies;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A live-hub connection signed in as <paramref name="email"/> (after <see cref="AsAsync"/>).</summary>
    public HubConnection Hub(string email) => new HubConnectionBuilder()
        .WithUrl(new Uri(Factory.Server.BaseAddress, "/hubs/live"), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => new CookieContainerHandler(_cookies[email]) { InnerHandler = Factory.Server.CreateHandler() };
        })
        .Build();

    private InvalidOperationException SkipNow()
    {
        Assert.Skip(_skip ?? "The test server did not start.");
        return new InvalidOperationException();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _gate.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            await Smtp.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteNotificationsApp() : NotificationsFixture(DatabaseKind.Sqlite);

public sealed class PostgreSqlNotificationsApp() : NotificationsFixture(DatabaseKind.PostgreSql);

/// <summary>Notifications end to end: subscriptions by API, a committed notice, real SMTP and HTTP receivers, the bell, the delivery log.</summary>
public abstract class NotificationsTests(NotificationsFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_committed_notice_reaches_the_smtp_server_the_http_receiver_and_the_bell_once_each()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var admin = await app.AsAsync(Demo.Admin);
        var operatorClient = await app.AsAsync(Demo.Operator);
        await using var receiver = await WebhookReceiver.StartAsync();
        var eventType = NewEventType();
        // The administrator reads English, the operator Vietnamese (the default).
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/me/language", new { language = "en" }, cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PutAsJsonAsync("/api/v1/me/language", new { language = "vi" }, cancellation)).StatusCode);
        await SubscribeAsync(admin, "Email", eventType, role: "Administrator");
        await SubscribeAsync(admin, "Email", eventType, role: "Operator");
        await SubscribeAsync(admin, "InApp", eventType, role: "Operator");
        var webhook = await SubscribeAsync(admin, "Webhook", eventType, webhookUrl: receiver.Url.AbsoluteUri);
        receiver.Secret = webhook.GetProperty("webhookSecret").GetString();

        var title = new LocalizedText($"Ngập sâu tại {eventType}", $"Deep flooding at {eventType}");
        var queued = await CommitAsync(new Notice(eventType, Demo.Jurisdiction, title, new LocalizedText("Nước dâng <0,5 m> & lan rộng.", "Water rising <0.5 m> & spreading."))
        {
            Link = "/ops",
            Keys = new Dictionary<string, string> { ["category"] = "flooding" },
            Data = new { reportId = 42 },
        });
        // Two e-mails, the webhook, the operator's bell (the demo operators' "*" bell subscription names the same person once).
        Assert.Equal(4, queued);

        var hooks = await receiver.WaitForAsync(1, Patience);
        var mails = await WaitForMailsAsync(eventType, 2);
        var english = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == Demo.Admin);
        var vietnamese = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == Demo.Operator);
        Assert.Equal(title.En, english.Subject);
        Assert.Contains("Dear ", english.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{NotificationsFixture.PublicBaseUrl}/ops", english.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Water rising &lt;0.5 m&gt; &amp; spreading.", english.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Water rising <0.5 m> & spreading.", english.TextBody, StringComparison.Ordinal);
        Assert.Equal(title.Vi, vietnamese.Subject);
        Assert.Contains("Kính gửi Trực ban IOC", vietnamese.TextBody, StringComparison.Ordinal);
        Assert.Contains("Xem trên Mekong", vietnamese.HtmlBody, StringComparison.Ordinal);

        var hook = Assert.Single(hooks);
        Assert.True(hook.SignatureValid, $"The receiver could not verify {hook.Signature} for {hook.Id}.");
        Assert.StartsWith("msg_", hook.Id, StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(hook.Body))
        {
            Assert.Equal(eventType, body.RootElement.GetProperty("type").GetString());
            Assert.Equal(title.Vi, body.RootElement.GetProperty("data").GetProperty("title").GetProperty("vi").GetString());
            Assert.Equal("flooding", body.RootElement.GetProperty("data").GetProperty("keys").GetProperty("category").GetString());
            Assert.Equal(42, body.RootElement.GetProperty("data").GetProperty("details").GetProperty("reportId").GetInt32());
        }

        // The bell: the operator sees it unread, marks it read.
        var item = await WaitForInboxAsync(operatorClient, title.Vi);
        var unread = (await operatorClient.GetJsonAsync("/api/v1/notifications/unread-count")).GetProperty("unread").GetInt32();
        Assert.True(unread >= 1);
        var marked = await Http.JsonAsync(await operatorClient.PostAsync($"/api/v1/notifications/{item.GetProperty("id").GetString()}/read", null, cancellation), HttpStatusCode.OK);
        Assert.Equal(1, marked.GetProperty("marked").GetInt32());
        // The demo's own notices may still be reaching the operator's bell meanwhile: the item itself is what is now read.
        // (The list is the newest page: the deadline job's escalations may have pushed the item off it; marking it again below says it is read.)
        var after = await operatorClient.GetJsonAsync("/api/v1/notifications");
        foreach (var read in after.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() == item.GetProperty("id").GetString()))
        {
            Assert.NotEqual(JsonValueKind.Null, read.GetProperty("readAt").ValueKind);
        }
        // Marking it again changes nothing.
        Assert.Equal(0, (await Http.JsonAsync(await operatorClient.PostAsync($"/api/v1/notifications/{item.GetProperty("id").GetString()}/read", null, cancellation), HttpStatusCode.OK)).GetProperty("marked").GetInt32());

        // The delivery log shows the webhook's attempt with the receiver's status and a duration.
        var log = await admin.GetJsonAsync($"/api/v1/admin/notifications/deliveries?subscription={webhook.GetProperty("subscription").GetProperty("id").GetString()}");
        var attempt = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal("Delivered", attempt.GetProperty("outcome").GetString());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal(hook.Id, attempt.GetProperty("messageId").GetString());
        Assert.True(attempt.GetProperty("durationMs").GetInt32() >= 0);

        // Once each: a few more dispatcher rounds bring no repeat.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellation);
        Assert.Single(receiver.Received);
        Assert.Equal(2, MailsOf(eventType).Count);
    }

    [Fact]
    public async Task A_notice_whose_change_is_not_committed_is_never_delivered()
    {
        var admin = await app.AsAsync(Demo.Admin);
        await using var receiver = await WebhookReceiver.StartAsync();
        var prefix = NewEventType();
        var webhook = await SubscribeAsync(admin, "Webhook", prefix + ".*", webhookUrl: receiver.Url.AbsoluteUri);
        receiver.Secret = webhook.GetProperty("webhookSecret").GetString();

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            var queued = await scope.ServiceProvider.GetRequiredService<INotifications>()
                .NotifyAsync(db, new Notice(prefix + ".rolledback", Demo.Jurisdiction, LocalizedText.Same("rolled back"), LocalizedText.Same(string.Empty)), CancellationToken.None);
            Assert.True(queued >= 1);
            // No SaveChanges: the change, and its webhook with it, is abandoned.
        }

        await CommitAsync(new Notice(prefix + ".committed", Demo.Jurisdiction, LocalizedText.Same("committed"), LocalizedText.Same(string.Empty)));

        var hook = Assert.Single(await receiver.WaitForAsync(1, Patience));
        Assert.Contains($"\"{prefix}.committed\"", hook.Body, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_same_message_again_and_every_attempt_is_logged()
    {
        var admin = await app.AsAsync(Demo.Admin);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(503);
        var eventType = NewEventType();
        var webhook = await SubscribeAsync(admin, "Webhook", eventType, webhookUrl: receiver.Url.AbsoluteUri);
        receiver.Secret = webhook.GetProperty("webhookSecret").GetString();

        await CommitAsync(new Notice(eventType, Demo.Jurisdiction, LocalizedText.Same("retry me"), LocalizedText.Same(string.Empty)));

        var hooks = await receiver.WaitForAsync(2, Patience);
        Assert.Equal([503, 200], hooks.Select(h => h.AnsweredWith));
        Assert.Equal(hooks[0].Id, hooks[1].Id);
        Assert.Equal(hooks[0].Body, hooks[1].Body);
        Assert.All(hooks, h => Assert.True(h.SignatureValid));

        var id = webhook.GetProperty("subscription").GetProperty("id").GetString();
        var outcomes = await WaitForLogAsync(admin, id!, 2);
        Assert.Equal(["Delivered", "Failed"], outcomes.Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal([200, 503], outcomes.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([2, 1], outcomes.Select(a => a.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_request_is_not_asked_again()
    {
        var admin = await app.AsAsync(Demo.Admin);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(410);
        var eventType = NewEventType();
        var webhook = await SubscribeAsync(admin, "Webhook", eventType, webhookUrl: receiver.Url.AbsoluteUri);
        receiver.Secret = webhook.GetProperty("webhookSecret").GetString();

        await CommitAsync(new Notice(eventType, Demo.Jurisdiction, LocalizedText.Same("gone"), LocalizedText.Same(string.Empty)));

        await receiver.WaitForAsync(1, Patience);
        var log = await WaitForLogAsync(admin, webhook.GetProperty("subscription").GetProperty("id").GetString()!, 1);
        Assert.Equal("Rejected", Assert.Single(log).GetProperty("outcome").GetString());
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_announcement_from_the_admin_api_is_mailed_to_the_demo_administrators_subscription()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var title = "Diễn tập " + Guid.NewGuid().ToString("N")[..8];

        var sent = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/announcements", new { title, body = "Thứ Bảy, 8 giờ." }, TestContext.Current.CancellationToken), HttpStatusCode.Created);

        Assert.True(sent.GetProperty("deliveries").GetInt32() >= 2, "The demo subscriptions: the administrator's e-mail and the operators' bell.");
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !app.Smtp.Messages().Any(m => m.Subject == title))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var mail = Assert.Single(app.Smtp.Messages(), m => m.Subject == title);
        Assert.Equal(Demo.Admin, mail.To.Mailboxes.Single().Address);
        await WaitForInboxAsync(await app.AsAsync(Demo.Operator), title);
    }

    [Fact]
    public async Task Bad_subscriptions_are_refused_field_by_field_and_nothing_is_stored()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var before = (await admin.GetJsonAsync("/api/v1/admin/notifications/subscriptions")).GetProperty("total").GetInt32();

        var empty = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions", new { }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        Assert.Equal(["channel", "eventType", "name"], Http.ErrorFields(empty).Order(StringComparer.Ordinal));

        var webhook = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
            new { name = "x", channel = "Webhook", eventType = "reports.*", role = "Operator", webhookUrl = "ftp://user:pw@example.org/" }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        Assert.Equal(["role", "webhookUrl"], Http.ErrorFields(webhook).Order(StringComparer.Ordinal));

        var other = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
            new { name = "x", channel = "Email", eventType = "Reports", jurisdiction = "91", webhookUrl = "https://example.org/", filters = new Dictionary<string, string> { ["Bad Key"] = "v" } }, TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest);
        Assert.Equal(["eventType", "filters", "jurisdiction", "webhookUrl"], Http.ErrorFields(other).Order(StringComparer.Ordinal));

        Assert.Equal(before, (await admin.GetJsonAsync("/api/v1/admin/notifications/subscriptions")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("https://127.0.0.2/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[fe80::1]/hook", "link-local")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("https://172.16.5.4/hook", "private")]
    [InlineData("https://192.168.1.10/hook", "private")]
    [InlineData("https://[fd12:3456::1]/hook", "private")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "private")]
    [InlineData("https://224.0.0.251/hook", "multicast")]
    [InlineData("https://[ff02::1]/hook", "multicast")]
    [InlineData("https://0.0.0.0/hook", "unspecified")]
    [InlineData("https://[::]/hook", "unspecified")]
    public async Task A_webhook_to_an_inner_address_is_refused_on_save_naming_why(string url, string why)
    {
        var admin = await app.AsAsync(Demo.Admin);
        var before = (await admin.GetJsonAsync("/api/v1/admin/notifications/subscriptions")).GetProperty("total").GetInt32();

        var problem = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
            new { name = "inner", channel = "Webhook", eventType = "reports.*", webhookUrl = url }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);

        Assert.Equal(["webhookUrl"], Http.ErrorFields(problem));
        var message = problem.GetProperty("errors").GetProperty("webhookUrl")[0].GetString()!;
        Assert.Contains(why, message, StringComparison.Ordinal);
        Assert.Contains("Mekong:Webhooks:AllowedNetworks", message, StringComparison.Ordinal);
        Assert.Equal(before, (await admin.GetJsonAsync("/api/v1/admin/notifications/subscriptions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_admin_form_shows_the_refused_address_beside_the_url_field()
    {
        // Ten times: the shell's bell once raced the page for the request's NotificationsDbContext (a 500 on PostgreSQL
        // on about one post in two); the bell now reads through its own scope.
        var admin = await app.AsAsync(Demo.Admin);
        for (var round = 0; round < 10; round++)
        {
            await PostTheRefusedAddressAsync(admin);
        }
    }

    private static async Task PostTheRefusedAddressAsync(HttpClient admin)
    {
        using var get = await admin.GetAsync("/admin/notifications", TestContext.Current.CancellationToken);
        var form = await get.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(get.StatusCode == HttpStatusCode.OK && form.Contains("name=\"Input.WebhookUrl\"", StringComparison.Ordinal), $"GET /admin/notifications: {(int)get.StatusCode} {form[..Math.Min(form.Length, 300)]}");
        using var post = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-subscription",
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(form),
            ["Input.Name"] = "metadata",
            ["Input.Channel"] = "Webhook",
            ["Input.EventType"] = "reports.*",
            ["Input.WebhookUrl"] = "https://169.254.169.254/latest/meta-data/",
        });

        using var response = await admin.PostAsync("/admin/notifications", post, TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK && page.Contains("id=\"webhookUrl-error\"", StringComparison.Ordinal),
            $"POST /admin/notifications: {(int)response.StatusCode} {page[..Math.Min(page.Length, 300)]}");
        Assert.Contains("169.254.169.254, a link-local address", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_whose_address_became_inner_after_saving_is_refused_at_delivery_and_never_sent()
    {
        // As if saved before the policy (or the name's address) changed: straight into the table, past the check on save.
        await using var receiver = await WebhookReceiver.StartAsync();
        var eventType = NewEventType();
        var inner = new UriBuilder(receiver.Url) { Host = "[::1]" }.Uri;
        Guid id;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            var secrets = scope.ServiceProvider.GetRequiredService<IWebhookSecretProtector>();
            var subscription = Subscription.ForWebhook("it inner", Demo.Jurisdiction, eventType, null, inner, secrets.Protect(WebhookSignature.NewSecret()),
                new Dictionary<string, string>(), "test", TimeProvider.System);
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = subscription.Id;
        }

        await CommitAsync(new Notice(eventType, Demo.Jurisdiction, LocalizedText.Same("inner"), LocalizedText.Same(string.Empty)));

        var attempt = Assert.Single(await WaitForLogAsync(await app.AsAsync(Demo.Admin), id.ToString(), 1));
        Assert.Equal("Rejected", attempt.GetProperty("outcome").GetString());
        Assert.Contains("::1 (a loopback address", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_webhook_secret_is_shown_once_stored_encrypted_and_never_listed()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var created = await SubscribeAsync(admin, "Webhook", NewEventType(), webhookUrl: "https://receiver.example/hook");
        var secret = created.GetProperty("webhookSecret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var id = Guid.Parse(created.GetProperty("subscription").GetProperty("id").GetString()!);

        var list = await (await admin.GetAsync("/api/v1/admin/notifications/subscriptions", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], list, StringComparison.Ordinal);
        var page = await (await admin.GetAsync("/admin/notifications", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(secret["whsec_".Length..], page, StringComparison.Ordinal);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
        Assert.NotNull(stored.ProtectedSecret);
        Assert.DoesNotContain(secret["whsec_".Length..], stored.ProtectedSecret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriptions_are_for_administrators_and_deleting_another_or_unknown_one_is_not_found()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var viewer = await app.AsAsync(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/admin/notifications/subscriptions", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/admin/notifications/announcements", new { title = "x" }, TestContext.Current.CancellationToken)).StatusCode);

        var created = await SubscribeAsync(admin, "InApp", NewEventType());
        var id = created.GetProperty("subscription").GetProperty("id").GetString();
        Assert.Equal(Demo.Jurisdiction, created.GetProperty("subscription").GetProperty("jurisdiction").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/notifications/subscriptions/{id}", TestContext.Current.CancellationToken)).StatusCode);
        await Http.ProblemAsync(await admin.DeleteAsync($"/api/v1/admin/notifications/subscriptions/{id}", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_api_key_has_no_bell()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var admin = await app.AsAsync(Demo.Admin);
        var issued = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "it-bell", role = "Viewer", jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken), HttpStatusCode.Created);
        using var system = app.Factory.WithApiKey(issued.GetProperty("key").GetString()!);

        await Http.ProblemAsync(await system.GetAsync("/api/v1/notifications/unread-count", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        await Http.ProblemAsync(await system.PutAsJsonAsync("/api/v1/me/language", new { language = "en" }, TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        await Http.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/me/language", new { language = "fr" }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_shell_header_shows_the_bell_with_the_unread_count()
    {
        var operatorClient = await app.AsAsync(Demo.Operator);
        var before = (await operatorClient.GetJsonAsync("/api/v1/notifications/unread-count")).GetProperty("unread").GetInt32();

        var page = await (await operatorClient.GetAsync("/", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var after = (await operatorClient.GetJsonAsync("/api/v1/notifications/unread-count")).GetProperty("unread").GetInt32();

        Assert.Contains("id=\"notify-bell\"", page, StringComparison.Ordinal);
        // The server's own jobs (deadline warnings, alerts) may notify the operator meanwhile: the bell shows the count
        // of the moment it was rendered, between the two readings.
        var shown = Regex.Match(page, "id=\"notify-count\"[^>]*>(\\d+)<");
        Assert.True(shown.Success, "no unread count in the bell");
        Assert.InRange(int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), before, after);
        Assert.Contains("_content/Mekong.Modules.Notifications/bell.js", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bell_nudge_reaches_only_its_user_even_one_who_knows_the_id_and_watches_its_topic()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await app.AsAsync(Demo.Operator);
        await app.AsAsync(Demo.Viewer);
        Guid operatorId, viewerId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MekongUser>>();
            operatorId = (await users.FindByEmailAsync(Demo.Operator))!.Id;
            viewerId = (await users.FindByEmailAsync(Demo.Viewer))!.Id;
        }

        await using var victim = app.Hub(Demo.Operator);
        await using var snoop = app.Hub(Demo.Viewer);
        var victimHears = Listen(victim);
        var snoopHears = Listen(snoop);
        await victim.StartAsync(cancellation);
        await snoop.StartAsync(cancellation);
        // The same jurisdiction; the snoop watches every name the operator's bell topic has had or has.
        foreach (var topic in new[] { $"notifications.user.{operatorId:N}", $"notifications.user.{operatorId}", Bell.Topic })
        {
            await snoop.InvokeAsync("Watch", topic, (string?)null, cancellation);
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            db.Subscriptions.Add(Subscription.ForPeople("it bell", Demo.Jurisdiction, "it.bell.only", Channel.InApp, "Operator", null, new Dictionary<string, string>(), "test", TimeProvider.System));
            await db.SaveChangesAsync(cancellation);
        }

        await CommitAsync(new Notice("it.bell.only", Demo.Jurisdiction, LocalizedText.Same("for the operator"), LocalizedText.Same(string.Empty)));

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(Patience);
        Assert.Equal(Bell.Topic, await victimHears.ReadAsync(wait.Token));

        // Then a marker to the snoop's own screens: a connection receives in the order the server sent, so had the
        // operator's nudge reached the snoop, it would come first.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ILiveChannel>().PublishToUserAsync(viewerId, "it.marker", new { }, cancellation);
        }

        Assert.Equal("it.marker", await snoopHears.ReadAsync(wait.Token));
    }

    private static System.Threading.Channels.ChannelReader<string> Listen(HubConnection connection)
    {
        var topics = System.Threading.Channels.Channel.CreateUnbounded<string>();
        connection.On<string, JsonElement>("update", (topic, _) => topics.Writer.TryWrite(topic));
        return topics.Reader;
    }

    private static string NewEventType() => $"it.t{Guid.NewGuid():N}"[..20] + ".done";

    private async Task<int> CommitAsync(Notice notice)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var queued = await scope.ServiceProvider.GetRequiredService<INotifications>().NotifyAsync(db, notice, CancellationToken.None);
        await db.SaveChangesAsync();
        return queued;
    }

    private static async Task<JsonElement> SubscribeAsync(HttpClient admin, string channel, string eventType, string? role = null, string? webhookUrl = null) =>
        await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
            new { name = $"it {channel} {eventType}", channel, eventType, role, webhookUrl }), HttpStatusCode.Created);

    private List<MimeKit.MimeMessage> MailsOf(string eventType) => app.Smtp.Messages().Where(m => (m.Subject ?? string.Empty).Contains(eventType, StringComparison.Ordinal)).ToList();

    private async Task<List<MimeKit.MimeMessage>> WaitForMailsAsync(string eventType, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && MailsOf(eventType).Count < count)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var mails = MailsOf(eventType);
        if (mails.Count != count)
        {
            var admin = await app.AsAsync(Demo.Admin);
            var log = await (await admin.GetAsync("/api/v1/admin/notifications/deliveries", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var monitor = scope.ServiceProvider.GetRequiredService<Mekong.Platform.Outbox.OutboxMonitor>();
            var stuck = (await monitor.ListAsync("dead", 20, CancellationToken.None)).Concat(await monitor.ListAsync("failed", 20, CancellationToken.None))
                .Select(m => $"{m.MessageType} {m.Status} after {m.Attempts}: {m.LastError}");
            Assert.Fail($"Expected {count} e-mails about {eventType}, got {mails.Count}. Outbox: {string.Join("; ", stuck)}. Delivery log: {log}");
        }

        return mails;
    }

    private static async Task<JsonElement> WaitForInboxAsync(HttpClient client, string title)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var list = await client.GetJsonAsync("/api/v1/notifications");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("title").GetString() == title)
                {
                    return item;
                }
            }

            await Task.Delay(150, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No in-app notification '{title}' arrived.");
        return default;
    }

    private static async Task<List<JsonElement>> WaitForLogAsync(HttpClient admin, string subscriptionId, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<JsonElement> items = [];
        while (DateTime.UtcNow < deadline)
        {
            items = [.. (await admin.GetJsonAsync($"/api/v1/admin/notifications/deliveries?subscription={subscriptionId}")).GetProperty("items").EnumerateArray()];
            if (items.Count >= count)
            {
                return items;
            }

            await Task.Delay(150, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Expected {count} logged attempts, got {items.Count}.");
        return items;
    }
}

public sealed class NotificationsTests_Sqlite(SqliteNotificationsApp app) : NotificationsTests(app), IClassFixture<SqliteNotificationsApp>;

public sealed class NotificationsTests_PostgreSql(PostgreSqlNotificationsApp app) : NotificationsTests(app), IClassFixture<PostgreSqlNotificationsApp>;
