using System.Collections.Concurrent;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Places.Features.SearchPlaces;

/// <summary>
/// The search indexes, one per jurisdiction, held in memory (ADR 0029) and built on first use. An import or an
/// edit in this process drops its jurisdiction's index at once; one made by another process (the CLI's
/// <c>import osm</c>, a second server) is noticed by the directory's revision, read at most every
/// <see cref="RevisionCheckInterval"/>.
/// </summary>
internal sealed class PlaceIndex(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan RevisionCheckInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Task<(PlaceSearchIndex Index, Guid? Revision)> Build, long CheckedAt);

    public void Invalidate(string jurisdictionCode) => _entries.TryRemove(jurisdictionCode, out _);

    public async Task<PlaceSearchIndex> GetAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetTimestamp();
            var entry = _entries.GetOrAdd(jurisdictionCode, code => new Entry(BuildAsync(code), now));
            var (index, revision) = await entry.Build.WaitAsync(cancellationToken);
            if (clock.GetElapsedTime(entry.CheckedAt) < RevisionCheckInterval)
            {
                return index;
            }

            var current = await RevisionAsync(jurisdictionCode, cancellationToken);
            if (current == revision)
            {
                _entries.TryUpdate(jurisdictionCode, entry with { CheckedAt = clock.GetTimestamp() }, entry);
                return index;
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(jurisdictionCode, entry));
        }
    }

    private async Task<Guid?> RevisionAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
        return await db.Revisions.AsNoTracking().Where(r => r.JurisdictionCode == jurisdictionCode).Select(r => (Guid?)r.Revision).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<(PlaceSearchIndex, Guid?)> BuildAsync(string jurisdictionCode)
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
        // The revision first: a change committed while the rows are read is then seen at the next check.
        var revision = await db.Revisions.AsNoTracking().Where(r => r.JurisdictionCode == jurisdictionCode).Select(r => (Guid?)r.Revision).FirstOrDefaultAsync();
        var places = await db.Places.AsNoTracking().Where(p => p.JurisdictionCode == jurisdictionCode)
            .Select(p => new IndexedPlace(p.Id, p.Category, p.NameVi, p.NameEn, p.Address, p.CommuneCode, p.Phone, p.OpeningHours, p.Latitude, p.Longitude))
            .ToListAsync();
        var streets = await db.Roads.AsNoTracking().Where(r => r.JurisdictionCode == jurisdictionCode && r.Name != null)
            .Select(r => new { r.Name, r.NameEn, r.Coordinates }).ToListAsync();
        var streetIndex = new StreetIndex(streets.Select(s => (s.Name!, s.NameEn, PackedCoordinates.Unpack(s.Coordinates))));
        return (new PlaceSearchIndex(places, streetIndex), revision);
    }
}
