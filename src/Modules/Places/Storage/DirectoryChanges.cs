using Mekong.Modules.Places.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Storage;

internal static class DirectoryChanges
{
    /// <summary>Marks the jurisdiction's places as changed, inside the caller's transaction (saved with its next SaveChanges).</summary>
    public static async Task TouchAsync(this PlacesDbContext db, string jurisdictionCode, TimeProvider clock, CancellationToken cancellationToken)
    {
        var revision = await db.Revisions.FirstOrDefaultAsync(r => r.JurisdictionCode == jurisdictionCode, cancellationToken);
        if (revision is null)
        {
            db.Revisions.Add(new DirectoryRevision { JurisdictionCode = jurisdictionCode, Revision = Guid.CreateVersion7(), ChangedAt = clock.GetUtcNow() });
        }
        else
        {
            revision.Revision = Guid.CreateVersion7();
            revision.ChangedAt = clock.GetUtcNow();
        }
    }
}
