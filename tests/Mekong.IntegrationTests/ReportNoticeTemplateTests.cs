using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.Notices;

namespace Mekong.IntegrationTests;

/// <summary>The notice templates (ADR 0022) as embedded, rendered with odd and ordinary data; no server.</summary>
public sealed class ReportNoticeTemplateTests
{
    private const string Base = "https://ioc.phusa.example";

    private static ReportSnapshot Snapshot(string status, string? previous, string? message = "Đã xử lý <xong> & sạch.", string? categoryVi = "Rác thải", string? agencyVi = "UBND Phường 1") => new(
        431, "90", "rubbish", categoryVi!, categoryVi is null ? null! : "Rubbish", status, previous, message, agencyVi, agencyVi is null ? null : "Ward 1 People's Committee",
        Guid.NewGuid(), new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("vi", "Phản ánh số 431 (Rác thải): Đã xử lý xong", "Theo dõi phản ánh: https://ioc.phusa.example/reports/431")]
    [InlineData("en", "Report 431 (Rubbish): Resolved", "Follow the report: https://ioc.phusa.example/reports/431")]
    public void A_resolution_names_the_number_category_state_message_and_both_links_in_the_readers_language(string language, string subject, string follow)
    {
        var values = NoticeTemplates.ResidentValues(Snapshot("resolved", "in_progress"), language, "Chi", null, "tok-EN_1", Base);
        var mail = NoticeTemplates.RenderEmail(NoticeTypes.ResidentTemplate, language, values);

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(follow, mail.Text, StringComparison.Ordinal);
        Assert.Contains("https://ioc.phusa.example/reports/431?t=tok-EN_1", mail.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ioc.phusa.example/reports/431?t=tok-EN_1\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Đã xử lý <xong> & sạch.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Đã xử lý &lt;xong&gt; &amp; sạch.", mail.Html, StringComparison.Ordinal);
        Assert.Contains(language == "en" ? "Dear Chi," : "Kính gửi Chi,", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.Text + mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_data_renders_what_there_is_and_no_rating_link_before_resolution_or_without_a_token()
    {
        // No category any more (its code stands in), no unit, no message, no name; a duplicate's reporter without token.
        var values = NoticeTemplates.ResidentValues(Snapshot("assigned", "received", message: null, categoryVi: null, agencyVi: null) with { CategoryVi = null!, CategoryEn = null! },
            "en", null, 77, null, null);
        var mail = NoticeTemplates.RenderEmail(NoticeTypes.ResidentTemplate, "en", values);

        Assert.Equal("Report 431 (rubbish): Assigned", mail.Subject);
        Assert.Contains("Dear resident,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Your report 77 was merged into this one", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Follow the report: /reports/431", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("?t=", mail.Text + mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Handled by", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Message:", mail.Text, StringComparison.Ordinal);

        var unknownState = NoticeTemplates.ResidentValues(Snapshot("escalated", "assigned"), "xx", null, null, "t", Base);
        Assert.Equal("Phản ánh số 431 (Rác thải): escalated", NoticeTemplates.RenderEmail(NoticeTypes.ResidentTemplate, "xx", unknownState).Subject);
    }

    [Fact]
    public void A_submission_tells_the_number_and_deadline_in_Vietnam_time_and_the_bell_has_both_languages()
    {
        var snapshot = Snapshot("received", null, message: null);
        var mail = NoticeTemplates.RenderEmail(NoticeTypes.ResidentTemplate, "vi", NoticeTemplates.ResidentValues(snapshot, "vi", null, null, "t", Base));
        Assert.Contains("Số phản ánh của bạn là 431; thời hạn xử lý đến 02/12/2026 08:30.", mail.Text, StringComparison.Ordinal);

        var (title, body) = NoticeTemplates.RenderInApp("resident-inapp", language => NoticeTemplates.ResidentValues(snapshot, language, null, null, "t", null));
        Assert.Equal("Phản ánh số 431: Đã tiếp nhận", title.Vi);
        Assert.Equal("Report 431: Received", title.En);
        Assert.Contains("02/12/2026 08:30", body.En, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outside_body_mail_has_the_place_details_and_public_photos_and_no_reporter()
    {
        var details = new OutsideBodyDetails("Điện lực Phù Sa", "Dây điện võng thấp", 9.6, 105.95, "Chợ Phường 1", "31117",
            new Dictionary<string, IReadOnlyList<string>> { ["pole_number"] = ["C123"] }, ["abc123"], PhotosArePublic: true, MediaUrl: null);
        foreach (var language in new[] { "vi", "en" })
        {
            var mail = NoticeTemplates.RenderEmail(NoticeTypes.OutsideBodyTemplate, language, NoticeTemplates.OutsideBodyValues(Snapshot("received", null), details, language, Base));
            Assert.Contains("431", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("Điện lực Phù Sa", mail.Text, StringComparison.Ordinal);
            Assert.Contains("Chợ Phường 1 — 9.6, 105.95", mail.Text, StringComparison.Ordinal);
            Assert.Contains("pole_number: C123", mail.Text, StringComparison.Ordinal);
            Assert.Contains("https://ioc.phusa.example/open311/v2/requests/431/media/abc123", mail.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", mail.Text + mail.Html, StringComparison.Ordinal);
        }

        var hidden = NoticeTemplates.OutsideBodyValues(Snapshot("received", null), details with { PhotosArePublic = false }, "vi", Base);
        Assert.Equal(string.Empty, hidden["photos"]);
    }

    [Theory]
    [InlineData("Hello {{nobody}}", "uses {{nobody}}")]
    [InlineData("{{#nobody}}x{{/nobody}}", "has a block {{#nobody}}")]
    [InlineData("{{#number}}open", "not closed")]
    public void A_broken_template_is_refused_with_a_message_naming_the_file_and_the_fault(string template, string fault)
    {
        var values = NoticeTemplates.ResidentValues(Snapshot("received", null), "vi", null, null, null, Base);
        var error = Assert.Throws<NoticeTemplateException>(() => NoticeTemplates.Fill(template, "resident.vi.txt", values, encode: false));
        Assert.Contains("resident.vi.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "vi")]
    [InlineData("", "vi")]
    [InlineData("vi_VN", "vi")]
    [InlineData("en", "en")]
    [InlineData("EN-us", "en")]
    [InlineData("en_GB", "en")]
    [InlineData("eng", "vi")]
    [InlineData("fr", "vi")]
    public void A_language_tag_is_English_or_Vietnamese(string? tag, string expected) => Assert.Equal(expected, ReportLanguage.Normalize(tag));

    [Fact]
    public void Only_a_change_a_resident_can_see_is_public()
    {
        var category = ServiceCategory.Define("90", "rubbish", "Rác", "Rubbish", "Môi trường", new ResponsibleUnit(ResponsibleKind.Department, "STNMT"), 24, TimeProvider.System);
        var (report, _) = Report.Submit(category, new ReportLocation(9.6, 105.95, null, null, "31117"), "Rác", new Dictionary<string, IReadOnlyList<string>>(), null,
            ReporterContact.None, "it", null, TimeProvider.System);
        report!.AddNote("officer", "chỉ nội bộ", TimeProvider.System);
        report.Acknowledge("officer", null, "ghi chú", TimeProvider.System);

        Assert.Equal([true, false, true], report.History.Select(h => h.IsPublic));
        Assert.Equal(ReportStatus.Acknowledged, report.Status);
        Assert.Throws<Mekong.Platform.Errors.DomainException>(() => report.AddNote("officer", " ", TimeProvider.System));
    }
}
