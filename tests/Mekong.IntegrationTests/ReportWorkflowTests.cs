using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;

namespace Mekong.IntegrationTests;

/// <summary>The report's workflow and its checks, through the domain API (no database).</summary>
public sealed class ReportWorkflowTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));

    // The workflow as issue 14 states it, written out independently of ReportStatuses.
    private static readonly Dictionary<ReportStatus, ReportStatus[]> Expected = new()
    {
        [ReportStatus.Received] = [ReportStatus.Acknowledged, ReportStatus.Assigned, ReportStatus.Rejected, ReportStatus.Duplicate],
        [ReportStatus.Acknowledged] = [ReportStatus.Assigned, ReportStatus.Rejected, ReportStatus.Duplicate],
        [ReportStatus.Assigned] = [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Rejected, ReportStatus.Duplicate],
        [ReportStatus.InProgress] = [ReportStatus.Assigned, ReportStatus.Resolved],
        [ReportStatus.Resolved] = [ReportStatus.Closed, ReportStatus.Reopened],
        [ReportStatus.Closed] = [ReportStatus.Reopened],
        [ReportStatus.Rejected] = [],
        [ReportStatus.Duplicate] = [],
        [ReportStatus.Reopened] = [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Rejected, ReportStatus.Duplicate],
    };

    public static TheoryData<string, string> AllPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in Enum.GetValues<ReportStatus>())
        {
            // Nothing moves back to Received: there is no method for it at all.
            foreach (var to in Enum.GetValues<ReportStatus>().Where(s => s != ReportStatus.Received))
            {
                data.Add(from.ToString(), to.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_move_is_allowed_or_refused_as_the_workflow_says(string fromName, string toName)
    {
        var (from, to) = (Enum.Parse<ReportStatus>(fromName), Enum.Parse<ReportStatus>(toName));
        var report = InState(from);
        var historyBefore = report.History.Count;

        var error = Record.Exception(() => MoveTo(report, to));

        if (Expected[from].Contains(to))
        {
            Assert.Null(error);
            Assert.Equal(to, report.Status);
            var last = report.History[^1];
            Assert.Equal(historyBefore + 1, report.History.Count);
            Assert.Equal((from, to), (last.From!.Value, last.To));
        }
        else
        {
            var refused = Assert.IsType<DomainException>(error);
            Assert.Equal(409, refused.Status);
            Assert.Equal(from, report.Status);
            Assert.Equal(historyBefore, report.History.Count);
        }
    }

    [Fact]
    public void Open311_status_is_open_until_resolved_closed_rejected_or_duplicate()
    {
        var closed = new[] { ReportStatus.Resolved, ReportStatus.Closed, ReportStatus.Rejected, ReportStatus.Duplicate };
        foreach (var status in Enum.GetValues<ReportStatus>())
        {
            Assert.Equal(closed.Contains(status) ? "closed" : "open", status.Open311Status());
        }
    }

    [Fact]
    public void History_keeps_who_when_the_public_message_and_the_internal_note()
    {
        var report = New();
        Clock.Advance(TimeSpan.FromHours(2));
        report.Acknowledge("user:7", "Đã tiếp nhận", "gọi lại cho người dân", Clock);

        var change = report.History[^1];
        Assert.Equal(("user:7", Clock.GetUtcNow(), "Đã tiếp nhận", "gọi lại cho người dân"), (change.Actor, change.At, change.PublicMessage, change.InternalNote));
        Assert.Equal("Đã tiếp nhận", report.StatusNotes);
        Assert.Equal(Clock.GetUtcNow(), report.UpdatedAt);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_an_assignment_a_unit()
    {
        var report = New();
        Assert.Equal(400, Assert.Throws<DomainException>(() => report.Reject("u", " ", null, Clock)).Status);
        Assert.Equal(ReportStatus.Received, report.Status);
        report.Assign(new ResponsibleUnit(ResponsibleKind.Department, "SXD"), new AgencyName("Sở Xây dựng", "Department of Construction"), "u", null, null, Clock);
        Assert.Equal(("SXD", "Sở Xây dựng"), (report.UnitCode, report.AgencyVi));
    }

    [Fact]
    public void Submission_routes_by_category_and_commune_and_sets_the_deadline()
    {
        var byCommune = Category("rubbish", null);
        var (report, problems) = Report.Submit(byCommune, new ReportLocation(9.6, 105.9, null, null, "90101"), "Rác", new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "t", new AgencyName("UBND X", "X"), Clock);
        Assert.Empty(problems);
        Assert.Equal((ResponsibleKind.Commune, "90101"), (report!.UnitKind!.Value, report.UnitCode!));
        Assert.Equal(report.RequestedAt.AddHours(48), report.ExpectedAt);

        var byDepartment = Category("light", new ResponsibleUnit(ResponsibleKind.Department, "sxd"));
        var (routed, _) = Report.Submit(byDepartment, new ReportLocation(null, null, "Số 1 đường A", null, null), null, new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "t", new AgencyName("Sở Xây dựng", "DoC"), Clock);
        Assert.Equal((ResponsibleKind.Department, "SXD"), (routed!.UnitKind!.Value, routed.UnitCode!));
    }

    public static TheoryData<string, string[], bool> AttributeCases() => new()
    {
        { "String", ["số 12"], true },
        { "String", ["dòng 1\ndòng 2"], false },
        { "String", [new string('x', 501)], false },
        { "Text", ["dòng 1\ndòng 2"], true },
        { "Text", [new string('x', 4001)], false },
        { "Number", ["12.5"], true },
        { "Number", ["-3"], true },
        { "Number", ["12,5"], false },
        { "Number", ["mười"], false },
        { "DateTime", ["2026-01-31T22:30:00+07:00"], true },
        { "DateTime", ["2026-01-31T15:30:00Z"], true },
        { "DateTime", ["31/01/2026"], false },
        { "SingleValueList", ["a"], true },
        { "SingleValueList", ["z"], false },
        { "SingleValueList", ["a", "b"], false },
        { "MultiValueList", ["a", "b"], true },
        { "MultiValueList", ["a", "z"], false },
        { "MultiValueList", ["a", "a"], false },
        { "Number", ["1", "2"], false },
    };

    [Theory]
    [MemberData(nameof(AttributeCases))]
    public void Attribute_values_are_checked_per_datatype(string typeName, string[] sent, bool accepted)
    {
        var type = Enum.Parse<AttributeDataType>(typeName);
        IReadOnlyList<AttributeValue> values = type is AttributeDataType.SingleValueList or AttributeDataType.MultiValueList ? [new("a", "A", "A"), new("b", "B", "B")] : [];
        var attribute = new ServiceAttribute("x", type, Required: true, Order: 1, "X", "X", values);
        Assert.Null(attribute.DefinitionProblem());

        var (stored, problem) = attribute.Check(sent);

        Assert.Equal(accepted, problem is null);
        Assert.Equal(accepted, stored.Count > 0);
        if (!accepted)
        {
            Assert.Contains("attribute[x]", problem);
        }
    }

    [Fact]
    public void Required_unknown_and_informational_attributes_are_refused_together()
    {
        var category = Category("c", null, [
            new ServiceAttribute("need", AttributeDataType.String, true, 1, "N", "N", []),
            new ServiceAttribute("info", AttributeDataType.String, false, 2, "Gọi 114", "Call 114", [], Variable: false),
        ]);

        var (_, problems) = category.CheckAttributes(new Dictionary<string, IReadOnlyList<string>> { ["other"] = ["1"], ["info"] = ["x"] });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("attribute[other] is not an attribute", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("attribute[need] is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("attribute[info] only informs", StringComparison.Ordinal));
    }

    private static ServiceCategory Category(string code, ResponsibleUnit? unit, IEnumerable<ServiceAttribute>? attributes = null) =>
        ServiceCategory.Define("90", code, "Tên", "Name", "Nhóm", unit, 48, Clock, attributes: attributes);

    private static Report New()
    {
        var (report, problems) = Report.Submit(Category("c", null), new ReportLocation(9.6, 105.9, null, null, "90101"), "mô tả",
            new Dictionary<string, IReadOnlyList<string>>(), null, ReporterContact.None, "citizen", new AgencyName("UBND", "PC"), Clock);
        Assert.Empty(problems);
        return report!;
    }

    /// <summary>A report brought to <paramref name="status"/> along an allowed path.</summary>
    private static Report InState(ReportStatus status)
    {
        var report = New();
        ReportStatus[] path = status switch
        {
            ReportStatus.Received => [],
            ReportStatus.Acknowledged => [ReportStatus.Acknowledged],
            ReportStatus.Assigned => [ReportStatus.Assigned],
            ReportStatus.InProgress => [ReportStatus.Assigned, ReportStatus.InProgress],
            ReportStatus.Resolved => [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Resolved],
            ReportStatus.Closed => [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Resolved, ReportStatus.Closed],
            ReportStatus.Rejected => [ReportStatus.Rejected],
            ReportStatus.Duplicate => [ReportStatus.Duplicate],
            ReportStatus.Reopened => [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Resolved, ReportStatus.Reopened],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            MoveTo(report, step);
        }

        Assert.Equal(status, report.Status);
        return report;
    }

    private static void MoveTo(Report report, ReportStatus to)
    {
        switch (to)
        {
            case ReportStatus.Acknowledged: report.Acknowledge("u", null, null, Clock); break;
            case ReportStatus.Assigned: report.Assign(new ResponsibleUnit(ResponsibleKind.Department, "SXD"), new AgencyName("Sở Xây dựng", "DoC"), "u", null, null, Clock); break;
            case ReportStatus.InProgress: report.StartWork("u", null, null, Clock); break;
            case ReportStatus.Resolved: report.Resolve("u", "xong", null, Clock); break;
            case ReportStatus.Closed: report.Close("u", null, null, Clock); break;
            case ReportStatus.Rejected: report.Reject("u", "không thuộc thẩm quyền", null, Clock); break;
            case ReportStatus.Duplicate: report.MarkDuplicateOf(Original, "u", null, null, Clock); break;
            case ReportStatus.Reopened: report.Reopen("u", null, null, Clock); break;
            default: throw new ArgumentOutOfRangeException(nameof(to));
        }
    }

    private static readonly Report Original = New();

    private sealed class TestClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
