using System.Collections.Concurrent;

namespace Mekong.Platform.Caching;

/// <summary>
/// A small in-process read-through cache: entries live for a fixed time (the bound on how stale another node's change
/// can be seen here), <see cref="Remove"/> and <see cref="Clear"/> drop them at once on this node, and a load that was
/// already under way when they were called does not put its (possibly stale) result back. At most
/// <c>capacity</c> entries: when full, expired entries go first, then everything (a flood of distinct keys costs
/// hits, never memory). A time to live of zero turns caching off.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeSpan timeToLive, int capacity, TimeProvider clock)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private long _generation;

    public TimeSpan TimeToLive => timeToLive;

    public int Count => _entries.Count;

    public async ValueTask<TValue> GetOrLoadAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Value;
        }

        var generation = Interlocked.Read(ref _generation);
        var value = await load(key, cancellationToken);
        if (timeToLive > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation)
        {
            MakeRoom(now);
            _entries[key] = new Entry(value, now + timeToLive);
        }

        return value;
    }

    /// <summary>Replaces a cached value (e.g. after this node wrote it), keeping its expiry.</summary>
    public void Update(TKey key, Func<TValue, TValue> change)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries.TryUpdate(key, entry with { Value = change(entry.Value) }, entry);
        }
    }

    public void Remove(TKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < capacity)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(TValue Value, DateTimeOffset Expires);
}
