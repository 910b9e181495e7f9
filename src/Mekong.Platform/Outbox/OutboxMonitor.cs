using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Outbox;

/// <summary>What <c>/admin/outbox</c> shows of one message; never the payload (it may hold personal data).</summary>
public sealed record OutboxMessageView(
    string Module, Guid Id, string MessageType, string IdempotencyKey, string Status, int Attempts, int MaxAttempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, string? LockedBy);

public sealed record OutboxCounts(string Module, int Pending, int Failed, int Dead, int Delivered);

/// <summary>Status as shown: <c>pending</c>, <c>failed</c> (pending after a failure), <c>dead</c>, <c>delivered</c>, <c>delivering</c>.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Dead = "dead";
    public const string Delivered = "delivered";
    public const string Delivering = "delivering";

    public static readonly string[] All = [Pending, Failed, Dead, Delivered];
}

/// <summary>
/// Lists and retries outbox messages of every module with an outbox, for the admin screen and API. It reads through
/// contexts of a scope of its own: a page renders its components concurrently, and another component of the same
/// request (the shell's notification bell) may be querying the request's instance of a module's context meanwhile.
/// </summary>
public sealed class OutboxMonitor(
    IServiceScopeFactory scopes,
    IEnumerable<OutboxSource> sources,
    IEnumerable<ModuleDatabaseRegistration> modules,
    IOptions<OutboxOptions> options,
    IOutbox outbox,
    TimeProvider clock) : IAsyncDisposable
{
    private AsyncServiceScope? _own;

    private IEnumerable<(string Module, Type Context)> Sources() => sources.DistinctBy(s => s.ContextType)
        .Select(s => (modules.FirstOrDefault(m => m.ContextType == s.ContextType)?.Schema ?? s.ContextType.Name, s.ContextType));

    public async Task<IReadOnlyList<OutboxCounts>> CountAsync(CancellationToken cancellationToken)
    {
        var result = new List<OutboxCounts>();
        foreach (var (module, type) in Sources())
        {
            var set = Db(type).Set<OutboxMessage>();
            var byState = await set.GroupBy(m => new { m.State, Failed = m.Attempts > 0 })
                .Select(g => new { g.Key.State, g.Key.Failed, Count = g.Count() }).ToListAsync(cancellationToken);
            int Count(OutboxState state, bool? failed = null) => byState.Where(x => x.State == state && (failed is null || x.Failed == failed)).Sum(x => x.Count);
            result.Add(new OutboxCounts(module, Count(OutboxState.Pending, false), Count(OutboxState.Pending, true), Count(OutboxState.Dead), Count(OutboxState.Delivered)));
        }

        return result;
    }

    /// <summary>The newest messages in a status (see <see cref="OutboxStatus"/>), all modules, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessageView>> ListAsync(string status, int take, CancellationToken cancellationToken)
    {
        var result = new List<OutboxMessageView>();
        foreach (var (module, type) in Sources())
        {
            var query = Db(type).Set<OutboxMessage>().AsNoTracking();
            query = status switch
            {
                OutboxStatus.Pending => query.Where(m => m.State == OutboxState.Pending && m.Attempts == 0),
                OutboxStatus.Failed => query.Where(m => m.State == OutboxState.Pending && m.Attempts > 0),
                OutboxStatus.Dead => query.Where(m => m.State == OutboxState.Dead),
                OutboxStatus.Delivered => query.Where(m => m.State == OutboxState.Delivered),
                _ => throw new ArgumentException($"Unknown outbox status '{status}'; one of {string.Join(", ", OutboxStatus.All)}.", nameof(status)),
            };
            // Ids are version 7 GUIDs: ordered by creation time on both providers.
            var rows = await query.OrderByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);
            result.AddRange(rows.Select(m => View(module, m)));
        }

        return [.. result.OrderByDescending(m => m.CreatedAt).Take(take)];
    }

    /// <summary>Makes a failed or dead message due now with fresh attempts; false when there is no such message in that module (or it is delivered or being delivered).</summary>
    public async Task<bool> RetryAsync(string module, Guid id, CancellationToken cancellationToken)
    {
        var source = Sources().FirstOrDefault(s => s.Module == module);
        if (source.Context is null)
        {
            return false;
        }

        return await new OutboxStore(Db(source.Context)).RetryAsync(id, clock.GetUtcNow(), cancellationToken) == 1;
    }

    /// <summary>Sends a probe through the platform's own outbox; returns its id.</summary>
    public async Task<Guid> SendProbeAsync(string? sentBy, CancellationToken cancellationToken)
    {
        var db = Services.GetRequiredService<Storage.Platform.PlatformDbContext>();
        outbox.Enqueue(db, OutboxProbeHandler.Type, new { sentBy, sentAt = clock.GetUtcNow() });
        var message = db.ChangeTracker.Entries<OutboxMessage>().Last().Entity;
        await db.SaveChangesAsync(cancellationToken);
        return message.Id;
    }

    private IServiceProvider Services => (_own ??= scopes.CreateAsyncScope()).ServiceProvider;

    private DbContext Db(Type contextType) => (DbContext)Services.GetRequiredService(contextType);

    public async ValueTask DisposeAsync()
    {
        if (_own is { } own)
        {
            _own = null;
            await own.DisposeAsync();
        }
    }

    private OutboxMessageView View(string module, OutboxMessage m) => new(
        module, m.Id, m.MessageType, m.IdempotencyKey, StatusOf(m, clock.GetUtcNow()), m.Attempts, options.Value.MaxAttempts,
        m.CreatedAt, m.NextAttemptAt, m.DeliveredAt, m.LastError, m.LockedBy is null ? null : m.LockedBy[(m.LockedBy.IndexOf('@') + 1)..]);

    private static string StatusOf(OutboxMessage m, DateTimeOffset now) => m.State switch
    {
        OutboxState.Delivered => OutboxStatus.Delivered,
        OutboxState.Dead => OutboxStatus.Dead,
        _ when m.LockedUntil > now => OutboxStatus.Delivering,
        _ when m.Attempts > 0 => OutboxStatus.Failed,
        _ => OutboxStatus.Pending,
    };
}
