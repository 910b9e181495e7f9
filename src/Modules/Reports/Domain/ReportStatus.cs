namespace Mekong.Modules.Reports.Domain;

/// <summary>Where a report is in its handling (<i>tiếp nhận → xử lý → hoàn thành</i>).</summary>
internal enum ReportStatus
{
    Received,
    Acknowledged,
    Assigned,
    InProgress,
    Resolved,
    Closed,
    Rejected,
    Duplicate,
    Reopened,
}

internal static class ReportStatuses
{
    private static readonly Dictionary<ReportStatus, ReportStatus[]> Allowed = new()
    {
        [ReportStatus.Received] = [ReportStatus.Acknowledged, ReportStatus.Assigned, ReportStatus.Rejected, ReportStatus.Duplicate],
        [ReportStatus.Acknowledged] = [ReportStatus.Assigned, ReportStatus.Rejected, ReportStatus.Duplicate],
        // Assigned → Assigned: handed to another unit.
        [ReportStatus.Assigned] = [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Rejected, ReportStatus.Duplicate],
        [ReportStatus.InProgress] = [ReportStatus.Assigned, ReportStatus.Resolved],
        [ReportStatus.Resolved] = [ReportStatus.Closed, ReportStatus.Reopened],
        [ReportStatus.Closed] = [ReportStatus.Reopened],
        [ReportStatus.Rejected] = [],
        [ReportStatus.Duplicate] = [],
        [ReportStatus.Reopened] = [ReportStatus.Assigned, ReportStatus.InProgress, ReportStatus.Rejected, ReportStatus.Duplicate],
    };

    public static IReadOnlyList<ReportStatus> AllowedFrom(ReportStatus from) => Allowed[from];

    public static bool CanMove(ReportStatus from, ReportStatus to) => Allowed[from].Contains(to);

    /// <summary>Open311 knows two states: a report is <c>open</c> until it is resolved, closed, rejected or a duplicate.</summary>
    public static bool IsOpen(this ReportStatus status) =>
        status is not (ReportStatus.Resolved or ReportStatus.Closed or ReportStatus.Rejected or ReportStatus.Duplicate);

    public static string Open311Status(this ReportStatus status) => status.IsOpen() ? "open" : "closed";

    /// <summary>The finer state in snake case (<c>in_progress</c>), as extensions and the API name it.</summary>
    public static string Code(this ReportStatus status) => status switch
    {
        ReportStatus.InProgress => "in_progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Name(this ReportStatus status, bool english) => (status, english) switch
    {
        (ReportStatus.Received, false) => "Đã tiếp nhận",
        (ReportStatus.Received, true) => "Received",
        (ReportStatus.Acknowledged, false) => "Đã xác nhận",
        (ReportStatus.Acknowledged, true) => "Acknowledged",
        (ReportStatus.Assigned, false) => "Đã chuyển đơn vị xử lý",
        (ReportStatus.Assigned, true) => "Assigned",
        (ReportStatus.InProgress, false) => "Đang xử lý",
        (ReportStatus.InProgress, true) => "In progress",
        (ReportStatus.Resolved, false) => "Đã xử lý xong",
        (ReportStatus.Resolved, true) => "Resolved",
        (ReportStatus.Closed, false) => "Đã đóng",
        (ReportStatus.Closed, true) => "Closed",
        (ReportStatus.Rejected, false) => "Không tiếp nhận",
        (ReportStatus.Rejected, true) => "Rejected",
        (ReportStatus.Duplicate, false) => "Trùng với phản ánh khác",
        (ReportStatus.Duplicate, true) => "Duplicate",
        (ReportStatus.Reopened, false) => "Đã mở lại",
        (ReportStatus.Reopened, true) => "Reopened",
        _ => status.ToString(),
    };
}
