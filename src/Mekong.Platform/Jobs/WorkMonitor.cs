using System.Security.Claims;
using Mekong.Platform.Auth;
using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Jobs;

/// <summary>
/// One piece of work as its page shows it. <see cref="State"/> is <c>running</c>, <c>succeeded</c>, <c>failed</c>,
/// <c>cancelled</c> or <c>interrupted</c> — interrupted too for a running item whose heartbeat is older than the lease
/// (its node died), before the sweep records it so.
/// </summary>
public sealed record WorkItemView(
    Guid Id, string Name, string? StartedBy, string? Jurisdiction, string Node, string State, long Done, long? Total, int? Percent,
    string? Message, string? Result, string? ResultLink, string? Error, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt, long ElapsedMs)
{
    public bool Finished => State != WorkStates.Running;
}

public static class WorkStates
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    internal static string Of(WorkState state) => state switch
    {
        WorkState.Running => Running,
        WorkState.Succeeded => Succeeded,
        WorkState.Failed => Failed,
        WorkState.Cancelled => Cancelled,
        _ => Interrupted,
    };
}

/// <summary>What <c>/admin/jobs</c>, <c>/admin/jobs/work/{id}</c> and <c>GET /api/v1/work/{id}</c> show of work items, by the viewer's jurisdiction.</summary>
public sealed class WorkMonitor
{
    public const string NodeLostError = "The node running this work stopped answering; start it again.";

    private readonly PlatformDbContext _db;
    private readonly TimeProvider _clock;
    private readonly WorkOptions _options;

    internal WorkMonitor(PlatformDbContext db, TimeProvider clock, IOptions<WorkOptions> options)
    {
        _db = db;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>The item, if <paramref name="viewer"/> may see it: installation administrators see all, others their jurisdiction's.</summary>
    public async Task<WorkItemView?> FindAsync(Guid id, ClaimsPrincipal viewer, CancellationToken cancellationToken) =>
        (await FindItemAsync(id, viewer, cancellationToken)) is { } item ? View(item) : null;

    /// <summary>The item's small JSON result (what a screen shows afterwards), if <paramref name="viewer"/> may see it.</summary>
    public async Task<(WorkItemView View, string? Json)?> FindResultAsync(Guid id, ClaimsPrincipal viewer, CancellationToken cancellationToken) =>
        (await FindItemAsync(id, viewer, cancellationToken)) is { } item ? (View(item), item.ResultJson) : null;

    /// <summary>The newest items <paramref name="viewer"/> may see.</summary>
    public async Task<IReadOnlyList<WorkItemView>> RecentAsync(ClaimsPrincipal viewer, int take, CancellationToken cancellationToken)
    {
        var query = _db.WorkItems.AsNoTracking();
        if (!ActorScope.IsInstallationAdministrator(viewer))
        {
            var own = ActorScope.JurisdictionOf(viewer);
            query = query.Where(w => w.Jurisdiction != null && w.Jurisdiction == own);
        }

        // Ids are version 7 GUIDs: the newest have the greatest.
        return [.. (await query.OrderByDescending(w => w.Id).Take(take).ToListAsync(cancellationToken)).Select(View)];
    }

    private async Task<WorkItem?> FindItemAsync(Guid id, ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        var item = await _db.WorkItems.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        var visible = item is not null && (ActorScope.IsInstallationAdministrator(viewer)
            || (item.Jurisdiction is not null && string.Equals(item.Jurisdiction, ActorScope.JurisdictionOf(viewer), StringComparison.Ordinal)));
        return visible ? item : null;
    }

    private WorkItemView View(WorkItem w)
    {
        var now = _clock.GetUtcNow();
        var lost = w.State == WorkState.Running && now - w.UpdatedAt > _options.LeaseDuration;
        var state = lost ? WorkStates.Interrupted : WorkStates.Of(w.State);
        var end = w.FinishedAt ?? (lost ? w.UpdatedAt : now);
        var percent = new ProgressUpdate(w.Done, w.Total, null).Percent;
        return new WorkItemView(w.Id, w.Name, w.StartedBy, w.Jurisdiction, w.Node, state, w.Done, w.Total, percent, w.Message, w.Result, w.ResultLink,
            lost ? NodeLostError : w.Error, w.StartedAt, w.UpdatedAt, w.FinishedAt, (long)Math.Max(0, (end - w.StartedAt).TotalMilliseconds));
    }
}

/// <summary>
/// <c>work.sweep</c>, every minute on one node: records as interrupted the running items whose node died (heartbeat older
/// than <see cref="WorkOptions.LeaseDuration"/>), and deletes the oldest finished items beyond <see cref="WorkOptions.KeepItems"/>.
/// </summary>
internal sealed class WorkSweepJob(PlatformDbContext db, TimeProvider clock, IOptions<WorkOptions> options) : IPeriodicJob
{
    public const string Name = "work.sweep";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await InterruptLostAsync(db, clock.GetUtcNow(), options.Value.LeaseDuration, cancellationToken);
        var kept = await db.WorkItems.OrderByDescending(w => w.Id).Take(options.Value.KeepItems).Select(w => w.Id).ToListAsync(cancellationToken);
        if (kept.Count == options.Value.KeepItems)
        {
            await db.WorkItems.Where(w => w.State != WorkState.Running && !kept.Contains(w.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>One statement, the same on both providers (a parameter compared with the stored time, as the job leases do).</summary>
    public static Task<int> InterruptLostAsync(PlatformDbContext db, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(WorkItem))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string C(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var name = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var update = $"UPDATE {name} SET {C("State")} = {{0}}, {C("Error")} = {{1}}, {C("FinishedAt")} = {{2}}, {C("UpdatedAt")} = {{2}} " +
            $"WHERE {C("State")} = {{3}} AND {C("UpdatedAt")} < {{4}}";
        return db.Database.ExecuteSqlRawAsync(update, [nameof(WorkState.Interrupted), WorkMonitor.NodeLostError, now, nameof(WorkState.Running), now - lease], cancellationToken);
    }
}
