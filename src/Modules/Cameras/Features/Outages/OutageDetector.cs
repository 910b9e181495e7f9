using Mekong.Modules.Cameras.Domain;

namespace Mekong.Modules.Cameras.Features.Outages;

/// <summary>What the grouping needs of a camera.</summary>
internal sealed record OutageCamera(Guid Id, string Code, string JurisdictionCode, string? PowerFeeder, string? NetworkSegment, string? CommuneCode, CameraState State, DateTimeOffset StateSince);

/// <summary>One grouped outage: many cameras of one power feeder, network segment or commune went offline together.</summary>
internal sealed record GroupedOutage(string JurisdictionCode, string Kind, string Key, int Offline, int Cameras, IReadOnlyList<string> Codes);

/// <summary>When cameras count as having dropped together (ADR 0034).</summary>
internal sealed record OutageRules(TimeSpan Window, int MinCameras, double MinShare)
{
    public static OutageRules Default { get; } = new(TimeSpan.FromMinutes(10), 5, 0.5);

    /// <summary>Enough of a group's cameras to call it an outage of the group.</summary>
    public bool Enough(int offline, int members) => offline >= MinCameras && offline >= MinShare * members;
}

/// <summary>
/// Groups cameras that went offline within <see cref="OutageRules.Window"/> by the likeliest shared cause: a power
/// feeder first, then a network segment, then a commune. A camera is put down to the first group that qualifies
/// (enough of its cameras down), so a feeder's cut is one alert, not also one per segment and commune. An outage is
/// raised only by the sweep that brings its group over the threshold: cameras that join an outage already raised are
/// put down to it in silence. Stateless: what it needs is the cameras' states and since when.
/// </summary>
internal static class OutageDetector
{
    public static IReadOnlyList<GroupedOutage> Detect(IReadOnlyList<OutageCamera> cameras, IReadOnlySet<Guid> wentOfflineNow, DateTimeOffset now, OutageRules rules)
    {
        var outages = new List<GroupedOutage>();
        var explained = new HashSet<Guid>();
        var kinds = new (string Kind, Func<OutageCamera, string?> Key)[] { ("feeder", c => c.PowerFeeder), ("segment", c => c.NetworkSegment), ("commune", c => c.CommuneCode) };
        foreach (var (kind, key) in kinds)
        {
            foreach (var group in cameras.Where(c => key(c) is not null).GroupBy(c => (c.JurisdictionCode, Key: key(c)!)).OrderBy(g => g.Key.JurisdictionCode, StringComparer.Ordinal).ThenBy(g => g.Key.Key, StringComparer.Ordinal))
            {
                var members = group.Count();
                var down = group.Where(c => c.State == CameraState.Offline && c.StateSince >= now - rules.Window && !explained.Contains(c.Id)).ToList();
                if (!rules.Enough(down.Count, members))
                {
                    continue;
                }

                var fresh = down.Count(c => wentOfflineNow.Contains(c.Id));
                explained.UnionWith(down.Select(c => c.Id));
                if (fresh > 0 && !rules.Enough(down.Count - fresh, members))
                {
                    outages.Add(new GroupedOutage(group.Key.JurisdictionCode, kind, group.Key.Key, down.Count, members, down.Select(c => c.Code).Order(StringComparer.Ordinal).ToList()));
                }
            }
        }

        return outages;
    }
}
