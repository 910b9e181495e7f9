using Mekong.Modules.PublicServices.Domain;

namespace Mekong.UnitTests.PublicServices;

/// <summary>The dossier's workflow (the rules live in <see cref="Dossier"/>), its due date and pause, and the e-form check.</summary>
public sealed class DossierTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    // 09:00 in Vietnam on Tuesday 1/12/2026.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    private static Procedure BirthRegistration(int days = 3, long fee = 0) => Procedure.Create("90", new ProcedureDefinition(
        "1.001193", "Đăng ký khai sinh", "Birth registration", "Hộ tịch", ProcedureLevel.Commune, "UBND-XA",
        [new RequiredDocument("to-khai", "Tờ khai đăng ký khai sinh", "Application form", true)], ["Tờ khai"], fee, null, days, "Luật Hộ tịch 2014", true,
        [new FormField("ho-ten-tre", "Họ tên trẻ", "Child's name", FormFieldType.Text, true)]).Normalized(), TimeProvider.System);

    private Dossier NewDossier(int days = 3, long fee = 0) => Dossier.Submit(BirthRegistration(days, fee),
        new Applicant { FullName = "Nguyễn Văn An", IdentityNumber = "094123456789", Phone = "0912345678", CommuneCode = "90001" },
        new Dictionary<string, string> { ["ho-ten-tre"] = "Nguyễn Minh Khang" }, [], online: true, null, "vi", _clock);

    [Fact]
    public void The_happy_path_is_recorded_step_by_step_and_on_time()
    {
        var d = NewDossier();
        Assert.Equal(DossierStatus.Submitted, d.Status);
        Assert.Matches(@"^90-261201-[2-9A-Z]{6}$", d.Code);
        Assert.Equal(32, d.AccessToken.Length);
        Assert.True(d.FullyOnline);

        Assert.True(d.Receive("desk", Calendar, _clock).Succeeded);
        Assert.Equal(new DateOnly(2026, 12, 4), d.DueDate);
        Assert.True(d.StartProcessing("dept", _clock).Succeeded);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.True(d.CompleteResult("dept", Result(), "Đã có giấy khai sinh.", _clock).Succeeded);
        Assert.True(d.OnTime);
        Assert.True(d.ReturnResult("desk", _clock).Succeeded);
        Assert.Equal(DossierStatus.Returned, d.Status);
        Assert.False(d.IsOpen);
        Assert.Equal(
            [DossierStepKind.Submitted, DossierStepKind.Received, DossierStepKind.Processing, DossierStepKind.ResultReady, DossierStepKind.Returned],
            d.History.Select(h => h.Kind));
        Assert.Equal(["desk", "dept", "dept", "desk"], d.History.Skip(1).Select(h => h.Actor));
    }

    [Fact]
    public void A_result_after_the_due_date_is_late()
    {
        var d = NewDossier();
        d.Receive("desk", Calendar, _clock);
        d.StartProcessing("dept", _clock);
        Assert.False(d.IsOverdue(new DateOnly(2026, 12, 4)));
        Assert.True(d.IsOverdue(new DateOnly(2026, 12, 5)));
        _clock.Advance(TimeSpan.FromDays(6)); // Monday 7/12
        d.CompleteResult("dept", Result(), null, _clock);
        Assert.False(d.OnTime);
    }

    [Fact]
    public void A_supplement_stops_the_clock_and_returns_the_dossier_where_it_was()
    {
        var d = NewDossier(days: 5);
        d.Receive("desk", Calendar, _clock); // due Tuesday 8/12
        d.StartProcessing("dept", _clock);
        Assert.Equal(new DateOnly(2026, 12, 8), d.DueDate);

        Assert.False(d.RequestSupplement("dept", "  ", _clock).Succeeded);
        Assert.True(d.RequestSupplement("dept", "Thiếu giấy chứng sinh.", _clock).Succeeded);
        Assert.Equal(DossierStatus.SupplementRequested, d.Status);
        Assert.Equal("Thiếu giấy chứng sinh.", d.SupplementMessage);
        Assert.False(d.IsOverdue(new DateOnly(2026, 12, 30)));
        Assert.False(d.CompleteResult("dept", Result(), null, _clock).Succeeded);

        _clock.Advance(TimeSpan.FromDays(2)); // Thursday 3/12: 2 working days paused
        Assert.False(d.Supplement([], null, "applicant", Calendar, _clock).Succeeded);
        Assert.True(d.Supplement([File("giay-chung-sinh")], null, "applicant", Calendar, _clock).Succeeded);
        Assert.Equal(DossierStatus.Processing, d.Status);
        Assert.Equal(new DateOnly(2026, 12, 10), d.DueDate);
        Assert.Null(d.SupplementMessage);
        Assert.Contains(d.Files, f => f.DocumentCode == "giay-chung-sinh");
    }

    [Fact]
    public void A_supplement_asked_before_receipt_leaves_the_clock_unstarted()
    {
        var d = NewDossier();
        Assert.True(d.RequestSupplement("desk", "Ảnh tờ khai bị mờ.", _clock).Succeeded);
        _clock.Advance(TimeSpan.FromDays(7));
        Assert.True(d.Supplement([File("to-khai")], null, "applicant", Calendar, _clock).Succeeded);
        Assert.Equal(DossierStatus.Submitted, d.Status);
        Assert.Null(d.DueDate);
        d.Receive("desk", Calendar, _clock); // Tuesday 8/12 + 3
        Assert.Equal(new DateOnly(2026, 12, 11), d.DueDate);
    }

    [Fact]
    public void Steps_out_of_order_are_refused_and_change_nothing()
    {
        var d = NewDossier();
        Assert.False(d.StartProcessing("dept", _clock).Succeeded);
        Assert.False(d.CompleteResult("dept", Result(), null, _clock).Succeeded);
        Assert.False(d.ReturnResult("desk", _clock).Succeeded);
        Assert.False(d.Supplement([File("x")], null, "applicant", Calendar, _clock).Succeeded);
        Assert.Equal(DossierStatus.Submitted, d.Status);
        Assert.Single(d.History);
        d.Receive("desk", Calendar, _clock);
        Assert.False(d.Receive("desk", Calendar, _clock).Succeeded);
        Assert.Equal(2, d.History.Count);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_ends_the_dossier()
    {
        var d = NewDossier();
        var refused = d.Reject("desk", "", _clock);
        Assert.Equal("reason", refused.Field);
        Assert.True(d.Reject("desk", "Không thuộc thẩm quyền.", _clock).Succeeded);
        Assert.Equal(DossierStatus.Rejected, d.Status);
        Assert.Equal("Không thuộc thẩm quyền.", d.History[^1].PublicMessage);
        Assert.False(d.Reject("desk", "again", _clock).Succeeded);
        Assert.False(d.Receive("desk", Calendar, _clock).Succeeded);
    }

    [Fact]
    public void A_fee_is_paid_once_with_the_right_amount_before_the_result_is_returned()
    {
        var d = NewDossier(fee: 50_000);
        d.Receive("desk", Calendar, _clock);
        d.StartProcessing("dept", _clock);
        d.CompleteResult("dept", Result(), null, _clock);
        Assert.False(d.ReturnResult("desk", _clock).Succeeded);
        Assert.Equal("amount", d.RecordPayment("counter", 40_000, null, "desk", _clock).Field);
        Assert.True(d.RecordPayment("gateway", 50_000, "TX1", "gateway", _clock).Succeeded);
        Assert.False(d.RecordPayment("counter", 50_000, null, "desk", _clock).Succeeded);
        Assert.True(d.ReturnResult("desk", _clock).Succeeded);
        Assert.Equal("gateway", d.FeeMethod);
        Assert.False(NewDossier().RecordPayment("counter", 0, null, "desk", _clock).Succeeded);
    }

    [Fact]
    public void Phones_and_emails_are_normalized_for_tracking()
    {
        Assert.Equal("0912345678", Applicant.NormalizePhone("+84 912 345 678"));
        Assert.Equal("0912345678", Applicant.NormalizePhone("0912.345.678"));
        Assert.Null(Applicant.NormalizePhone(" "));
        Assert.Equal("an@example.vn", Applicant.NormalizeEmail(" An@Example.VN "));
    }

    private DossierFile Result() => new("ket-qua", new string('a', 64), "application/pdf", 100, "ket-qua.pdf", _clock.GetUtcNow());

    private DossierFile File(string code) => new(code, new string('b', 64), "application/pdf", 100, code + ".pdf", _clock.GetUtcNow());
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
