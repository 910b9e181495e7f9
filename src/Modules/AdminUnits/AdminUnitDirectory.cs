using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Spatial;
using Mekong.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits;

/// <summary>The module's public face for other modules (<see cref="IAdminUnitDirectory"/>).</summary>
internal sealed class AdminUnitDirectory(AdminUnitsDbContext db, LocateCache locateCache, TimeProvider clock) : IAdminUnitDirectory
{
    public async Task<IReadOnlyList<JurisdictionInfo>> ListJurisdictionsAsync(CancellationToken cancellationToken) =>
        await locateCache.Jurisdictions.GetOrLoadAsync(true, async (_, ct) =>
            (await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(ct)).Select(j => j.ToInfo()).ToList(), cancellationToken);

    public async Task<JurisdictionInfo?> FindJurisdictionAsync(string code, CancellationToken cancellationToken) =>
        (await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Code == code, cancellationToken))?.ToInfo();

    public async Task<AdminUnitInfo?> LocateAsync(double latitude, double longitude, DateOnly? at, CancellationToken cancellationToken)
    {
        if (!Geo.IsValidLatLon(latitude, longitude))
        {
            return null;
        }

        // Keyed by the resolved date, so that a cached answer for "today" does not outlive the day.
        return await locateCache.Entries.GetOrLoadAsync((latitude, longitude, at ?? VietnamTime.Today(clock)), LocateUncachedAsync, cancellationToken);
    }

    private async Task<AdminUnitInfo?> LocateUncachedAsync((double Latitude, double Longitude, DateOnly At) key, CancellationToken cancellationToken)
    {
        var units = await db.CoveringAsync(Geo.Point(key.Longitude, key.Latitude), key.At, cancellationToken);
        return units.Count == 0 ? null : units[0].ToInfo();
    }

    public async Task<IReadOnlyList<AdminUnitInfo?>> LocateManyAsync(IReadOnlyList<(double Latitude, double Longitude)> points, DateOnly? at, CancellationToken cancellationToken)
    {
        var valid = points.Where(p => Geo.IsValidLatLon(p.Latitude, p.Longitude)).ToList();
        if (valid.Count == 0)
        {
            return new AdminUnitInfo?[points.Count];
        }

        var (minLat, maxLat) = (valid.Min(p => p.Latitude), valid.Max(p => p.Latitude));
        var (minLon, maxLon) = (valid.Min(p => p.Longitude), valid.Max(p => p.Longitude));
        var units = await db.AdminUnits.AsNoTracking().ValidOn(at ?? VietnamTime.Today(clock))
            .Where(u => u.MinLon <= maxLon && u.MaxLon >= minLon && u.MinLat <= maxLat && u.MaxLat >= minLat)
            .ToListAsync(cancellationToken);
        // Lowest level first, as LocateAsync answers; each geometry prepared once for many point tests.
        var ordered = units.OrderByDescending(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => (Unit: u, Prepared: NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(u.Geometry), Info: u.ToInfo()))
            .ToList();
        var answers = new AdminUnitInfo?[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var (lat, lon) = points[i];
            if (!Geo.IsValidLatLon(lat, lon))
            {
                continue;
            }

            var point = Geo.Point(lon, lat);
            foreach (var (unit, prepared, info) in ordered)
            {
                if (lon >= unit.MinLon && lon <= unit.MaxLon && lat >= unit.MinLat && lat <= unit.MaxLat && prepared.Covers(point))
                {
                    answers[i] = info;
                    break;
                }
            }
        }

        return answers;
    }

    public async Task<AdminUnitInfo?> FindAsync(string code, DateOnly? at, CancellationToken cancellationToken) =>
        await locateCache.Units.GetOrLoadAsync((code, at ?? VietnamTime.Today(clock)), async (key, ct) =>
            (await db.AdminUnits.AsNoTracking().Where(u => u.Code == key.Code).ValidOn(key.At).FirstOrDefaultAsync(ct))?.ToInfo(), cancellationToken);

    public async Task<NetTopologySuite.Geometries.Geometry?> BoundaryAsync(string code, DateOnly? at, CancellationToken cancellationToken) =>
        await db.AdminUnits.AsNoTracking().Where(u => u.Code == code).ValidOn(at ?? VietnamTime.Today(clock))
            .Select(u => u.Geometry).FirstOrDefaultAsync(cancellationToken);

    private static readonly string[] KindWords = ["xa", "phuong", "thi tran", "dac khu", "commune", "ward", "township", "special zone"];

    public async Task<IReadOnlyList<AdminUnitInfo>> ResolveCommuneAsync(string jurisdictionCode, string nameOrCode, DateOnly? at, CancellationToken cancellationToken)
    {
        var date = at ?? VietnamTime.Today(clock);
        var code = nameOrCode.Trim();
        var key = TextFolding.Fold(nameOrCode);
        if (key.Length == 0)
        {
            return [];
        }

        var communes = await db.AdminUnits.AsNoTracking()
            .Where(u => u.JurisdictionCode == jurisdictionCode && u.Level == AdminLevel.Commune)
            .Select(u => new { u.Id, u.Code, u.SearchKey, u.ValidFrom, u.ValidTo })
            .ToListAsync(cancellationToken);
        var matching = communes.Where(u => u.Code == code || NameMatches(u.SearchKey, key)).ToList();
        var result = new Dictionary<string, AdminUnitInfo>(StringComparer.Ordinal);
        foreach (var unit in matching.Where(u => u.ValidFrom <= date && (u.ValidTo == null || u.ValidTo > date)))
        {
            if (await FindAsync(unit.Code, date, cancellationToken) is { } info)
            {
                result.TryAdd(info.Code, info);
            }
        }

        foreach (var former in matching.Where(u => u.ValidTo != null && u.ValidTo <= date))
        {
            // Its area now lies in the commune(s) covering it; the interior point finds the one that took it whole.
            var geometry = await db.AdminUnits.AsNoTracking().Where(u => u.Id == former.Id).Select(u => u.Geometry).FirstAsync(cancellationToken);
            var inside = geometry.InteriorPoint;
            foreach (var unit in await db.CoveringAsync(Geo.Point(inside.X, inside.Y), date, cancellationToken))
            {
                if (unit.Level == AdminLevel.Commune && unit.JurisdictionCode == jurisdictionCode)
                {
                    result.TryAdd(unit.Code, unit.ToInfo());
                }
            }
        }

        return [.. result.Values.OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <summary>The folded Vietnamese or English name is the key, or the key after a kind word ("xa an long" for "an long").</summary>
    private static bool NameMatches(string searchKey, string key)
    {
        foreach (var name in searchKey.Split(" | "))
        {
            if (name == key)
            {
                return true;
            }

            foreach (var kind in KindWords)
            {
                if (name == kind + " " + key || name == key + " " + kind)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public async Task<JurisdictionSummary> SummarizeAsync(string jurisdictionCode, DateOnly? at, CancellationToken cancellationToken)
    {
        var communes = db.AdminUnits.AsNoTracking()
            .Where(u => u.JurisdictionCode == jurisdictionCode && u.Level == AdminLevel.Commune)
            .ValidOn(at ?? VietnamTime.Today(clock));
        var count = await communes.CountAsync(cancellationToken);
        var population = await communes.SumAsync(u => (long?)u.Population, cancellationToken) ?? 0;
        return new JurisdictionSummary(jurisdictionCode, count, population);
    }

    public async Task<IReadOnlyList<AdminUnitInfo>> ListCommunesAsync(string jurisdictionCode, DateOnly? at, CancellationToken cancellationToken) =>
        (await db.AdminUnits.AsNoTracking()
            .Where(u => u.JurisdictionCode == jurisdictionCode && u.Level == AdminLevel.Commune)
            .ValidOn(at ?? VietnamTime.Today(clock))
            .ToListAsync(cancellationToken))
        .Select(u => u.ToInfo()).OrderBy(u => u.NameVi, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), false)).ToList();
}
