using System.Globalization;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Caching;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary>A report as anyone may see it on the portal: no name, phone, e-mail, device, account, token or internal note.</summary>
internal sealed record PublicReportSummary(
    long Id,
    string ServiceCode,
    string ServiceName,
    string Status,
    string StatusName,
    bool IsOpen,
    string? Description,
    string? PhotoUrl,
    double? Latitude,
    double? Longitude,
    string? CommuneCode,
    int Supporters,
    DateTimeOffset RequestedAt,
    double? DistanceMetres);

/// <summary>The portal's public reads: reports near a place, the reports of a map view, a page of the list.</summary>
internal sealed class PortalQueries(ReportsDbContext db, IOptions<ResidentPortalOptions> options, PortalCache cache, Mekong.Modules.AdminUnits.Contracts.IAdminUnitDirectory directory)
{
    public const int MaxMapFeatures = 1000;

    /// <summary>Open public reports of a category within the radius of a point, nearest first (cached briefly).</summary>
    public async Task<IReadOnlyList<PublicReportSummary>> NearbyAsync(string jurisdiction, string serviceCode, double latitude, double longitude, bool english, CancellationToken cancellationToken)
    {
        // Rounded to about 10 m, so that residents tapping around the same spot share an entry.
        var key = string.Create(CultureInfo.InvariantCulture, $"{jurisdiction}|{serviceCode}|{Math.Round(latitude, 4)}|{Math.Round(longitude, 4)}|{english}");
        return await cache.Nearby.GetOrLoadAsync(key, async (_, ct) =>
        {
            var radius = options.Value.NearbyRadiusMetres;
            var box = BoundingBox.Around(longitude, latitude, radius);
            var rows = await Public(jurisdiction)
                .Where(r => r.ServiceCode == serviceCode && r.Status != ReportStatus.Resolved && r.Status != ReportStatus.Closed && r.Status != ReportStatus.Rejected && r.Status != ReportStatus.Duplicate)
                .Where(r => r.Location.Latitude >= box.MinLat && r.Location.Latitude <= box.MaxLat && r.Location.Longitude >= box.MinLon && r.Location.Longitude <= box.MaxLon)
                .OrderByDescending(r => r.RequestedAt)
                .Take(50)
                .ToListAsync(ct);
            var summaries = await SummariesAsync(rows, english, ct);
            return summaries
                .Select(s => s with { DistanceMetres = Math.Round(Distance(latitude, longitude, s.Latitude!.Value, s.Longitude!.Value)) })
                .Where(s => s.DistanceMetres <= radius)
                .OrderBy(s => s.DistanceMetres)
                .Take(10)
                .ToList();
        }, cancellationToken);
    }

    /// <summary>Public reports with a point inside the box (or all), filtered, newest first, at most <see cref="MaxMapFeatures"/>.</summary>
    public async Task<(IReadOnlyList<PublicReportSummary> Items, bool Truncated)> MapAsync(string jurisdiction, BoundingBox? box, ReportFilter filter, bool english, CancellationToken cancellationToken)
    {
        var query = Filtered(jurisdiction, filter).Where(r => r.Location.Latitude != null && r.Location.Longitude != null);
        if (box is { } b)
        {
            query = query.Where(r => r.Location.Latitude >= b.MinLat && r.Location.Latitude <= b.MaxLat && r.Location.Longitude >= b.MinLon && r.Location.Longitude <= b.MaxLon);
        }

        var rows = await query.OrderByDescending(r => r.RequestedAt).Take(MaxMapFeatures + 1).ToListAsync(cancellationToken);
        var truncated = rows.Count > MaxMapFeatures;
        return (await SummariesAsync(rows.Take(MaxMapFeatures).ToList(), english, cancellationToken), truncated);
    }

    /// <summary>One page of the public list, newest first, and the number of reports matching.</summary>
    public async Task<(IReadOnlyList<PublicReportSummary> Items, int Total)> ListAsync(string jurisdiction, ReportFilter filter, int page, int pageSize, bool english, CancellationToken cancellationToken)
    {
        var query = Filtered(jurisdiction, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (await SummariesAsync(rows, english, cancellationToken), total);
    }

    /// <summary>
    /// The categories residents may report in, as the portal groups them: the non-public ones too (food safety, public
    /// order), whose reports reach the officers but never the public map.
    /// </summary>
    public async Task<IReadOnlyList<ServiceCategory>> CategoriesAsync(string jurisdiction, CancellationToken cancellationToken) =>
        (await db.Categories.AsNoTracking().Where(c => c.JurisdictionCode == jurisdiction && c.IsActive).ToListAsync(cancellationToken))
        .OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.NameVi, StringComparer.Ordinal).ToList();

    /// <summary>The communes that have public reports, by name, for the list's filter (cached for a few minutes).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> CommunesAsync(string jurisdiction, bool english, CancellationToken cancellationToken) =>
        await cache.Communes.GetOrLoadAsync($"{jurisdiction}|{english}", async (_, ct) =>
        {
            var codes = await Public(jurisdiction).Where(r => r.Location.CommuneCode != null).Select(r => r.Location.CommuneCode!).Distinct().ToListAsync(ct);
            var named = new List<(string Code, string Name)>();
            foreach (var code in codes)
            {
                var unit = await directory.FindAsync(code, null, ct);
                named.Add((code, unit is null ? code : english ? unit.NameEn : unit.NameVi));
            }

            return named.OrderBy(n => n.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false)).ToList();
        }, cancellationToken);

    public Task<int> SupporterCountAsync(long reportId, CancellationToken cancellationToken) =>
        db.Supporters.CountAsync(s => s.ReportId == reportId, cancellationToken);

    public static string PhotoUrl(long id, string hash) => $"/open311/v2/requests/{id.ToString(CultureInfo.InvariantCulture)}/media/{hash}";

    private IQueryable<Report> Public(string jurisdiction) =>
        db.Reports.AsNoTracking().Where(r => r.JurisdictionCode == jurisdiction && r.IsPublic);

    private IQueryable<Report> Filtered(string jurisdiction, ReportFilter filter)
    {
        var query = Public(jurisdiction);
        if (filter.ServiceCode is { } code)
        {
            query = query.Where(r => r.ServiceCode == code);
        }

        if (filter.CommuneCode is { } commune)
        {
            query = query.Where(r => r.Location.CommuneCode == commune);
        }

        return filter.Status switch
        {
            "open" => query.Where(r => r.Status != ReportStatus.Resolved && r.Status != ReportStatus.Closed && r.Status != ReportStatus.Rejected && r.Status != ReportStatus.Duplicate),
            "closed" => query.Where(r => r.Status == ReportStatus.Resolved || r.Status == ReportStatus.Closed || r.Status == ReportStatus.Rejected || r.Status == ReportStatus.Duplicate),
            _ => query,
        };
    }

    private async Task<IReadOnlyList<PublicReportSummary>> SummariesAsync(List<Report> rows, bool english, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var categoryIds = rows.Select(r => r.CategoryId).Distinct().ToList();
        var names = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name(english), cancellationToken);
        var supporters = await db.Supporters.AsNoTracking().Where(s => ids.Contains(s.ReportId)).GroupBy(s => s.ReportId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.Select(r => new PublicReportSummary(
            r.Id,
            r.ServiceCode,
            names.GetValueOrDefault(r.CategoryId) ?? r.ServiceCode,
            r.Status.Code(),
            r.Status.Name(english),
            r.Status.IsOpen(),
            r.Description is { Length: > 280 } d ? d[..280] + "…" : r.Description,
            r.PhotoHashes.Count > 0 ? PhotoUrl(r.Id, r.PhotoHashes[0]) : null,
            r.Location.Latitude,
            r.Location.Longitude,
            r.Location.CommuneCode,
            supporters.GetValueOrDefault(r.Id),
            r.RequestedAt,
            null)).ToList();
    }

    /// <summary>Great-circle distance in metres (haversine; plenty for a few hundred metres).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2) => Mekong.Platform.Spatial.Geo.DistanceMetres(lat1, lon1, lat2, lon2);
}

/// <summary>The public list's and map's filters; null means any.</summary>
internal sealed record ReportFilter(string? ServiceCode, string? Status, string? CommuneCode)
{
    public static ReportFilter From(string? category, string? status, string? commune) => new(
        string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
        status is "open" or "closed" ? status : null,
        string.IsNullOrWhiteSpace(commune) ? null : commune.Trim());
}

/// <summary>The portal's short-lived caches (one per node): the nearby answers (10 s), the communes with reports (5 min).</summary>
internal sealed class PortalCache(TimeProvider clock)
{
    public ExpiringCache<string, IReadOnlyList<PublicReportSummary>> Nearby { get; } = new(TimeSpan.FromSeconds(10), 2000, clock);

    public ExpiringCache<string, IReadOnlyList<(string Code, string Name)>> Communes { get; } = new(TimeSpan.FromMinutes(5), 16, clock);
}
