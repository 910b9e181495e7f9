using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits;

/// <summary>The module's public face for other modules (<see cref="IAdminUnitDirectory"/>).</summary>
internal sealed class AdminUnitDirectory(AdminUnitsDbContext db, LocateCache locateCache, TimeProvider clock) : IAdminUnitDirectory
{
    public async Task<IReadOnlyList<JurisdictionInfo>> ListJurisdictionsAsync(CancellationToken cancellationToken) =>
        (await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(cancellationToken)).Select(j => j.ToInfo()).ToList();

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

    public async Task<AdminUnitInfo?> FindAsync(string code, DateOnly? at, CancellationToken cancellationToken) =>
        (await db.AdminUnits.AsNoTracking().Where(u => u.Code == code).ValidOn(at ?? VietnamTime.Today(clock)).FirstOrDefaultAsync(cancellationToken))?.ToInfo();

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
