using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.Notices;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Mekong.IntegrationTests;

/// <summary>
/// Report notices (ADR 0022) on a real server with the loopback SMTP server and HTTP receiver: what the report's save
/// writes to the outbox for each change and recipient, and what arrives. Every test makes its own reports with
/// addresses of its own and reads only the messages of those.
/// </summary>
public abstract class ReportNoticesTests(NotificationsFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_public_change_writes_one_message_per_recipient_an_internal_note_none_and_a_second_save_no_more()
    {
        var email = NewAddress();
        var operatorId = await UserIdAsync(Demo.Operator);
        var report = await SubmitAsync(email, submittedBy: operatorId.ToString());

        // Submission: the reporter's e-mail and, signed in as the operator when reporting, the operator's bell.
        var submitted = await MessagesOfAsync(report.History[0].Id);
        Assert.Equal(["notify.inapp", NoticeTypes.Email], submitted.Select(m => m.MessageType).Order(StringComparer.Ordinal));
        Assert.Equal(2, submitted.Select(m => m.IdempotencyKey).Distinct().Count());

        var (note, acknowledged) = await ChangeAsync(report.Id, r =>
        {
            r.AddNote("it:officer", "Gọi lại cho tổ dân phố.", TimeProvider.System);
            r.Acknowledge("it:officer", "Đã tiếp nhận, sẽ xử lý trong ngày.", "nội bộ", TimeProvider.System);
        });

        Assert.Empty(await MessagesOfAsync(note));
        var ack = await MessagesOfAsync(acknowledged);
        Assert.Equal(2, ack.Count);
        var mail = Assert.Single(ack, m => m.MessageType == NoticeTypes.Email);
        Assert.Contains("Đã tiếp nhận, sẽ xử lý trong ngày.", mail.PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("nội bộ", mail.PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Gọi lại", string.Concat(ack.Select(m => m.PayloadJson)), StringComparison.Ordinal);

        // Saving the same report again, here and in a new context, makes no second notice of a change already told.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var again = await db.Reports.Include(r => r.History).SingleAsync(r => r.Id == report.Id, Ct);
            db.Entry(again).Property(r => r.UpdatedAt).IsModified = true;
            await db.SaveChangesAsync(Ct);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(2, (await MessagesOfAsync(report.History[0].Id)).Count);
        Assert.Equal(2, (await MessagesOfAsync(acknowledged)).Count);
    }

    [Fact]
    public async Task After_a_merge_a_change_of_the_original_reaches_both_reporters_once_each()
    {
        var (first, second) = (NewAddress(), NewAddress());
        var original = await SubmitAsync(first);
        var duplicate = await SubmitAsync(second);
        // A third report by the original's reporter (the address written differently): told once, as the reporter.
        var again = await SubmitAsync(first.ToUpperInvariant());

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var reports = await db.Reports.Include(r => r.History).Where(r => r.Id == original.Id || r.Id == duplicate.Id || r.Id == again.Id).ToListAsync(Ct);
            var target = reports.Single(r => r.Id == original.Id);
            reports.Single(r => r.Id == duplicate.Id).MarkDuplicateOf(target, "it:officer", null, null, TimeProvider.System);
            reports.Single(r => r.Id == again.Id).MarkDuplicateOf(target, "it:officer", null, null, TimeProvider.System);
            await db.SaveChangesAsync(Ct);
            var merged = await MessagesOfAsync(reports.Single(r => r.Id == duplicate.Id).History[^1].Id);
            Assert.Contains(second, Assert.Single(merged).PayloadJson, StringComparison.Ordinal);
        }

        var (assigned, _) = await ChangeAsync(original.Id, r =>
        {
            r.Assign(r.Unit!, new AgencyName(r.AgencyVi!, r.AgencyEn!), "it:officer", null, null, TimeProvider.System);
            r.StartWork("it:officer", null, null, TimeProvider.System);
        });
        var (done, _) = await ChangeAsync(original.Id, r => r.Resolve("it:officer", "Đã thu gom rác.", null, TimeProvider.System));

        Assert.Equal(2, (await MessagesOfAsync(assigned)).Count);
        var told = await MessagesOfAsync(done);
        Assert.Equal(2, told.Count);
        var toFirst = Payload(Assert.Single(told, m => m.PayloadJson.Contains(first, StringComparison.Ordinal)));
        var toSecond = Payload(Assert.Single(told, m => m.PayloadJson.Contains(second, StringComparison.Ordinal)));
        Assert.Equal(original.Token, toFirst.GetProperty("reportToken").GetString());
        Assert.Equal(JsonValueKind.Null, toFirst.GetProperty("ownReportId").ValueKind);
        // The duplicate's reporter hears of the original by their own number, without the original's private token.
        Assert.Equal(duplicate.Id, toSecond.GetProperty("ownReportId").GetInt64());
        Assert.Equal(JsonValueKind.Null, toSecond.GetProperty("reportToken").ValueKind);
        Assert.Equal(original.Id, toSecond.GetProperty("report").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_change_rolled_back_leaves_no_message_and_a_committed_one_leaves_its_messages()
    {
        var report = await SubmitAsync(NewAddress());
        Guid changeId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var tracked = await db.Reports.Include(r => r.History).SingleAsync(r => r.Id == report.Id, Ct);
            tracked.Reject("it:officer", "Không thuộc thẩm quyền.", null, TimeProvider.System);
            changeId = tracked.History[^1].Id;
            await db.SaveChangesAsync(Ct);
            Assert.Single(await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.IdempotencyKey.StartsWith($"reports:{changeId:N}:")).ToListAsync(Ct));
            await transaction.RollbackAsync(Ct);
        }

        Assert.Empty(await MessagesOfAsync(changeId));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            Assert.Equal(ReportStatus.Received, (await db.Reports.AsNoTracking().SingleAsync(r => r.Id == report.Id, Ct)).Status);
        }
    }

    [Fact]
    public async Task The_reporter_gets_mail_in_their_language_with_the_follow_link_and_at_resolution_the_rating_link()
    {
        var english = NewAddress();
        var vietnamese = NewAddress();
        var admin = await app.AsAsync(Demo.Admin);
        var key = (await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"it-notices-{Guid.NewGuid():N}", role = "Viewer", jurisdiction = Demo.Jurisdiction }, Ct),
            HttpStatusCode.Created)).GetProperty("key").GetString()!;

        // Through Open311 with the client's locale: the reporter reads English.
        using var client = app.Factory.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key,
            ["service_code"] = "rubbish",
            ["lat"] = "9.6",
            ["long"] = "105.95",
            ["description"] = "Rubbish at the market gate",
            ["email"] = english,
            ["first_name"] = "Jane",
            ["locale"] = "en_GB",
        });
        var posted = await client.PostAsync("/open311/v2/requests.json", form, Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var token = (await posted.Content.ReadFromJsonAsync<JsonElement>(Ct))[0].GetProperty("token").GetString()!;
        var id = await IdOfTokenAsync(token);

        var received = Assert.Single(await MailsToAsync(english, 1));
        Assert.StartsWith($"Report {id} (", received.Subject, StringComparison.Ordinal);
        Assert.EndsWith(": Received", received.Subject, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Dear Jane,", received.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{NotificationsFixture.PublicBaseUrl}/reports/{id}\n", received.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{NotificationsFixture.PublicBaseUrl}/reports/{id}\"", received.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("?t=", received.TextBody, StringComparison.Ordinal);

        await ChangeAsync(id, r =>
        {
            r.Assign(r.Unit!, new AgencyName(r.AgencyVi!, r.AgencyEn!), "it:officer", null, null, TimeProvider.System);
            r.StartWork("it:officer", null, null, TimeProvider.System);
            r.Resolve("it:officer", "The bins were emptied <today> & the gate swept.", null, TimeProvider.System);
        });
        var mails = await MailsToAsync(english, 4);
        var resolved = Assert.Single(mails, m => m.Subject!.EndsWith(": Resolved", StringComparison.Ordinal));
        Assert.Contains("The bins were emptied <today> & the gate swept.", resolved.TextBody, StringComparison.Ordinal);
        Assert.Contains("The bins were emptied &lt;today&gt; &amp; the gate swept.", resolved.HtmlBody, StringComparison.Ordinal);
        var rating = $"{NotificationsFixture.PublicBaseUrl}/reports/{id}?t={Uri.EscapeDataString(token)}";
        Assert.Contains(rating, resolved.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{rating}\"", resolved.HtmlBody, StringComparison.Ordinal);
        Assert.Single(mails, m => m.Subject!.EndsWith(": In progress", StringComparison.Ordinal));

        // Through the handler with no language: Vietnamese.
        var local = await SubmitAsync(vietnamese, firstName: null);
        var thu = Assert.Single(await MailsToAsync(vietnamese, 1));
        Assert.StartsWith($"Phản ánh số {local.Id} (", thu.Subject, StringComparison.Ordinal);
        Assert.EndsWith(": Đã tiếp nhận", thu.Subject, StringComparison.Ordinal);
        Assert.Contains("Kính gửi bạn,", thu.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Số phản ánh của bạn là {local.Id}", thu.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\">", thu.HtmlBody, StringComparison.Ordinal);

        // Delivered once each: a few more dispatcher rounds bring no repeat.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(4, Mails(english).Count);
        Assert.Single(Mails(vietnamese));
    }

    [Fact]
    public async Task An_outside_body_gets_the_report_once_by_mail_and_signed_webhooks_without_the_reporters_personal_data()
    {
        var admin = await app.AsAsync(Demo.Admin);
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/notifications/subscriptions",
            new { name = "Viễn thông (it)", channel = "Webhook", eventType = "reports.routed", webhookUrl = receiver.Url.AbsoluteUri }, Ct), HttpStatusCode.Created);
        receiver.Secret = subscription.GetProperty("webhookSecret").GetString();
        var endpoint = Guid.Parse(subscription.GetProperty("subscription").GetProperty("id").GetString()!);
        var bodyAddress = NewAddress();
        var category = await OutsideCategoryAsync(bodyAddress, endpoint);
        const string Phone = "0912000111";
        var reporter = NewAddress();

        var report = await SubmitAsync(reporter, serviceCode: category, phone: Phone, description: "Cáp viễn thông rơi xuống lòng đường", firstName: "Xuyến");

        var hook = Assert.Single(await receiver.WaitForAsync(1, Patience));
        Assert.True(hook.SignatureValid, $"The receiver could not verify {hook.Signature}.");
        using (var body = JsonDocument.Parse(hook.Body))
        {
            Assert.Equal("reports.routed", body.RootElement.GetProperty("type").GetString());
            var data = body.RootElement.GetProperty("data");
            Assert.Equal(report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), data.GetProperty("service_request_id").GetString());
            Assert.Equal(category, data.GetProperty("service_code").GetString());
            Assert.Equal("Cáp viễn thông rơi xuống lòng đường", data.GetProperty("description").GetString());
            Assert.Equal($"{NotificationsFixture.PublicBaseUrl}/reports/{report.Id}", data.GetProperty("url").GetString());
        }

        var toBody = Assert.Single(await MailsToAsync(bodyAddress, 1));
        Assert.Contains($"{report.Id}", toBody.Subject, StringComparison.Ordinal);
        Assert.Contains("Cáp viễn thông rơi xuống lòng đường", toBody.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Viễn thông thử nghiệm", toBody.TextBody, StringComparison.Ordinal);
        foreach (var text in new[] { hook.Body, toBody.TextBody, toBody.HtmlBody })
        {
            Assert.DoesNotContain(Phone, text, StringComparison.Ordinal);
            Assert.DoesNotContain(reporter, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Xuyến", text, StringComparison.Ordinal);
        }

        // A later public change goes to the webhook as reports.updated; the body's e-mail came once.
        await ChangeAsync(report.Id, r => r.Acknowledge("it:officer", "Đơn vị đã nhận.", null, TimeProvider.System));
        var hooks = await receiver.WaitForAsync(2, Patience);
        var update = hooks.Single(h => h.Id != hook.Id);
        Assert.True(update.SignatureValid);
        Assert.Equal("reports.updated", JsonDocument.Parse(update.Body).RootElement.GetProperty("type").GetString());
        Assert.Contains("Đơn vị đã nhận.", update.Body, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Single(Mails(bodyAddress));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A_broken_template_and_an_outside_body_without_address_are_dead_letters_with_the_reason_and_the_change_is_kept()
    {
        var snapshot = new ReportSnapshot(1, Demo.Jurisdiction, "rubbish", "Rác", "Rubbish", "received", null, null, null, null, Guid.NewGuid(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var key = $"it:{Guid.NewGuid():N}";
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(db, NoticeTypes.Email,
                new NoticeEmailPayload("no-such-template", "x@mekong", NoticeTypes.ResidentEvent, NewAddress(), null, "en", snapshot), key);
            await db.SaveChangesAsync(Ct);
        }

        var broken = await DeadAsync(m => m.IdempotencyKey == key);
        Assert.Contains("no-such-template.en.txt", broken.LastError, StringComparison.Ordinal);
        Assert.Contains("does not exist", broken.LastError, StringComparison.Ordinal);

        var category = await OutsideCategoryAsync(null, null);
        var report = await SubmitAsync(NewAddress(), serviceCode: category);
        var orphan = await DeadAsync(m => m.IdempotencyKey == $"reports:{report.History[0].Id:N}:body:none");
        Assert.Contains("tell it by hand", orphan.LastError, StringComparison.Ordinal);
        Assert.Equal(NoticeTypes.Failed, orphan.MessageType);
        // The report is kept, and its reporter was told as usual.
        Assert.Single(await MailsToAsync(report.Reporter.Email!, 1));
    }

    [Fact]
    public async Task The_notifications_screen_lists_the_report_notices_with_their_templates()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var page = await admin.GetStringAsync("/admin/notifications", Ct);

        Assert.Contains("id=\"direct-notices-table\"", page, StringComparison.Ordinal);
        Assert.Contains("Modules/Reports/Features/Notices/Templates/resident.{vi,en}.{txt,html}", page, StringComparison.Ordinal);
        Assert.Contains("Modules/Reports/Features/Notices/Templates/outside-body.vi.{txt,html}", page, StringComparison.Ordinal);
        Assert.Contains("<code>reports.routed</code>", page, StringComparison.Ordinal);
    }

    private static string NewAddress() => $"r-{Guid.NewGuid():N}@residents.example";

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().ListAsync(new UserQuery(Demo.Jurisdiction), Ct);
        return users.Single(u => u.Email == email).Id;
    }

    private async Task<Report> SubmitAsync(string? email, string submittedBy = "it:citizen", string serviceCode = "rubbish", string? phone = null, string? description = null, string? firstName = "Chi")
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<SubmitReportHandler>();
        var (report, refusal) = await handler.HandleAsync(new SubmitReportRequest(Demo.Jurisdiction, serviceCode, 9.6, 105.95, null, null, description ?? "Rác tràn ra đường",
            new Dictionary<string, IReadOnlyList<string>>(), null, [], new ReporterContact(firstName, null, phone, email, null, null), submittedBy, MayUseNonPublicCategories: true), Ct);
        Assert.True(report is not null, string.Join("; ", refusal?.Problems ?? []));
        return report;
    }

    /// <summary>Applies <paramref name="change"/> to the report and saves; returns the ids of the first and last history entries it added.</summary>
    private async Task<(Guid First, Guid Last)> ChangeAsync(long id, Action<Report> change)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var report = await db.Reports.Include(r => r.History).SingleAsync(r => r.Id == id, Ct);
        var before = report.History.Count;
        change(report);
        await db.SaveChangesAsync(Ct);
        return (report.History[before].Id, report.History[^1].Id);
    }

    private async Task<string> OutsideCategoryAsync(string? email, Guid? webhook)
    {
        var code = "it-body-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        db.Categories.Add(ServiceCategory.Define(Demo.Jurisdiction, code, "Cáp viễn thông (thử)", "Telecom cable (test)", "Điện",
            new ResponsibleUnit(ResponsibleKind.OutsideBody, "Viễn thông thử nghiệm"), 48, TimeProvider.System, outsideContact: email, outsideWebhookId: webhook));
        await db.SaveChangesAsync(Ct);
        return code;
    }

    private async Task<long> IdOfTokenAsync(string token)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.Where(r => r.Token == token).Select(r => r.Id).SingleAsync(Ct);
    }

    private async Task<List<OutboxMessage>> MessagesOfAsync(Guid changeId)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var prefix = $"reports:{changeId:N}:";
        return await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.IdempotencyKey.StartsWith(prefix)).ToListAsync(Ct);
    }

    private async Task<OutboxMessage> DeadAsync(System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> which)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var message = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Set<OutboxMessage>().AsNoTracking().Where(which).SingleOrDefaultAsync(Ct);
            if (message is { State: OutboxState.Dead })
            {
                return message;
            }

            await Task.Delay(150, Ct);
        }

        Assert.Fail("The message was not dead-lettered in time.");
        return null!;
    }

    private static JsonElement Payload(OutboxMessage message) => JsonDocument.Parse(message.PayloadJson).RootElement;

    private List<MimeMessage> Mails(string address) =>
        app.Smtp.Messages().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    private async Task<List<MimeMessage>> MailsToAsync(string address, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && Mails(address).Count < count)
        {
            await Task.Delay(100, Ct);
        }

        var mails = Mails(address);
        Assert.True(mails.Count == count, $"Expected {count} e-mail(s) to {address}, got {mails.Count}.");
        return mails;
    }
}

public sealed class ReportNoticesTests_Sqlite(SqliteNotificationsApp app) : ReportNoticesTests(app), IClassFixture<SqliteNotificationsApp>;

public sealed class ReportNoticesTests_PostgreSql(PostgreSqlNotificationsApp app) : ReportNoticesTests(app), IClassFixture<PostgreSqlNotificationsApp>;
