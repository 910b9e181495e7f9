using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;

namespace Mekong.IntegrationTests;

/// <summary>The case rules in the report itself (no database): status by code, notes, merges, the deadline marks.</summary>
public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 1, 0, 0, TimeSpan.Zero);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static Report New(Clock clock)
    {
        var category = ServiceCategory.Define("90", "pothole", "Ổ gà", "Pothole", "Giao thông", new ResponsibleUnit(ResponsibleKind.Department, "SXD"), 24, clock);
        var (report, problems) = Report.Submit(category, new ReportLocation(9.6, 105.9, null, null, "90101"), "Ổ gà", new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "t", new AgencyName("Sở Xây dựng", "DoC"), clock);
        Assert.Empty(problems);
        return report!;
    }

    [Fact]
    public void A_note_records_staff_text_without_moving_the_report_or_its_public_time()
    {
        var clock = new Clock(Start);
        var report = New(clock);
        clock.Now = Start.AddHours(1);

        report.AddNote("u1", "  gọi lại  ", clock);

        var note = report.History[^1];
        Assert.Equal((ReportChangeKind.Note, "gọi lại", false, ReportStatus.Received), (note.Kind, note.InternalNote!, note.IsPublic, report.Status));
        Assert.Equal(Start, report.UpdatedAt);
        Assert.Null(report.StatusNotes);
        Assert.Equal(400, Assert.Throws<DomainException>(() => report.AddNote("u1", " ", clock)).Status);
    }

    [Fact]
    public void Change_status_leaves_assignment_and_duplicates_to_their_own_doors()
    {
        var clock = new Clock(Start);
        var report = New(clock);
        Assert.Equal(400, Assert.Throws<DomainException>(() => report.ChangeStatus(ReportStatus.Assigned, "u", null, null, clock)).Status);
        Assert.Equal(400, Assert.Throws<DomainException>(() => report.ChangeStatus(ReportStatus.Duplicate, "u", null, null, clock)).Status);
        Assert.Equal(409, Assert.Throws<DomainException>(() => report.ChangeStatus(ReportStatus.Resolved, "u", null, null, clock)).Status);
        report.ChangeStatus(ReportStatus.Acknowledged, "u", "Đã nhận", null, clock);
        Assert.Equal((ReportStatus.Acknowledged, 2), (report.Status, report.History.Count));
    }

    [Fact]
    public void Absorbing_a_duplicate_changes_both_reports_publicly_or_neither()
    {
        var clock = new Clock(Start);
        var original = New(clock);
        var duplicate = New(clock);

        original.Absorb(duplicate, "u", null, "cùng chỗ", clock);

        Assert.Equal(ReportStatus.Duplicate, duplicate.Status);
        Assert.True(duplicate.History[^1].IsPublic);
        Assert.Equal((ReportChangeKind.Merged, true, ReportStatus.Received), (original.History[^1].Kind, original.History[^1].IsPublic, original.Status));
        Assert.NotNull(original.StatusNotes);

        // Into a duplicate: refused, and the would-be duplicate is untouched.
        var third = New(clock);
        Assert.Equal(409, Assert.Throws<DomainException>(() => duplicate.Absorb(third, "u", null, null, clock)).Status);
        Assert.Equal((ReportStatus.Received, 1), (third.Status, third.History.Count));
        // A duplicate that cannot move (already closed): the original is untouched too.
        var before = original.History.Count;
        Assert.Throws<DomainException>(() => original.Absorb(duplicate, "u", null, null, clock));
        Assert.Equal(before, original.History.Count);
    }

    [Fact]
    public void The_deadline_marks_are_set_once_per_deadline_and_only_while_open()
    {
        var clock = new Clock(Start);
        var report = New(clock);
        var before = TimeSpan.FromHours(4);

        Assert.False(report.WarnDeadline(before, report.ExpectedAt - TimeSpan.FromHours(5)));
        Assert.True(report.WarnDeadline(before, report.ExpectedAt - TimeSpan.FromHours(3)));
        Assert.False(report.WarnDeadline(before, report.ExpectedAt - TimeSpan.FromHours(2)));
        Assert.False(report.MarkOverdue(1, report.ExpectedAt - TimeSpan.FromMinutes(1)));
        Assert.True(report.MarkOverdue(1, report.ExpectedAt));
        Assert.False(report.MarkOverdue(1, report.ExpectedAt.AddHours(1)));
        Assert.Equal([ReportChangeKind.Status, ReportChangeKind.DeadlineWarning, ReportChangeKind.Overdue], report.History.Select(h => h.Kind));
        Assert.All(report.History.Skip(1), h => Assert.False(h.IsPublic));
        Assert.True(report.IsOverdue(report.ExpectedAt));

        var finished = New(clock);
        finished.Reject("u", "Không thuộc thẩm quyền", null, clock);
        Assert.False(finished.MarkOverdue(0, finished.ExpectedAt.AddDays(1)));
        Assert.False(finished.IsOverdue(finished.ExpectedAt.AddDays(1)));
    }
}
