using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Events;
using Mekong.Platform.Live;

namespace Mekong.Modules.Reports.Features.OpsLive;

/// <summary>
/// Tells the operator consoles of the report's jurisdiction which reports changed (<see cref="OpsLiveTopics.Reports"/>):
/// ids only, so that each screen fetches them with its own rights and language. Emergencies that raised an alert are
/// named in <c>alerts</c>. Over a backplane (Redis) the message reaches the consoles connected to every node.
/// </summary>
internal sealed class AnnounceReportsOnOps(ILiveChannel live) : IEventSubscriber<ReportsCommitted>
{
    /// <summary>More changes than this in one commit (a bulk action, demo seeding): the consoles reload the layer instead.</summary>
    public const int MaxIds = 200;

    public async Task HandleAsync(ReportsCommitted @event, CancellationToken cancellationToken)
    {
        foreach (var jurisdiction in @event.Reports.GroupBy(r => r.JurisdictionCode, StringComparer.Ordinal))
        {
            var reports = jurisdiction.ToList();
            var payload = new ReportsLiveMessage(
                OpsLiveTopics.ReportsLayer,
                reports.Count > MaxIds ? null : reports.Select(r => r.Id).Distinct().ToList(),
                reports.Where(r => r.RaisedAlert).Select(r => r.Id).ToList(),
                reports.Count(r => r.IsNew));
            await live.PublishAsync(jurisdiction.Key, OpsLiveTopics.Reports, payload, cancellationToken);
        }
    }
}

/// <summary>The live message: the layer, the changed reports' ids (null: reload it all), the new alerts, how many are new.</summary>
internal sealed record ReportsLiveMessage(string Layer, IReadOnlyList<long>? Ids, IReadOnlyList<long> Alerts, int Submitted)
{
    /// <summary>Reports whose alert an operator acknowledged: every console takes it down.</summary>
    public IReadOnlyList<long> Acknowledged { get; init; } = [];
}

internal static class OpsLiveTopics
{
    /// <summary>The live topic of the reports layer and of the console's reports panel.</summary>
    public const string Reports = "layers.reports";

    public const string ReportsLayer = "reports.reports";
}
