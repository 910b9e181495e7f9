using System.Collections.Concurrent;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.IntegrationTests.Smtp;

/// <summary>
/// E-mail over TLS for real (issue 13, "STARTTLS or TLS, authentication"): the aiosmtpd sink with a certificate made
/// here, requiring STARTTLS (or speaking TLS from the first byte) and AUTH. The server's certificate is trusted by no
/// one, so each test that delivers names it the way an operator would (its SHA-256 or its CA file); validation is
/// never switched off.
/// </summary>
public sealed class SmtpTlsTests : IDisposable
{
    private const string User = "mekong-relay";
    private const string Password = "S3cret-relay-pass!";

    private readonly DirectoryInfo _certificates = Directory.CreateTempSubdirectory("mekong-smtp-tls-");

    [Fact]
    public async Task An_email_goes_over_starttls_with_authentication_to_a_pinned_certificate()
    {
        var certificate = TestCertificates.SelfSigned(_certificates.FullName);
        await using var sink = await SmtpSink.StartAsync(tls: (certificate.CertPath, certificate.KeyPath), account: (User, Password));

        await Sender(sink, SmtpSecurity.StartTls, o => o.CertificateSha256 = certificate.Sha256).SendAsync(Message("over STARTTLS"), TestContext.Current.CancellationToken);

        Assert.Equal("over STARTTLS", Assert.Single(await sink.WaitForAsync(1, TimeSpan.FromSeconds(10))).Subject);
    }

    [Fact]
    public async Task An_email_goes_over_implicit_tls_with_authentication()
    {
        var certificate = TestCertificates.SelfSigned(_certificates.FullName);
        await using var sink = await SmtpSink.StartAsync(tls: (certificate.CertPath, certificate.KeyPath), account: (User, Password), implicitTls: true);

        await Sender(sink, SmtpSecurity.Tls, o => o.CertificateSha256 = certificate.Sha256).SendAsync(Message("over TLS"), TestContext.Current.CancellationToken);

        Assert.Equal("over TLS", Assert.Single(await sink.WaitForAsync(1, TimeSpan.FromSeconds(10))).Subject);
    }

    [Fact]
    public async Task A_certificate_signed_by_the_ca_named_in_the_settings_is_accepted()
    {
        var certificate = TestCertificates.SignedByPrivateCa(_certificates.FullName);
        await using var sink = await SmtpSink.StartAsync(tls: (certificate.CertPath, certificate.KeyPath), account: (User, Password));

        await Sender(sink, SmtpSecurity.StartTls, o =>
        {
            o.TrustedCaFile = certificate.CaPath;
            // The test CA publishes no revocation list, as a small private CA may not.
            o.CheckCertificateRevocation = false;
        }).SendAsync(Message("private CA"), TestContext.Current.CancellationToken);

        Assert.Equal("private CA", Assert.Single(await sink.WaitForAsync(1, TimeSpan.FromSeconds(10))).Subject);
    }

    [Fact]
    public async Task A_certificate_nobody_trusts_is_refused_before_the_password_is_sent()
    {
        var certificate = TestCertificates.SelfSigned(_certificates.FullName);
        var other = TestCertificates.SignedByPrivateCa(_certificates.FullName);
        await using var sink = await SmtpSink.StartAsync(tls: (certificate.CertPath, certificate.KeyPath), account: (User, Password));

        // Not pinned; pinned to another certificate; the wrong CA: each is a refused handshake, and nothing is sent.
        foreach (var configure in new Action<SmtpOptions>[] { _ => { }, o => o.CertificateSha256 = other.Sha256, o => (o.TrustedCaFile, o.CheckCertificateRevocation) = (other.CaPath, false) })
        {
            var error = await Assert.ThrowsAsync<MailKit.Security.SslHandshakeException>(() =>
                Sender(sink, SmtpSecurity.StartTls, configure).SendAsync(Message("must not arrive"), TestContext.Current.CancellationToken));
            Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(sink.Messages());
    }

    [Fact]
    public async Task A_server_that_does_not_offer_starttls_is_not_sent_the_password_in_clear_text()
    {
        await using var plain = await SmtpSink.StartAsync(account: (User, Password));

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            Sender(plain, SmtpSecurity.StartTls, _ => { }).SendAsync(Message("must not arrive"), TestContext.Current.CancellationToken));
        Assert.Empty(plain.Messages());
    }

    [Fact]
    public async Task A_wrong_password_is_retried_then_dead_lettered_with_a_clear_error_that_never_shows_the_password()
    {
        const string WrongPassword = "Wr0ng-but-secret-#" + "4711";
        var cancellation = TestContext.Current.CancellationToken;
        var certificate = TestCertificates.SelfSigned(_certificates.FullName);
        await using var sink = await SmtpSink.StartAsync(tls: (certificate.CertPath, certificate.KeyPath), account: (User, Password));
        var logs = new CapturingLoggerProvider();
        await using var storage = await TestStorage.CreateDemoAsync(DatabaseKind.Sqlite);
        await using var factory = new MekongAppFactory(storage, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Mekong:Smtp:Host"] = "127.0.0.1",
            ["Mekong:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mekong:Smtp:Security"] = "StartTls",
            ["Mekong:Smtp:UserName"] = User,
            ["Mekong:Smtp:Password"] = WrongPassword,
            ["Mekong:Smtp:CertificateSha256"] = certificate.Sha256,
            ["Mekong:Smtp:FromAddress"] = "ioc@phusa.example",
            ["Mekong:Outbox:PollInterval"] = "00:00:00.200",
            ["Mekong:Outbox:FirstRetryDelay"] = "00:00:00.300",
            ["Mekong:Outbox:MaxRetryDelay"] = "00:00:00.500",
            ["Mekong:Outbox:MaxAttempts"] = "3",
        });
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var eventType = $"it.t{Guid.NewGuid():N}"[..20] + ".mail";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            db.Subscriptions.Add(Subscription.ForPeople("it wrong password", Demo.Jurisdiction, eventType, Channel.Email, "Administrator", null,
                new Dictionary<string, string>(), "test", TimeProvider.System));
            await db.SaveChangesAsync(cancellation);
            // Ours, and the demo administrator's own e-mail subscription if it hears this event too.
            Assert.True(await scope.ServiceProvider.GetRequiredService<INotifications>()
                .NotifyAsync(db, new Notice(eventType, Demo.Jurisdiction, LocalizedText.Same("wrong password"), LocalizedText.Same("body")), cancellation) >= 1);
            await db.SaveChangesAsync(cancellation);
        }

        var dead = await WaitForDeadAsync(app.Services, cancellation);
        Assert.Equal(MessageTypes.Email, dead.MessageType);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("authentication", dead.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(SmtpOptions.Section + ":UserName", dead.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, dead.LastError, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var attempts = await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().DeliveryAttempts.AsNoTracking()
                .Where(a => a.EventType == eventType).OrderBy(a => a.Attempt).ToListAsync(cancellation);
            Assert.NotEmpty(attempts);
            Assert.All(attempts.GroupBy(a => a.MessageId), message => Assert.Equal([1, 2, 3], message.Select(a => a.Attempt).Order()));
            Assert.All(attempts, a => Assert.Equal(DeliveryOutcome.Failed, a.Outcome));
            Assert.All(attempts, a => Assert.DoesNotContain(WrongPassword, a.Error ?? string.Empty, StringComparison.Ordinal));
        }

        // The failure is in the log (each attempt and the dead letter), the password nowhere in it.
        var logged = logs.Text();
        Assert.Contains("dead-lettered", logged, StringComparison.Ordinal);
        Assert.Contains("failed on attempt", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, logged, StringComparison.Ordinal);
        Assert.Empty(sink.Messages());
    }

    private static async Task<OutboxMessageView> WaitForDeadAsync(IServiceProvider services, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = services.CreateAsyncScope();
            var dead = await scope.ServiceProvider.GetRequiredService<OutboxMonitor>().ListAsync(OutboxStatus.Dead, 10, cancellation);
            if (dead.FirstOrDefault(m => m.MessageType == MessageTypes.Email) is { } message)
            {
                return message;
            }

            await Task.Delay(200, cancellation);
        }

        Assert.Fail("The e-mail was not dead-lettered within 60 s.");
        return null!;
    }

    private static EmailSender Sender(SmtpSink sink, SmtpSecurity security, Action<SmtpOptions> configure)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = sink.Port,
            Security = security,
            UserName = User,
            Password = Password,
            FromAddress = "ioc@phusa.example",
            TimeoutSeconds = 15,
        };
        configure(options);
        Assert.True(new SmtpOptionsValidator().Validate(null, options).Succeeded);
        return new EmailSender(Options.Create(options));
    }

    private static MimeMessage Message(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mekong IOC", "ioc@phusa.example"));
        message.To.Add(new MailboxAddress("Trực ban", "duty@phusa.example"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Xin chào." };
        return message;
    }

    public void Dispose() => _certificates.Delete(recursive: true);

    /// <summary>Every log line the server writes, with its exception, as text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text() => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
