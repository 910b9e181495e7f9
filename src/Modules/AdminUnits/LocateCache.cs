using System.ComponentModel.DataAnnotations;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Caching;
using Mekong.Platform.Events;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits;

/// <summary><c>Mekong:AdminUnits</c>.</summary>
internal sealed class AdminUnitsOptions
{
    public const string Section = "Mekong:AdminUnits";

    /// <summary>
    /// How long a node keeps the answer to "which unit is at this point on this date" (0 to 3,600 s; 0: no cache). The
    /// node that imports drops its cache at once (<see cref="AdminUnitsChanged"/>); other nodes see new boundaries
    /// within this time.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Mekong:AdminUnits:LocateCacheSeconds must be between 0 and 3600 (seconds).")]
    public int LocateCacheSeconds { get; set; } = 60;
}

/// <summary>
/// <see cref="IAdminUnitDirectory.LocateAsync"/> answers per exact point and date, per node (docs/adr/0015-files-secrets-and-caches.md).
/// Sensors and cameras report from the same coordinates again and again, so those repeat; a citizen report's point is
/// new and costs one spatial query as before.
/// </summary>
internal sealed class LocateCache(IOptions<AdminUnitsOptions> options, TimeProvider clock)
{
    public ExpiringCache<(double Latitude, double Longitude, DateOnly At), AdminUnitInfo?> Entries { get; } =
        new(TimeSpan.FromSeconds(options.Value.LocateCacheSeconds), capacity: 50_000, clock);

    /// <summary>
    /// The jurisdiction list (<see cref="IAdminUnitDirectory.ListJurisdictionsAsync"/>): every Open311 call asks for it,
    /// so it was a query per request (docs/adr/0026-open311-request-path.md). Dropped at once when this node edits a
    /// jurisdiction or its units; another node's (or the CLI's) edit is seen within the same time as new boundaries.
    /// </summary>
    public ExpiringCache<bool, IReadOnlyList<JurisdictionInfo>> Jurisdictions { get; } =
        new(TimeSpan.FromSeconds(options.Value.LocateCacheSeconds), capacity: 1, clock);

    /// <summary><see cref="IAdminUnitDirectory.FindAsync"/> per code and date (a report's commune and its agency name, on every POST).</summary>
    public ExpiringCache<(string Code, DateOnly At), AdminUnitInfo?> Units { get; } =
        new(TimeSpan.FromSeconds(options.Value.LocateCacheSeconds), capacity: 20_000, clock);

    /// <summary>Forgets everything this node knows (an import, a seed, a jurisdiction's new settings).</summary>
    public void Clear()
    {
        Entries.Clear();
        Jurisdictions.Clear();
        Units.Clear();
    }
}

/// <summary>Boundaries changed on this node (import, demo seed): forget every located point.</summary>
internal sealed class ForgetLocatedPoints(LocateCache cache) : IEventSubscriber<AdminUnitsChanged>
{
    public Task HandleAsync(AdminUnitsChanged @event, CancellationToken cancellationToken)
    {
        cache.Clear();
        return Task.CompletedTask;
    }
}
