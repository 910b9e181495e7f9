using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Events;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// The write step: compares the candidates with the versions in force on the import's date, applies the version rules
/// of <see cref="AdminUnit"/>, and — unless it is a dry run or something was rejected without --skip-invalid — writes
/// the result in one transaction: the changed versions through EF, the new ones through the platform's bulk insert
/// (binary COPY or one prepared INSERT, docs/adr/0017-bulk-writes.md), which EF's change tracking made slow.
/// </summary>
internal sealed class VersionWriter(AdminUnitsDbContext db, IEventPublisher? events)
{
    public async Task ApplyAsync(List<ImportCandidate> candidates, ImportOptions options, ImportReport report, CancellationToken cancellationToken)
    {
        var date = options.ValidFrom;
        var current = await db.AdminUnits.ValidOn(date)
            .Where(u => u.JurisdictionCode == options.JurisdictionCode && u.Level == options.Level)
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);

        var added = new List<AdminUnit>();
        foreach (var candidate in candidates)
        {
            var kind = AdminLevelNames.KindFromName(options.Level, candidate.NameVi);
            var content = new UnitContent(kind, candidate.NameVi, candidate.NameEn, candidate.ParentCode, candidate.Geometry, candidate.Population, candidate.Households);
            var revision = AdminUnit.Revise(current.Remove(candidate.Code, out var existing) ? existing : null, options.JurisdictionCode, candidate.Code, options.Level, content, date);
            if (revision.Added is not null)
            {
                added.Add(revision.Added);
            }

            switch (revision.Change)
            {
                case VersionChange.Created:
                    report.Created++;
                    break;
                case VersionChange.Unchanged:
                    report.Unchanged++;
                    break;
                default:
                    report.Updated++;
                    break;
            }
        }

        // Units the file does not list end on the date and stay as history; a rejected feature's unit stays as it is.
        var keep = report.Rejections.Where(r => r.Code is not null).Select(r => r.Code!).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in current.Values.Where(u => !keep.Contains(u.Code)))
        {
            if (gone.Retire(date) == Retirement.Withdrawn)
            {
                db.AdminUnits.Remove(gone);
            }

            report.Ended++;
        }

        var write = !options.DryRun && (report.Rejected == 0 || options.SkipInvalid);
        if (!write)
        {
            db.ChangeTracker.Clear();
            return;
        }

        // One transaction: a failure or a killed process leaves the previous units exactly as they were. The versions
        // that end go first, so that the new ones never meet them in the unique (Code, ValidFrom) index. The new rows'
        // ids come from the database and are not read back (the SQLite R*Tree's triggers index them by it).
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await db.BulkInsertAsync(added, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        report.Applied = true;
        if (events is not null && report.Created + report.Updated + report.Ended > 0)
        {
            await events.PublishAsync(new AdminUnitsChanged(options.JurisdictionCode, options.Level.ToApi()), cancellationToken);
        }
    }
}
