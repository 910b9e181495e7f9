using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mekong.Platform.Outbox;

/// <summary>
/// The outbox table of one module context, for the dispatcher and the admin screen. Claims are one UPDATE that
/// writes a lease on a batch of due rows; on PostgreSQL the batch is chosen <c>FOR UPDATE SKIP LOCKED</c>, so two
/// nodes polling at the same moment take different rows instead of waiting for (or both taking) the same ones.
/// SQLite has one writer at a time, which makes the same statement atomic there.
/// </summary>
internal sealed class OutboxStore
{
    private readonly DbContext db;
    private readonly string _table;
    private readonly Dictionary<string, string> _c;
    private readonly bool _postgres;

    public OutboxStore(DbContext context)
    {
        db = context;
        _table = Names(context, out _c, out _postgres);
    }

    public DbSet<OutboxMessage> Messages => db.Set<OutboxMessage>();

    /// <summary>Leases up to <paramref name="batchSize"/> due messages to <paramref name="claim"/> and returns them, attempt counted.</summary>
    public async Task<List<OutboxMessage>> ClaimAsync(string claim, DateTimeOffset now, TimeSpan lease, int batchSize, CancellationToken cancellationToken)
    {
        var (id, state, next, lockedBy, lockedUntil, attempts) = (_c["Id"], _c["State"], _c["NextAttemptAt"], _c["LockedBy"], _c["LockedUntil"], _c["Attempts"]);
        var skipLocked = _postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;
        var sql = $$"""
            UPDATE {{_table}} SET {{lockedBy}} = {0}, {{lockedUntil}} = {1}, {{attempts}} = {{attempts}} + 1
            WHERE {{id}} IN (
                SELECT {{id}} FROM {{_table}}
                WHERE {{state}} = 'Pending' AND {{next}} <= {2} AND ({{lockedUntil}} IS NULL OR {{lockedUntil}} <= {2})
                ORDER BY {{next}} LIMIT {3}{{skipLocked}})
            """;
        var claimed = await db.Database.ExecuteSqlRawAsync(sql, [claim, now + lease, now, batchSize], cancellationToken);
        if (claimed == 0)
        {
            return [];
        }

        var messages = await Messages.AsNoTracking().Where(m => m.LockedBy == claim).ToListAsync(cancellationToken);
        return [.. messages.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)];
    }

    public Task<int> MarkDeliveredAsync(Guid id, string claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == id && m.LockedBy == claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Delivered)
            .SetProperty(m => m.DeliveredAt, now)
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    public Task<int> MarkFailedAsync(Guid id, string claim, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == id && m.LockedBy == claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastError, OutboxMessage.Truncate(error))
            .SetProperty(m => m.NextAttemptAt, nextAttemptAt)
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    public Task<int> MarkDeadAsync(Guid id, string claim, string error, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == id && m.LockedBy == claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Dead)
            .SetProperty(m => m.LastError, OutboxMessage.Truncate(error))
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Gives back a claimed message that was not started (shutdown): the attempt is not counted.</summary>
    public Task<int> ReleaseAsync(Guid id, string claim, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == id && m.LockedBy == claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, m => m.Attempts - 1)
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>An administrator's retry: a failed or dead message is due now, with a fresh set of attempts.</summary>
    public Task<int> RetryAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == id && m.State != OutboxState.Delivered && m.LockedBy == null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Pending)
            .SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.NextAttemptAt, now), cancellationToken);

    public Task<int> DeleteDeliveredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var sql = $"DELETE FROM {_table} WHERE {_c["State"]} = 'Delivered' AND {_c["DeliveredAt"]} < {{0}}";
        return db.Database.ExecuteSqlRawAsync(sql, [before], cancellationToken);
    }

    private static string Names(DbContext db, out Dictionary<string, string> columns, out bool isPostgres)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no outbox: call modelBuilder.AddOutbox(schema) in its OnModelCreating.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        columns = entity.GetProperties().ToDictionary(p => p.Name, p => sql.DelimitIdentifier(p.GetColumnName(table)!), StringComparer.Ordinal);
        isPostgres = db.Database.IsNpgsql();
        return sql.DelimitIdentifier(tableName, schema);
    }
}
