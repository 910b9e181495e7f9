using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Domain;
using Mekong.Platform.Notifications;

namespace Mekong.UnitTests.Notifications;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks reference vector (the spec's libraries test against it).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Signs_the_reference_vector_of_the_specification() =>
        Assert.Equal(Expected, WebhookSignature.Sign(Secret, Id, Timestamp, Body));

    [Fact]
    public void Verifies_the_vector_and_any_one_of_several_signatures() =>
        Assert.True(WebhookSignature.Verify(Secret, Id, "1614265330", "v1,bm90IGl0 " + Expected, Body, Then, TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData("{\"test\": 2432232315}", "1614265330", Secret)]
    [InlineData(Body, "1614265331", Secret)]
    [InlineData(Body, "1614265330", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Refuses_a_changed_body_timestamp_or_secret(string body, string timestamp, string secret) =>
        Assert.False(WebhookSignature.Verify(secret, Id, timestamp, Expected, body, Then, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Refuses_an_old_timestamp_and_missing_headers()
    {
        Assert.False(WebhookSignature.Verify(Secret, Id, "1614265330", Expected, Body, Then.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, null, "1614265330", Expected, Body, Then, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, Id, null, Expected, Body, Then, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, Id, "1614265330", null, Body, Then, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void New_secrets_are_whsec_and_32_random_bytes()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();
        Assert.NotEqual(a, b);
        Assert.True(WebhookSignature.IsValidSecret(a));
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.False(WebhookSignature.IsValidSecret("whsec_" + Convert.ToBase64String(new byte[8])));
        Assert.False(WebhookSignature.IsValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}

public sealed class EmailTemplateTests
{
    [Fact]
    public void Vietnamese_and_English_layouts_carry_the_same_message_html_encoded_in_the_html_part_only()
    {
        var (subjectVi, htmlVi, textVi) = EmailTemplates.Render("vi", "Chị Lan", "Ngập <sâu>", "Dòng 1\nA & B", "https://ioc.example/ops", "reports.flood");
        var (_, htmlEn, textEn) = EmailTemplates.Render("en", "Ms Lan", "Deep <flood>", "Line 1\nA & B", null, "reports.flood");

        Assert.Equal("Ngập <sâu>", subjectVi);
        Assert.Contains("<html lang=\"vi\">", htmlVi, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Chị Lan", htmlVi, StringComparison.Ordinal);
        Assert.Contains("Ngập &lt;sâu&gt;", htmlVi, StringComparison.Ordinal);
        Assert.Contains("Dòng 1<br>A &amp; B", htmlVi, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ioc.example/ops\"", htmlVi, StringComparison.Ordinal);
        Assert.Contains("Dòng 1\nA & B", textVi, StringComparison.Ordinal);
        Assert.Contains("Xem trên Mekong: https://ioc.example/ops", textVi, StringComparison.Ordinal);

        Assert.Contains("<html lang=\"en\">", htmlEn, StringComparison.Ordinal);
        Assert.Contains("Dear Ms Lan", textEn, StringComparison.Ordinal);
        Assert.DoesNotContain("Open in Mekong", htmlEn, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", htmlEn + textEn + htmlVi + textVi, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_has_a_plain_text_and_an_html_alternative_and_the_stable_message_id()
    {
        var message = EmailTemplates.Compose(new MimeKit.MailboxAddress("Mekong IOC", "ioc@phusa.example"), new MimeKit.MailboxAddress("Lan", "lan@phusa.example"),
            "abc.def@mekong", "en", "Title", "Body", null, "x.y");

        Assert.Equal("abc.def@mekong", message.MessageId);
        Assert.Equal("en", message.Headers["Content-Language"]);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.TextBody);
    }
}

public sealed class SubscriptionMatchingTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static Notice Flood(string jurisdiction = "90", string? department = "SXD") =>
        new("reports.assigned", jurisdiction, LocalizedText.Same("t"), LocalizedText.Same("b"))
        {
            DepartmentCode = department,
            Keys = new Dictionary<string, string> { ["category"] = "flooding", ["priority"] = "high" },
        };

    private static Subscription People(string eventType, string? jurisdiction = "90", string? department = null, Dictionary<string, string>? filters = null) =>
        Subscription.ForPeople("s", jurisdiction, eventType, Channel.InApp, null, department, filters ?? [], "t", Clock);

    [Theory]
    [InlineData("reports.assigned", true)]
    [InlineData("reports.*", true)]
    [InlineData("*", true)]
    [InlineData("reports.closed", false)]
    [InlineData("report.*", false)]
    public void Event_types_match_exactly_by_prefix_or_all(string pattern, bool matches) =>
        Assert.Equal(matches, People(pattern).Matches(Flood()));

    [Fact]
    public void Jurisdiction_department_and_filters_narrow_what_is_heard()
    {
        Assert.True(People("*", jurisdiction: null).Matches(Flood("91")));
        Assert.False(People("*").Matches(Flood("91")));
        Assert.True(People("*", department: "SXD").Matches(Flood()));
        Assert.False(People("*", department: "SYT").Matches(Flood()));
        Assert.False(People("*", department: "SXD").Matches(Flood(department: null)));
        Assert.True(People("*", filters: new() { ["category"] = "flooding" }).Matches(Flood()));
        Assert.False(People("*", filters: new() { ["category"] = "fire" }).Matches(Flood()));
        Assert.False(People("*", filters: new() { ["district"] = "001" }).Matches(Flood()));
    }

    [Theory]
    [InlineData("reports.assigned", true)]
    [InlineData("reports.*", true)]
    [InlineData("*", true)]
    [InlineData("Reports.assigned", false)]
    [InlineData("reports", false)]
    [InlineData("reports.**", false)]
    [InlineData(".*", false)]
    public void Patterns_are_checked(string pattern, bool valid) => Assert.Equal(valid, Subscription.IsValidPattern(pattern));
}

public sealed class SmtpOptionsTests
{
    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(SmtpOptions options) => new SmtpOptionsValidator().Validate(null, options);

    [Fact]
    public void No_host_means_no_email_and_is_valid() => Assert.True(Validate(new SmtpOptions()).Succeeded);

    [Fact]
    public void A_password_in_clear_text_to_another_machine_is_refused_naming_the_key()
    {
        var result = Validate(new SmtpOptions { Host = "mail.province.gov.vn", Security = SmtpSecurity.None, UserName = "ioc", Password = "secret-value", FromAddress = "ioc@province.gov.vn" });

        Assert.True(result.Failed);
        Assert.Contains("Mekong:Smtp:Security", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Validate(new SmtpOptions { Host = "127.0.0.1", Security = SmtpSecurity.None, UserName = "ioc", Password = "p", FromAddress = "ioc@province.gov.vn" }).Succeeded);
    }

    [Fact]
    public void Missing_sender_half_credentials_and_bad_fingerprints_are_named()
    {
        var result = Validate(new SmtpOptions { Host = "mail.example", Port = 0, UserName = "ioc", CertificateSha256 = "abc" });

        Assert.Contains("Mekong:Smtp:Port", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mekong:Smtp:FromAddress", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mekong:Smtp:UserName", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mekong:Smtp:CertificateSha256", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_do_not_print_the_password() =>
        Assert.DoesNotContain("hunter2", new SmtpOptions { Password = "hunter2" }.ToString(), StringComparison.Ordinal);
}
