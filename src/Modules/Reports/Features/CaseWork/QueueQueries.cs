using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// The queue's filters: <c>unit</c> (<c>department:SXD</c>, <c>commune:90101</c>, or a code), <c>status</c> (codes,
/// comma-separated; <c>open</c> for every open state, the default; <c>all</c>), <c>category</c>, <c>commune</c>,
/// <c>overdue</c>, <c>q</c> (a number or words of the description), <c>page</c> from 1 and <c>pageSize</c> up to 200.
/// </summary>
internal sealed record QueueFilter(string? Unit, string? Status, string? Category, string? Commune, bool? Overdue, string? Q, int? Page, int? PageSize);

/// <summary>The officer's queue (most urgent deadline first) and a report's full record, within the officer's scope.</summary>
internal sealed class QueueQueries(ReportsDbContext db, CaseStore store, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<(PagedList<QueueItem>? Page, FieldErrors Errors)> ListAsync(QueueFilter filter, ClaimsPrincipal user, bool english, Func<int, string>? nextUrl, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = filter.Page ?? 1;
        var size = filter.PageSize ?? 50;
        if (page is < 1 or > 100_000)
        {
            errors.Add("page", "page counts from 1 (at most 100000).");
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize is 1 to {MaxPageSize}.");
        }

        var statuses = new List<ReportStatus>();
        var statusText = string.IsNullOrWhiteSpace(filter.Status) ? "open" : filter.Status;
        foreach (var part in statusText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("open", StringComparison.OrdinalIgnoreCase))
            {
                statuses.AddRange(Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()));
            }
            else if (part.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                statuses.AddRange(Enum.GetValues<ReportStatus>());
            }
            else if (CaseMapping.TryParseStatus(part, out var s))
            {
                statuses.Add(s);
            }
            else
            {
                errors.Add("status", $"'{Shorten(part)}' is not a status: open, all, or received, acknowledged, assigned, in_progress, resolved, closed, rejected, duplicate, reopened.");
            }
        }

        ResponsibleKind? unitKind = null;
        string? unitCode = null;
        if (!string.IsNullOrWhiteSpace(filter.Unit))
        {
            var parts = filter.Unit.Trim().Split(':', 2);
            if (parts.Length == 2)
            {
                if (!CaseMapping.TryParseKind(parts[0], out var k))
                {
                    errors.Add("unit", "unit is kind:code (department:SXD, commune:90101, outside_body:name) or a code.");
                }

                unitKind = k;
                unitCode = parts[1];
            }
            else
            {
                unitCode = parts[0];
            }
        }

        if (filter.Q?.Length > 200)
        {
            errors.Add("q", "q is at most 200 characters.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var scope = await store.ScopeAsync(user, cancellationToken);
        var now = clock.GetUtcNow();
        var reports = scope.Filter(db.Reports.AsNoTracking());
        var wanted = statuses.Distinct().ToList();
        reports = reports.Where(r => wanted.Contains(r.Status));
        if (unitCode is not null)
        {
            var department = unitCode.ToUpperInvariant();
            reports = unitKind is { } kind
                ? reports.Where(r => r.UnitKind == kind && (r.UnitCode == unitCode || r.UnitCode == department))
                : reports.Where(r => r.UnitCode == unitCode || r.UnitCode == department);
        }

        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var codes = filter.Category.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            reports = reports.Where(r => codes.Contains(r.ServiceCode));
        }

        if (!string.IsNullOrWhiteSpace(filter.Commune))
        {
            var commune = filter.Commune.Trim();
            reports = reports.Where(r => r.Location.CommuneCode == commune);
        }

        var open = Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()).ToList();
        if (filter.Overdue == true)
        {
            reports = reports.Where(r => open.Contains(r.Status) && (r.OverdueAt != null || r.ExpectedAt <= now));
        }
        else if (filter.Overdue == false)
        {
            reports = reports.Where(r => !open.Contains(r.Status) || (r.OverdueAt == null && r.ExpectedAt > now));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var lower = q.ToLowerInvariant();
            reports = long.TryParse(q, out var number)
                ? reports.Where(r => r.Id == number)
#pragma warning disable CA1862 // lower() on both sides is what SQLite and PostgreSQL translate; StringComparison is not translated.
                : reports.Where(r => r.Description != null && r.Description.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var total = await reports.CountAsync(cancellationToken);
        var rows = await reports.OrderBy(r => r.ExpectedAt).ThenBy(r => r.Id).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var categories = await CategoriesAsync(rows.Select(r => r.CategoryId), cancellationToken);
        var items = rows.Select(r => CaseMapping.ToItem(r, categories.GetValueOrDefault(r.CategoryId), english, now)).ToList();
        var next = page * size < total && nextUrl is not null ? nextUrl(page + 1) : null;
        return (new PagedList<QueueItem>(items, total, next), errors);
    }

    public async Task<CaseRecord> GetAsync(long id, ClaimsPrincipal user, bool english, CancellationToken cancellationToken)
    {
        var scope = await store.ScopeAsync(user, cancellationToken);
        var report = await db.Reports.AsNoTracking().Include(r => r.History).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        scope.Demand(report, id);
        return ToRecord(report!, await store.CategoryAsync(report!.CategoryId, cancellationToken), english);
    }

    public CaseRecord ToRecord(Report report, ServiceCategory? category, bool english) => CaseMapping.ToRecord(report, category, english, clock.GetUtcNow());

    /// <summary>The record of a report a handler just changed (no second scope check: a reassigned report may have left the officer's units).</summary>
    public async Task<CaseRecord> RecordOfAsync(Report report, bool english, CancellationToken cancellationToken) =>
        ToRecord(report, await store.CategoryAsync(report.CategoryId, cancellationToken), english);

    private async Task<Dictionary<Guid, ServiceCategory>> CategoriesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Categories.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
