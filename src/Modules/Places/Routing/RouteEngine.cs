using System.Collections.Concurrent;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Places.Routing;

/// <summary>
/// The routing networks, one per jurisdiction, built in memory from the stored roads (ADR 0035): at start (by
/// <see cref="RouteEngineWarmUp"/>), on first use, and again in the background after an import — the previous
/// network keeps answering until the new one is ready. An import in this process asks for the rebuild at once; one
/// made by another process is noticed from the network's import time, read at most every <see cref="CheckInterval"/>.
/// Closures are read the same way (dropped at once by an edit here), so they bind new queries within seconds.
/// </summary>
internal sealed class RouteEngine(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RouteEngine> logger)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public RoutingNetwork? Ready;
        public DateTimeOffset? ReadyImportedAt;
        public Task<RoutingNetwork?>? Building;
        public bool BuildAgain;
        public long CheckedAt;
        public (IReadOnlySet<long> Ways, long ReadAt)? Closures;
    }

    /// <summary>The jurisdiction's network (the newest ready one), or null when it has none imported.</summary>
    public async Task<RoutingNetwork?> GetAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(jurisdictionCode, _ => new Slot());
        Task<RoutingNetwork?> building;
        lock (slot.Gate)
        {
            if (slot.Ready is not null)
            {
                if (clock.GetElapsedTime(slot.CheckedAt) >= CheckInterval && slot.Building is null)
                {
                    slot.CheckedAt = clock.GetTimestamp();
                    _ = CheckImportAsync(jurisdictionCode, slot);
                }

                return slot.Ready;
            }

            building = slot.Building ??= BuildAsync(jurisdictionCode, slot);
        }

        return await building.WaitAsync(cancellationToken);
    }

    /// <summary>Starts a rebuild (an import in this process has just committed); the current network serves meanwhile.</summary>
    public void Refresh(string jurisdictionCode)
    {
        var slot = _slots.GetOrAdd(jurisdictionCode, _ => new Slot());
        lock (slot.Gate)
        {
            if (slot.Building is not null)
            {
                slot.BuildAgain = true;
                return;
            }

            slot.Building = BuildAsync(jurisdictionCode, slot);
        }
    }

    /// <summary>Waits for a build under way (tests, and the warm-up at start).</summary>
    public async Task WhenBuiltAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        while (_slots.TryGetValue(jurisdictionCode, out var slot) && slot.Building is { } task)
        {
            await task.WaitAsync(cancellationToken);
            await Task.Yield();
        }
    }

    public void InvalidateClosures(string jurisdictionCode)
    {
        if (_slots.TryGetValue(jurisdictionCode, out var slot))
        {
            slot.Closures = null;
        }
    }

    /// <summary>The OSM ways closed now in the jurisdiction.</summary>
    public async Task<IReadOnlySet<long>> ClosedWaysAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(jurisdictionCode, _ => new Slot());
        if (slot.Closures is { } cached && clock.GetElapsedTime(cached.ReadAt) < CheckInterval)
        {
            return cached.Ways;
        }

        var readAt = clock.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
        var now = clock.GetUtcNow();
        var closures = await db.Closures.AsNoTracking().Where(c => c.JurisdictionCode == jurisdictionCode).ToListAsync(cancellationToken);
        var ways = closures.Where(c => c.IsActive(now)).Select(c => c.WayOsmId).ToHashSet();
        slot.Closures = (ways, readAt);
        return ways;
    }

    private async Task CheckImportAsync(string jurisdictionCode, Slot slot)
    {
        try
        {
            var importedAt = await ImportedAtAsync(jurisdictionCode, CancellationToken.None);
            if (importedAt != slot.ReadyImportedAt)
            {
                Refresh(jurisdictionCode);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Checking the road network of {Jurisdiction} for a new import failed", jurisdictionCode);
        }
    }

    private async Task<DateTimeOffset?> ImportedAtAsync(string jurisdictionCode, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
        return await db.Networks.AsNoTracking().Where(n => n.JurisdictionCode == jurisdictionCode).Select(n => (DateTimeOffset?)n.ImportedAt).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<RoutingNetwork?> BuildAsync(string jurisdictionCode, Slot slot)
    {
        await Task.Yield();
        try
        {
            // The import time first: an import committed while the roads are read is then seen at the next check.
            var importedAt = await ImportedAtAsync(jurisdictionCode, CancellationToken.None);
            RoutingNetwork? network = null;
            if (importedAt is not null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
                var roads = await db.Roads.AsNoTracking().Where(r => r.JurisdictionCode == jurisdictionCode).OrderBy(r => r.OsmId).ToListAsync();
                var restrictions = await db.TurnRestrictions.AsNoTracking().Where(r => r.JurisdictionCode == jurisdictionCode).OrderBy(r => r.OsmId).ToListAsync();
                network = await Task.Run(() => RoutingNetwork.Build(roads, restrictions));
                logger.LogInformation("Routing network of {Jurisdiction}: {Vertices} vertices, {Edges} edges, {Shortcuts} shortcuts over 4 profiles, built in {Elapsed} ms",
                    jurisdictionCode, network.Roads.NodeCount, network.Roads.EdgeCount, network.ShortcutCount, (int)network.BuildTime.TotalMilliseconds);
            }

            lock (slot.Gate)
            {
                slot.Ready = network ?? slot.Ready;
                slot.ReadyImportedAt = importedAt;
                slot.CheckedAt = clock.GetTimestamp();
                slot.Building = null;
                if (slot.BuildAgain)
                {
                    slot.BuildAgain = false;
                    slot.Building = BuildAsync(jurisdictionCode, slot);
                }
            }

            return network;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Building the routing network of {Jurisdiction} failed; the previous one keeps serving", jurisdictionCode);
            lock (slot.Gate)
            {
                slot.Building = null;
                slot.CheckedAt = clock.GetTimestamp();
            }

            return slot.Ready;
        }
    }
}

/// <summary>Builds every imported jurisdiction's routing network in the background at start, so the first route is fast.</summary>
internal sealed class RouteEngineWarmUp(RouteEngine engine, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<PlacesOptions> options, ILogger<RouteEngineWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpRouting)
        {
            return;
        }

        // Only once the server has started: migrations and the demo seed run before it listens, and a server that
        // cannot start (a port in use, a wrong setting) has no router to build.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        try
        {
            List<string> codes;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlacesDbContext>();
                codes = await db.Networks.AsNoTracking().Select(n => n.JurisdictionCode).ToListAsync(stoppingToken);
            }

            foreach (var code in codes)
            {
                await engine.GetAsync(code, stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that is down: the first query builds instead.
            logger.LogInformation("Routing warm-up skipped: {Reason}", e.Message);
        }
    }
}
