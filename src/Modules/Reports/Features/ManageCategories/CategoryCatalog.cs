using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Caching;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.ManageCategories;

/// <summary>
/// A jurisdiction's categories as every Open311 call and every submission reads them, kept per node
/// (docs/adr/0026-open311-request-path.md): reading them was a query with the attributes' JSON on each request. The
/// categories handlers and the demo seeder of this node <see cref="Forget"/> a jurisdiction when they write, so an
/// administrator's edit shows at once; another node's edit (or the CLI's) shows within <see cref="TimeToLive"/>.
/// The instances are shared between requests and untracked: read them, never change them (edits load their own).
/// </summary>
internal sealed class CategoryCatalog(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ExpiringCache<string, IReadOnlyList<ServiceCategory>> _byJurisdiction = new(TimeToLive, capacity: 256, clock);

    /// <summary>Every category of the jurisdiction, active or not, public or not (callers filter).</summary>
    public ValueTask<IReadOnlyList<ServiceCategory>> OfAsync(ReportsDbContext db, string jurisdictionCode, CancellationToken cancellationToken) =>
        _byJurisdiction.GetOrLoadAsync(jurisdictionCode, async (code, ct) =>
            await db.Categories.AsNoTracking().Where(c => c.JurisdictionCode == code).OrderBy(c => c.Code).ToListAsync(ct), cancellationToken);

    public ValueTask<ServiceCategory?> FindAsync(ReportsDbContext db, string jurisdictionCode, Guid id, CancellationToken cancellationToken) =>
        FindAsync(db, jurisdictionCode, c => c.Id == id, cancellationToken);

    public ValueTask<ServiceCategory?> FindAsync(ReportsDbContext db, string jurisdictionCode, string code, CancellationToken cancellationToken) =>
        FindAsync(db, jurisdictionCode, c => string.Equals(c.Code, code, StringComparison.Ordinal), cancellationToken);

    /// <summary>
    /// A category the cached list lacks is looked for once more in the database: one made a moment ago by another
    /// node, the CLI or a migration is found at once, not after <see cref="TimeToLive"/>.
    /// </summary>
    private async ValueTask<ServiceCategory?> FindAsync(ReportsDbContext db, string jurisdictionCode, Func<ServiceCategory, bool> match, CancellationToken cancellationToken)
    {
        if ((await OfAsync(db, jurisdictionCode, cancellationToken)).FirstOrDefault(match) is { } cached)
        {
            return cached;
        }

        Forget(jurisdictionCode);
        return (await OfAsync(db, jurisdictionCode, cancellationToken)).FirstOrDefault(match);
    }

    /// <summary>After this node wrote a category of the jurisdiction (call it after the commit).</summary>
    public void Forget(string jurisdictionCode) => _byJurisdiction.Remove(jurisdictionCode);

    public void ForgetAll() => _byJurisdiction.Clear();
}
