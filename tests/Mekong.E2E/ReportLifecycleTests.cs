using System.Text.RegularExpressions;
using MimeKit;

namespace Mekong.E2E;

/// <summary>
/// Issue 14, "done when", end to end through the real screens and a real SMTP server on loopback: a resident reports
/// a broken street light from a phone; the department's officer acknowledges it, assigns it to the department, starts
/// work and resolves it with a message to the resident in the queue screens; the resident's e-mail arrives with that
/// message and a link, and the link lets the resident rate the result on the phone.
/// </summary>
public sealed partial class ReportLifecycleTests(MekongServer server)
{
    private static readonly TimeSpan MailWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_report_from_a_phone_resolved_in_the_queue_reaches_the_resident_by_e_mail_and_can_be_rated()
    {
        var resident = $"minh.{Guid.NewGuid():N}@residents.example";
        var marker = "Đèn đường trước số 12 tắt " + Guid.NewGuid().ToString("N")[..8];
        var message = "Đã thay bóng đèn, đèn sáng lại từ tối nay. " + Guid.NewGuid().ToString("N")[..6];

        // 1. The resident, on a phone, in Vietnamese: the category, the place by the phone's location, a required attribute.
        var phone = await server.NewPageAsync(390, 844, touch: true);
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(new() { Latitude = 9.6f + (float)(Random.Shared.NextDouble() * 0.01), Longitude = 105.95f + (float)(Random.Shared.NextDouble() * 0.01) });
        await phone.GotoAsync("/reports/new");
        await phone.ClickAsync("a.category-choice[data-category=street-light]");
        await phone.WaitForSelectorAsync("#report-form[data-started=true]");
        await phone.ClickAsync("#use-location");
        await phone.WaitForFunctionAsync("() => document.querySelector('#lat').value !== ''");
        await phone.SelectOptionAsync("#attr-light_state", "off");
        await phone.FillAsync("#description", marker);
        await phone.FillAsync("#email", resident);
        await phone.ClickAsync("#send-report");
        await phone.WaitForURLAsync(url => url.Contains("sent=1", StringComparison.Ordinal));
        var number = (await phone.InnerTextAsync("#report-title")).Split(' ')[^1];
        Assert.Equal("Đã tiếp nhận", (await phone.InnerTextAsync("#report-status")).Trim());

        // The acknowledgement of receipt is the resident's first e-mail.
        var received = await MailAsync(resident, m => (m.Subject ?? string.Empty).StartsWith($"Phản ánh số {number} (", StringComparison.Ordinal) && Text(m).Contains("Chúng tôi đã tiếp nhận", StringComparison.Ordinal));
        Assert.Contains(number, Text(received), StringComparison.Ordinal);

        // 2. The officer of the Department of Construction, to whom street lights are routed, works the case in the queue screens.
        var desk = await server.NewPageAsync();
        await MekongServer.SignInAsync(desk, "officer@phusa.example", "/reports/queue");
        await desk.GotoAsync($"/reports/queue/{number}");
        await desk.WaitForSelectorAsync("#case-history");
        Assert.Contains(marker, await desk.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(resident, await desk.InnerTextAsync("main"), StringComparison.Ordinal); // officers see who reported

        await ChangeStatusAsync(desk, "acknowledged", publicMessage: null);
        await desk.SelectOptionAsync("#a-kind", "department");
        await desk.FillAsync("#a-code", "SXD");
        await desk.ClickAsync("#assign-form button[type=submit]");
        await desk.WaitForSelectorAsync("#case-status[data-status=assigned]");
        await ChangeStatusAsync(desk, "in_progress", publicMessage: null);
        await ChangeStatusAsync(desk, "resolved", message, internalNote: "Thay bóng LED 100W, cột số 12");
        var history = await desk.InnerTextAsync("#case-history");
        Assert.Contains(message, history, StringComparison.Ordinal);
        Assert.Contains("Thay bóng LED 100W", history, StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(desk, "lifecycle-resolved");

        // 3. The resident's e-mail says it is resolved, with the officer's message but not the internal note, and a link to rate.
        var resolved = await MailAsync(resident, m => Text(m).Contains(message, StringComparison.Ordinal));
        Assert.StartsWith($"Phản ánh số {number} (", resolved.Subject, StringComparison.Ordinal);
        Assert.EndsWith("Đã xử lý xong", resolved.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Thay bóng LED", Text(resolved), StringComparison.Ordinal);
        Assert.DoesNotContain("Thay bóng LED", resolved.HtmlBody ?? string.Empty, StringComparison.Ordinal);
        var rateLink = RateLink().Match(Text(resolved));
        Assert.True(rateLink.Success, "The resolution e-mail has no rating link:\n" + Text(resolved));

        // 4. The link opens the report on the phone with the reporter's actions; the resident rates the result.
        await phone.GotoAsync(rateLink.Groups["path"].Value);
        Assert.Equal("Đã xử lý xong", (await phone.InnerTextAsync("#report-status")).Trim());
        Assert.Contains(message, await phone.InnerTextAsync("#report-history"), StringComparison.Ordinal);
        Assert.DoesNotContain("Thay bóng LED", await phone.InnerTextAsync("main"), StringComparison.Ordinal);
        await phone.CheckAsync("#rating-form input[name=rating][value='5']");
        await phone.FillAsync("#rating-comment", "Cảm ơn, sửa rất nhanh.");
        await phone.ClickAsync("#rating-form button[type=submit]");
        await phone.WaitForSelectorAsync("#rated");
        await MekongServer.ScreenshotAsync(phone, "lifecycle-rated");

        await desk.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    private static async Task ChangeStatusAsync(Microsoft.Playwright.IPage page, string status, string? publicMessage, string? internalNote = null)
    {
        await page.SelectOptionAsync("#s-status", status);
        if (publicMessage is not null)
        {
            await page.FillAsync("#s-public", publicMessage);
        }

        if (internalNote is not null)
        {
            await page.FillAsync("#s-note", internalNote);
        }

        await page.ClickAsync("#status-submit");
        await page.WaitForSelectorAsync($"#case-status[data-status={status}]");
    }

    /// <summary>Waits for the resident's message that <paramref name="match"/> picks out of what the SMTP server received.</summary>
    private async Task<MimeMessage> MailAsync(string to, Func<MimeMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + MailWithin;
        while (DateTime.UtcNow < deadline)
        {
            var found = server.Mail.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && match(m));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        var mine = server.Mail.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == to)).Select(m => m.Subject);
        Assert.Fail($"No matching e-mail to {to} within {MailWithin.TotalSeconds} s; received for them: [{string.Join(" | ", mine)}]\n{server.ServerLog()}");
        return null!;
    }

    private static string Text(MimeMessage message) => message.TextBody ?? string.Empty;

    [GeneratedRegex(@"(?<path>/reports/\d+\?t=[^\s]+)")]
    private static partial Regex RateLink();
}
