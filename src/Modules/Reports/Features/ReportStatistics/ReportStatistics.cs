using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.ReportStatistics;

/// <summary>What the figures are grouped by: the report's category, its commune, or the department it was routed to.</summary>
internal enum StatisticsDimension
{
    Category,
    Commune,
    Department,
}

/// <summary>A jurisdiction's reports requested from <see cref="From"/> to <see cref="To"/> (Vietnam days, both included), grouped.</summary>
internal sealed record StatisticsRequest(string JurisdictionCode, StatisticsDimension GroupBy, DateOnly From, DateOnly To)
{
    public const int MaxDays = 3 * 366;

    /// <summary>Reads <c>group</c>, <c>from</c> and <c>to</c> (default: the last 30 days to today), adding an error for each bad one.</summary>
    public static StatisticsRequest? Parse(FieldErrors errors, string? jurisdiction, string? group, QueryDate? from, QueryDate? to, TimeProvider clock)
    {
        var dimension = StatisticsDimension.Category;
        if (!string.IsNullOrWhiteSpace(group) && !Enum.TryParse(group.Trim(), ignoreCase: true, out dimension) || !Enum.IsDefined(dimension))
        {
            errors.Add("group", "group is category, commune or department.");
        }

        var today = VietnamTime.Today(clock);
        var end = errors.Date("to", to) ?? today;
        var start = errors.Date("from", from) ?? end.AddDays(-29);
        if (start > end)
        {
            errors.Add("from", "from is on or before to.");
        }
        else if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            errors.Add("to", $"A range covers at most {MaxDays} days.");
        }

        if (string.IsNullOrEmpty(jurisdiction))
        {
            errors.Add("jurisdiction", "jurisdiction is required for an account of no jurisdiction.");
        }

        return errors.IsEmpty ? new StatisticsRequest(jurisdiction!, dimension, start, end) : null;
    }

    public DateTimeOffset Start => Midnight(From);

    public DateTimeOffset End => Midnight(To.AddDays(1));

    private static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// One group's figures. <see cref="MedianHoursToResolve"/> runs from submission to the first <c>resolved</c> in the
/// history; <see cref="OnTimeShare"/> is the share of the resolved reports whose first resolution came by their legal
/// deadline (<see cref="Report.ExpectedAt"/>); <see cref="Open"/> is the backlog today of the reports of the range.
/// </summary>
internal sealed record StatisticsGroup(
    string? Key,
    string Name,
    long Volume,
    long Resolved,
    long ResolvedOnTime,
    double? OnTimeShare,
    double? MedianHoursToResolve,
    long Open,
    long OpenOverdue,
    double? AverageRating,
    long Ratings);

internal sealed record StatisticsResponse(string Jurisdiction, string GroupBy, DateOnly From, DateOnly To, DateTimeOffset ComputedAt, IReadOnlyList<StatisticsGroup> Groups, StatisticsGroup Total);

/// <summary>
/// The figures per category, commune or department, computed in the database (one GROUP BY; the median with
/// <c>percentile_cont</c> on PostgreSQL, with numbered rows on SQLite, which has no percentile function — see
/// <see cref="StatisticsSql"/>). The page, the API and the CSV export all call this handler.
/// </summary>
internal sealed class ReportStatisticsHandler(ReportsDbContext db, IAdminUnitDirectory adminUnits, IDepartmentDirectory departments, TimeProvider clock)
{
    public async Task<StatisticsResponse> HandleAsync(StatisticsRequest request, bool english, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sqlite = db.Database.IsSqlite();
        var rows = await QueryAsync(request, StatisticsSql.GroupExpression(request.GroupBy), sqlite, now, cancellationToken);
        var totals = await QueryAsync(request, "'*'", sqlite, now, cancellationToken);
        var names = await NamesAsync(request, rows.Select(r => r.Group).OfType<string>().ToList(), english, cancellationToken);
        var groups = rows
            .Select(r => ToGroup(r, r.Group is null ? (english ? "(none)" : "(không có)") : names.GetValueOrDefault(r.Group, r.Group)))
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var total = totals.Count == 0
            ? new StatisticsGroup(null, english ? "Total" : "Tổng", 0, 0, 0, null, null, 0, 0, null, 0)
            : ToGroup(totals[0], english ? "Total" : "Tổng") with { Key = null };
        return new StatisticsResponse(request.JurisdictionCode, request.GroupBy.ToString().ToLowerInvariant(), request.From, request.To, now, groups, total);
    }

    private async Task<List<StatisticsRow>> QueryAsync(StatisticsRequest request, string groupExpression, bool sqlite, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = StatisticsSql.Build(groupExpression, request.GroupBy == StatisticsDimension.Department, sqlite);
        object[] parameters = sqlite
            ? [request.JurisdictionCode, request.Start.UtcTicks, request.End.UtcTicks, now.UtcTicks]
            : [request.JurisdictionCode, request.Start.ToUniversalTime(), request.End.ToUniversalTime(), now.ToUniversalTime()];
        return await db.Database.SqlQueryRaw<StatisticsRow>(sql, parameters).ToListAsync(cancellationToken);
    }

    private static StatisticsGroup ToGroup(StatisticsRow r, string name) => new(
        r.Group, name, r.Volume, r.Resolved, r.ResolvedOnTime,
        r.Resolved == 0 ? null : (double)r.ResolvedOnTime / r.Resolved,
        r.MedianHoursToResolve, r.Open, r.OpenOverdue, r.AverageRating, r.Ratings);

    private async Task<Dictionary<string, string>> NamesAsync(StatisticsRequest request, List<string> keys, bool english, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (request.GroupBy)
        {
            case StatisticsDimension.Category:
                foreach (var c in await db.Categories.AsNoTracking().Where(c => c.JurisdictionCode == request.JurisdictionCode).ToListAsync(cancellationToken))
                {
                    names[c.Code] = c.Name(english);
                }

                break;
            case StatisticsDimension.Commune:
                foreach (var key in keys)
                {
                    if (await adminUnits.FindAsync(key, at: null, cancellationToken) is { } unit)
                    {
                        names[key] = english ? unit.NameEn : unit.NameVi;
                    }
                }

                break;
            case StatisticsDimension.Department:
                foreach (var d in await departments.ListAsync(request.JurisdictionCode, cancellationToken))
                {
                    names[d.Code] = english ? d.NameEn : d.NameVi;
                }

                break;
        }

        return names;
    }
}

/// <summary>A row as the SQL returns it (column names are the property names).</summary>
internal sealed class StatisticsRow
{
    public string? Group { get; set; }

    public long Volume { get; set; }

    public long Resolved { get; set; }

    public long ResolvedOnTime { get; set; }

    public long Open { get; set; }

    public long OpenOverdue { get; set; }

    public double? MedianHoursToResolve { get; set; }

    public double? AverageRating { get; set; }

    public long Ratings { get; set; }
}

/// <summary>
/// The statistics query per provider. Parameters: {0} jurisdiction, {1} start, {2} end (exclusive), {3} now — UTC ticks
/// on SQLite (the module stores times so there), timestamptz on PostgreSQL.
/// <para>Median: PostgreSQL's <c>percentile_cont(0.5)</c>. SQLite has no percentile function: each group's resolved
/// reports are numbered by duration (<c>ROW_NUMBER() OVER (PARTITION BY …)</c>, with the group's count beside), and the
/// median is the average of the rows numbered (n+1)/2 and (n+2)/2 in integer division — the middle row when n is odd,
/// the two middle rows when n is even: exactly what <c>percentile_cont(0.5)</c> gives.</para>
/// </summary>
internal static class StatisticsSql
{
    // The residents' satisfaction (Report.Rating, 1–5, set once after resolution): average and count per group.
    private const string RatingBase = ", r.\"Rating\" AS rating";
    private const string RatingSqlite = "AVG(CAST(b.rating AS REAL)) AS \"AverageRating\", COUNT(b.rating) AS \"Ratings\"";
    private const string RatingPostgres = "AVG(b.rating)::double precision AS \"AverageRating\", COUNT(b.rating) AS \"Ratings\"";

    private static readonly string OpenStates = string.Join(", ", Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()).Select(s => $"'{s}'"));

    public static string GroupExpression(StatisticsDimension dimension) => dimension switch
    {
        StatisticsDimension.Commune => "r.\"Location_CommuneCode\"",
        StatisticsDimension.Department => "r.\"UnitCode\"",
        _ => "r.\"ServiceCode\"",
    };

    public static string Build(string groupExpression, bool departmentsOnly, bool sqlite)
    {
        var reports = sqlite ? "\"reports_reports\"" : "\"reports\".\"reports\"";
        var changes = sqlite ? "\"reports_report_changes\"" : "\"reports\".\"report_changes\"";
        var department = departmentsOnly ? $" AND r.\"UnitKind\" = '{nameof(ResponsibleKind.Department)}'" : string.Empty;
        var groupType = sqlite ? string.Empty : "::text";
        var @base = $$"""
            base AS (
                SELECT r."Id", ({{groupExpression}}){{groupType}} AS grp, r."Status", r."RequestedAt", r."ExpectedAt",
                       (SELECT MIN(c."At") FROM {{changes}} c WHERE c."ReportId" = r."Id" AND c."To" = '{{nameof(ReportStatus.Resolved)}}') AS resolved_at{{RatingBase}}
                FROM {{reports}} r
                WHERE r."JurisdictionCode" = {0} AND r."RequestedAt" >= {1} AND r."RequestedAt" < {2}{{department}}
            )
            """;
        var figures = $$"""
                COUNT(*) AS "Volume",
                SUM(CASE WHEN b.resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS "Resolved",
                SUM(CASE WHEN b.resolved_at IS NOT NULL AND b.resolved_at <= b."ExpectedAt" THEN 1 ELSE 0 END) AS "ResolvedOnTime",
                SUM(CASE WHEN b."Status" IN ({{OpenStates}}) THEN 1 ELSE 0 END) AS "Open",
                SUM(CASE WHEN b."Status" IN ({{OpenStates}}) AND b."ExpectedAt" < {3} THEN 1 ELSE 0 END) AS "OpenOverdue",
            """;
        return sqlite
            ? $$"""
               WITH {{@base}},
               durations AS (
                   SELECT grp, (resolved_at - "RequestedAt") / 36000000000.0 AS hours,
                          ROW_NUMBER() OVER (PARTITION BY grp ORDER BY resolved_at - "RequestedAt") AS rn,
                          COUNT(*) OVER (PARTITION BY grp) AS n
                   FROM base WHERE resolved_at IS NOT NULL
               ),
               medians AS (
                   SELECT grp, AVG(hours) AS hours FROM durations WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY grp
               )
               SELECT b.grp AS "Group",
               {{figures}}
                   (SELECT m.hours FROM medians m WHERE m.grp IS b.grp) AS "MedianHoursToResolve",
                   {{RatingSqlite}}
               FROM base b
               GROUP BY b.grp
               """
            : $$"""
               WITH {{@base}}
               SELECT b.grp AS "Group",
               {{figures}}
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY (EXTRACT(EPOCH FROM (b.resolved_at - b."RequestedAt")) / 3600.0)::double precision) AS "MedianHoursToResolve",
                   {{RatingPostgres}}
               FROM base b
               GROUP BY b.grp
               """;
    }
}
