using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Health;

/// <summary>One camera as the health screens see it: what it is, where, its state and its record; never how to reach it.</summary>
internal sealed record FleetRow(
    Guid Id, string Code, string Name, string Type, string? Commune, string? Contractor, string? NetworkSegment, string? PowerFeeder,
    double Latitude, double Longitude, string State, string? Fault, DateTimeOffset StateSince, DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastOnlineAt, DateTimeOffset? LastOfflineAt, double? Uptime, bool Counted);

/// <summary>Cameras of one kind (a type, a commune, a contractor) and how many of them work.</summary>
internal sealed record HealthGroup(string Key, string Name, int Total, int Online, int Degraded, int Offline, int Other, double? OnlinePercent);

/// <summary>
/// The network health panel (<c>GET /api/v1/cameras/health</c>): online share of the counted cameras (neither in
/// maintenance, nor unknown, nor tagged <c>intermittent</c>), by type, commune and contractor, and the worst cameras
/// (not online, longest first).
/// </summary>
internal sealed record HealthSummary(
    int Total, int Counted, int Online, int Degraded, int Offline, int Unknown, int Maintenance, double? OnlinePercent,
    IReadOnlyList<HealthGroup> ByType, IReadOnlyList<HealthGroup> ByCommune, IReadOnlyList<HealthGroup> ByContractor,
    IReadOnlyList<FleetRow> Worst, int OpenTickets, DateTimeOffset At);

/// <summary>The health screens' queries, shared by the pages and the API.</summary>
internal sealed class FleetHealth(CamerasDbContext db, IAdminUnitDirectory directory, TimeProvider clock)
{
    /// <summary>A camera tagged so is known to drop now and then (a solar pole, a radio link): it does not count against the score.</summary>
    public const string IntermittentTag = "intermittent";

    public const int WorstCount = 10;

    public const int MaxRows = 2000;

    /// <summary>The group's cameras, worst first (offline, degraded, unknown, maintenance, online; longest in that state first).</summary>
    public async Task<IReadOnlyList<FleetRow>> RowsAsync(ClaimsPrincipal user, CameraGroup group, CancellationToken cancellationToken)
    {
        var cameras = await group.Apply(CameraEndpoints.Visible(db, user))
            .OrderBy(c => c.Code)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
        return cameras.Select(Row).OrderBy(r => Severity(r.State)).ThenBy(r => r.StateSince).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }

    public async Task<HealthSummary> SummaryAsync(ClaimsPrincipal user, CameraGroup group, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(user, group, cancellationToken);
        var names = await CommuneNamesAsync(user, cancellationToken);
        var counted = rows.Where(r => r.Counted).ToList();
        // Open tickets (ADR 0039) of the group's cameras.
        var ids = rows.Select(r => r.Id).ToHashSet();
        var ticketed = await Maintenance.TicketEndpoints.Visible(db, user).AsNoTracking().Where(t => t.State != TicketState.Closed).Select(t => t.CameraId).ToListAsync(cancellationToken);
        return new HealthSummary(
            rows.Count, counted.Count,
            counted.Count(r => r.State == "online"), counted.Count(r => r.State == "degraded"), counted.Count(r => r.State == "offline"),
            rows.Count(r => r.State == "unknown"), rows.Count(r => r.State == "maintenance"), Percent(counted),
            Groups(rows, r => r.Type, k => k),
            Groups(rows, r => r.Commune ?? "", k => k.Length == 0 ? "–" : names.GetValueOrDefault(k, k)),
            Groups(rows, r => r.Contractor ?? "", k => k.Length == 0 ? "–" : k),
            rows.Where(r => r.State is "offline" or "degraded").Take(WorstCount).ToList(),
            OpenTickets: ticketed.Count(ids.Contains), clock.GetUtcNow());
    }

    /// <summary>Commune codes to names, in the reader's jurisdiction (or every one an installation administrator sees).</summary>
    public async Task<Dictionary<string, string>> CommuneNamesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var jurisdictions = Mekong.Platform.Auth.ActorScope.IsConfined(user, out var own)
            ? [own!]
            : (await directory.ListJurisdictionsAsync(cancellationToken)).Select(j => j.Code).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        foreach (var jurisdiction in jurisdictions)
        {
            foreach (var commune in await directory.ListCommunesAsync(jurisdiction, null, cancellationToken))
            {
                names[commune.Code] = english ? commune.NameEn : commune.NameVi;
            }
        }

        return names;
    }

    public static FleetRow Row(Camera c) => new(
        c.Id, c.Code, c.Name, c.Type, c.CommuneCode, c.Contractor, c.NetworkSegment, c.PowerFeeder, c.Latitude, c.Longitude,
        CameraFaults.Name(c.State), c.Fault == CameraFault.None ? null : CameraFaults.Name(c.Fault), c.StateSince, c.LastCheckedAt,
        c.LastOnlineAt, c.LastOfflineAt, c.Uptime,
        Counted: c.State is CameraState.Online or CameraState.Degraded or CameraState.Offline && !c.Tags.Contains(IntermittentTag));

    public static int Severity(string state) => state switch
    {
        "offline" => 0,
        "degraded" => 1,
        "unknown" => 2,
        "maintenance" => 3,
        _ => 4,
    };

    private static double? Percent(List<FleetRow> counted) =>
        counted.Count == 0 ? null : Math.Round(100.0 * counted.Count(r => r.State == "online") / counted.Count, 1);

    private static List<HealthGroup> Groups(IEnumerable<FleetRow> rows, Func<FleetRow, string> key, Func<string, string> name) =>
        rows.GroupBy(key, StringComparer.Ordinal)
            .Select(g =>
            {
                var counted = g.Where(r => r.Counted).ToList();
                return new HealthGroup(g.Key, name(g.Key), g.Count(), counted.Count(r => r.State == "online"), counted.Count(r => r.State == "degraded"),
                    counted.Count(r => r.State == "offline"), g.Count() - counted.Count, Percent(counted));
            })
            .OrderBy(g => g.OnlinePercent ?? 101).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
}
