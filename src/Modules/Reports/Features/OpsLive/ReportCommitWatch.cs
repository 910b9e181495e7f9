using System.Data.Common;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Reports.Features.OpsLive;

/// <summary>A report as one commit left it, as the operator console needs it: no personal data, no content.</summary>
internal sealed record CommittedReport(long Id, string JurisdictionCode, ReportStatus Status, bool IsNew, bool IsEmergency, bool RaisedAlert);

/// <summary>In-process event: reports were submitted or changed state, and the change is committed.</summary>
internal sealed record ReportsCommitted(IReadOnlyList<CommittedReport> Reports);

/// <summary>
/// Watches every save of <see cref="ReportsDbContext"/>, whatever feature made it (Open311, the portal, an officer's
/// screen, a job): a submitted emergency report gets its <see cref="OpsAlert"/> in the same save, and once the change is
/// committed — after the caller's own transaction, or after the save when there is none — <see cref="ReportsCommitted"/>
/// is published in-process. Nothing is announced for a save that failed or a transaction rolled back. One per scope,
/// handed to the scope's context (<see cref="ReportsDbContext.CommitWatch"/>), so its lists belong to that context; EF
/// calls it through the one <see cref="ReportCommitInterceptor"/> of the node, since the contexts' options are built
/// once per node (ADR 0043).
/// </summary>
internal sealed class ReportCommitWatch(IEventPublisher events, TimeProvider clock, ILogger<ReportCommitWatch> logger)
{
    private readonly List<(Report Report, bool IsNew, bool RaisedAlert)> _saving = [];
    private readonly List<CommittedReport> _uncommitted = [];

    public void SavingChanges(DbContext? context) => Capture(context);

    /// <summary>After a save: publishes at once when the save committed on its own.</summary>
    public async Task SavedChangesAsync(DbContext? context)
    {
        if (Saved(context))
        {
            await PublishAsync();
        }
    }

    public void SaveChangesFailed() => _saving.Clear();

    // What an earlier transaction of this scope left uncommitted was rolled back when it was disposed.
    public void TransactionStarted() => _uncommitted.Clear();

    public Task TransactionCommittedAsync() => PublishAsync();

    public void TransactionRolledBack() => _uncommitted.Clear();

    private void Capture(DbContext? context)
    {
        _saving.Clear();
        if (context is not ReportsDbContext db)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();
        var alerted = db.ChangeTracker.Entries<OpsAlert>().Select(a => a.Entity.Report).OfType<Report>().ToHashSet();
        foreach (var entry in db.ChangeTracker.Entries<Report>().ToList())
        {
            var report = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                var raise = OpsAlert.IsRaisedBy(report) && !alerted.Contains(report);
                if (raise)
                {
                    db.OpsAlerts.Add(OpsAlert.Raise(report, clock));
                }

                _saving.Add((report, true, raise));
            }
            else if (entry.State == EntityState.Modified && (entry.Property(r => r.Status).IsModified || entry.Property(r => r.UnitCode).IsModified))
            {
                _saving.Add((report, false, false));
            }
        }
    }

    /// <summary>Moves what the save wrote (with the ids the database gave) to the list to announce; true when it is committed already.</summary>
    private bool Saved(DbContext? context)
    {
        if (_saving.Count == 0)
        {
            return false;
        }

        _uncommitted.AddRange(_saving.Select(s => new CommittedReport(s.Report.Id, s.Report.JurisdictionCode, s.Report.Status, s.IsNew, s.Report.IsEmergency, s.RaisedAlert)));
        _saving.Clear();
        // No transaction of the caller's: the save committed on its own (EF's own transaction, already gone).
        return context?.Database.CurrentTransaction is null;
    }

    private async Task PublishAsync()
    {
        if (_uncommitted.Count == 0)
        {
            return;
        }

        var committed = _uncommitted.ToList();
        _uncommitted.Clear();
        try
        {
            // Committed already: the announcement runs to its end even if the caller's request was cancelled.
            await events.PublishAsync(new ReportsCommitted(committed), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The change is committed; a screen that missed the announcement catches up on its next load or reconnect.
            logger.LogWarning(e, "Announcing {Count} committed report(s) to the operator console failed", committed.Count);
        }
    }
}

/// <summary>
/// The node's one interceptor for the reports contexts: passes each save and transaction event to the watch of the
/// context it is about (none for a bare context). Holds no state, so the contexts' options can be shared by every scope.
/// </summary>
internal sealed class ReportCommitInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static ReportCommitWatch? WatchOf(DbContext? context) => (context as ReportsDbContext)?.CommitWatch;

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        WatchOf(eventData.Context)?.SavingChanges(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        WatchOf(eventData.Context)?.SavingChanges(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WatchOf(eventData.Context)?.SavedChangesAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (WatchOf(eventData.Context) is { } watch)
        {
            await watch.SavedChangesAsync(eventData.Context);
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => WatchOf(eventData.Context)?.SaveChangesFailed();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        WatchOf(eventData.Context)?.SaveChangesFailed();
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        WatchOf(eventData.Context)?.TransactionStarted();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        WatchOf(eventData.Context)?.TransactionStarted();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (WatchOf(eventData.Context)?.TransactionCommittedAsync() ?? Task.CompletedTask).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        WatchOf(eventData.Context)?.TransactionCommittedAsync() ?? Task.CompletedTask;

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => WatchOf(eventData.Context)?.TransactionRolledBack();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WatchOf(eventData.Context)?.TransactionRolledBack();
        return Task.CompletedTask;
    }
}
