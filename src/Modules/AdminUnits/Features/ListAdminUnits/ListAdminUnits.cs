using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Mekong.Platform.Spatial;
using Mekong.Platform.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits.Features.ListAdminUnits;

/// <summary><c>GET /api/v1/admin-units?level=&amp;parent=&amp;q=&amp;at=&amp;jurisdiction=&amp;bbox=&amp;limit=&amp;cursor=</c>.</summary>
internal static class ListAdminUnits
{
    /// <summary>A unit's name is a few words; each word is one more condition in the query (SQLite's expression tree has a depth limit).</summary>
    public const int MaxSearchWords = 10;

    public const int MaxSearchLength = 200;

    public static async Task<Results<Ok<PagedList<AdminUnitItem>>, ValidationProblem>> Handle(
        HttpRequest request,
        AdminUnitsDbContext db,
        TimeProvider clock,
        IOptions<MekongOptions> options,
        string? level,
        string? parent,
        string? q,
        QueryDate? at,
        string? jurisdiction,
        QueryBox? bbox,
        PageLimit? limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var filter = AdminUnitFilter.Parse(errors, level, at, jurisdiction, bbox, clock);
        var pageSize = errors.Limit(limit);
        var after = errors.Cursor(cursor);
        var search = errors.Search("q", q, MaxSearchWords, MaxSearchLength);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = filter.Query(db);
        if (!string.IsNullOrWhiteSpace(parent))
        {
            query = query.Where(u => u.ParentCode == parent.Trim());
        }

        foreach (var token in TextFolding.Fold(search).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query = query.Where(u => u.SearchKey.Contains(token));
        }

        List<AdminUnitItem> items;
        int total;
        if (filter.Box is null)
        {
            total = await query.CountAsync(cancellationToken);
            var page = after is null ? query : query.Where(u => string.Compare(u.Code, after) > 0);
            items = (await page.OrderBy(u => u.Code).Take(pageSize + 1).ToListAsync(cancellationToken)).Select(u => u.ToItem()).ToList();
        }
        else
        {
            // The box pre-filter is approximate on SQLite; the exact test runs here, so count after it on both providers.
            var all = (await query.ToListAsync(cancellationToken)).ExactlyIntersecting(filter.Box)
                .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            total = all.Count;
            items = all.Where(u => after is null || string.CompareOrdinal(u.Code, after) > 0).Take(pageSize + 1).Select(u => u.ToItem()).ToList();
        }

        string? next = null;
        if (items.Count > pageSize)
        {
            items.RemoveAt(items.Count - 1);
            next = KeysetCursor.NextUrl(request, items[^1].Code, options.Value.PublicBaseUrl);
        }

        return TypedResults.Ok(new PagedList<AdminUnitItem>(items, total, next));
    }
}
