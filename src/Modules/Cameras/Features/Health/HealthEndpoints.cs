using System.Collections.Concurrent;
using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Ui;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Cameras.Features.Health;

/// <summary>
/// The health screens' API under <c>/api/v1/cameras</c> (ADR 0034): the health panel, the fleet table, the map layer
/// (clustered when the view holds many cameras) and a camera's current picture for operators.
/// </summary>
internal static class HealthEndpoints
{
    public const string LayerId = "cameras.network";
    public const string LayerUrl = "/api/v1/cameras/map.geojson";

    /// <summary>A view with more cameras than this is drawn as clusters (a grid of <see cref="GridColumns"/> × <see cref="GridRows"/> cells).</summary>
    public const int ClusterAbove = 250;

    public const int GridColumns = 24;

    public const int GridRows = 16;

    public const string SnapshotUnavailable = "/problems/cameras/snapshot-unavailable";

    public static RouteGroupBuilder MapCameraHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/health", Summary).WithName("CameraHealth").ProducesValidationProblem();
        api.MapGet("/fleet", Fleet).WithName("CameraFleet").ProducesValidationProblem();
        api.MapGet("/map.geojson", Layer).WithName("CameraLayer").ProducesValidationProblem();
        // Pictures of public places are for the operations centre's operators, not every signed-in viewer.
        api.MapGet("/{id:guid}/snapshot", Snapshot).RequireAuthorization(Policies.Operator).WithName("CameraSnapshot")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<Results<Ok<HealthSummary>, ValidationProblem>> Summary(
        ClaimsPrincipal user, FleetHealth health, string? type, string? status, string? commune, string? contractor, string? segment, string? feeder, string? q,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var group = CameraGroup.Parse(errors, type, status, commune, contractor, segment, feeder, q);
        return errors.IsEmpty ? TypedResults.Ok(await health.SummaryAsync(user, group, cancellationToken)) : Invalid(errors);
    }

    internal sealed record FleetResponse(IReadOnlyList<FleetRow> Items, int Total);

    private static async Task<Results<Ok<FleetResponse>, ValidationProblem>> Fleet(
        ClaimsPrincipal user, FleetHealth health, string? type, string? status, string? commune, string? contractor, string? segment, string? feeder, string? q,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var group = CameraGroup.Parse(errors, type, status, commune, contractor, segment, feeder, q);
        if (!errors.IsEmpty)
        {
            return Invalid(errors);
        }

        var rows = await health.RowsAsync(user, group, cancellationToken);
        return TypedResults.Ok(new FleetResponse(rows, rows.Count));
    }

    private static async Task<Results<JsonHttpResult<FeatureCollection>, ValidationProblem>> Layer(
        ClaimsPrincipal user, FleetHealth health, IStringLocalizer<CamerasText> text, QueryBox? bbox, string? type, string? status, string? commune,
        string? contractor, string? segment, string? feeder, string? q, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var box = errors.Box("bbox", bbox);
        var group = CameraGroup.Parse(errors, type, status, commune, contractor, segment, feeder, q);
        if (!errors.IsEmpty)
        {
            return Invalid(errors);
        }

        var rows = await health.RowsAsync(user, group, cancellationToken);
        if (box is { } b)
        {
            rows = rows.Where(r => r.Longitude >= b.MinLon && r.Longitude <= b.MaxLon && r.Latitude >= b.MinLat && r.Latitude <= b.MaxLat).ToList();
        }

        var features = rows.Count > ClusterAbove && box is { } view ? Clusters(rows, view, text) : rows.Select(r => CameraFeature(r, text)).ToList();
        return TypedResults.Json(new FeatureCollection("FeatureCollection", rows.Count > ClusterAbove && box is not null, rows.Count, features), contentType: "application/geo+json");
    }

    internal sealed record FeatureCollection(string Type, bool Clustered, int Cameras, IReadOnlyList<Feature> Features);

    internal sealed record Feature(string Type, string Id, Geometry Geometry, IReadOnlyDictionary<string, object?> Properties);

    internal sealed record Geometry(string Type, double[] Coordinates);

    internal sealed record PopupRow(string Label, string Value, string? Mark);

    internal sealed record Popup(string Title, IReadOnlyList<PopupRow> Rows, PopupLink? Link);

    internal sealed record PopupLink(string Href, string Text);

    private static Feature CameraFeature(FleetRow r, IStringLocalizer<CamerasText> text)
    {
        var rows = new List<PopupRow>
        {
            new(text["Type"], CamerasText.TypeName(r.Type, text), null),
            new(text["State"], CamerasText.StateName(r.State, text) + (r.Fault is null ? "" : " – " + CamerasText.FaultName(r.Fault, text)), r.State),
            new(text["Since"], CamerasText.Date(r.StateSince), null),
            new(text["Uptime"], CamerasText.Percent(r.Uptime), null),
        };
        return new Feature("Feature", r.Id.ToString(), Point(r.Longitude, r.Latitude), new Dictionary<string, object?>
        {
            ["code"] = r.Code,
            ["label"] = $"{r.Code} · {CamerasText.StateName(r.State, text)}",
            ["type"] = r.Type,
            ["state"] = r.State,
            ["fault"] = r.Fault,
            ["marker"] = $"cam cam-{Css(r.Type)} cam-{r.State}",
            ["link"] = CamerasText.CameraLink(r.Id),
            ["popup"] = new Popup($"{r.Code} – {r.Name}", rows, new PopupLink(CamerasText.CameraLink(r.Id), text["OpenCamera"])),
        });
    }

    /// <summary>The view cut into a grid; a cell with one camera shows it, with several a cluster coloured by its worst state.</summary>
    private static List<Feature> Clusters(IReadOnlyList<FleetRow> rows, Mekong.Platform.Spatial.BoundingBox view, IStringLocalizer<CamerasText> text)
    {
        var width = (view.MaxLon - view.MinLon) / GridColumns;
        var height = (view.MaxLat - view.MinLat) / GridRows;
        var features = new List<Feature>();
        foreach (var cell in rows.GroupBy(r => (Column: Math.Min(GridColumns - 1, (int)((r.Longitude - view.MinLon) / width)), Row: Math.Min(GridRows - 1, (int)((r.Latitude - view.MinLat) / height))))
                     .OrderBy(c => c.Key.Row).ThenBy(c => c.Key.Column))
        {
            var members = cell.ToList();
            if (members.Count == 1)
            {
                features.Add(CameraFeature(members[0], text));
                continue;
            }

            var worst = members.MinBy(m => FleetHealth.Severity(m.State))!.State;
            var offline = members.Count(m => m.State == "offline");
            var degraded = members.Count(m => m.State == "degraded");
            var online = members.Count(m => m.State == "online");
            var label = text["ClusterLabel", members.Count, online, degraded, offline].Value;
            features.Add(new Feature("Feature", $"cluster-{cell.Key.Column}-{cell.Key.Row}", Point(members.Average(m => m.Longitude), members.Average(m => m.Latitude)), new Dictionary<string, object?>
            {
                ["cluster"] = true,
                ["count"] = members.Count,
                ["label"] = label,
                ["state"] = worst,
                ["marker"] = $"cam cam-cluster cam-{worst}",
                ["radius"] = Math.Round(7 + (2.5 * Math.Log2(members.Count)), 1),
                ["popup"] = new Popup(label, [
                    new(text["StateOnline"], online.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                    new(text["StateDegraded"], degraded.ToString(System.Globalization.CultureInfo.InvariantCulture), degraded > 0 ? "degraded" : null),
                    new(text["StateOffline"], offline.ToString(System.Globalization.CultureInfo.InvariantCulture), offline > 0 ? "offline" : null),
                ], null),
            }));
        }

        return features;
    }

    private static Geometry Point(double lon, double lat) => new("Point", [Math.Round(lon, 6), Math.Round(lat, 6)]);

    private static string Css(string word) => new(word.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-').ToArray());

    /// <summary>
    /// The camera's picture now, fetched by the server with the camera's credentials (which never leave it); a picture
    /// fetched in the last <see cref="SnapshotCache.Fresh"/> is served again, so a wall of viewers asks each camera once.
    /// </summary>
    private static async Task<FileContentHttpResult> Snapshot(
        Guid id, ClaimsPrincipal user, CameraRegistry registry, CameraProber prober, ISecretProtector secrets, SnapshotCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var camera = await registry.FindAsync(id, user, cancellationToken);
        if (cache.Get(id, clock.GetUtcNow()) is { } cached)
        {
            return TypedResults.File(cached, "image/jpeg");
        }

        if (camera.SnapshotUrl is not { } url)
        {
            throw new DomainException(SnapshotUnavailable, "No snapshot", $"Camera {camera.Code} has no snapshot URL.", StatusCodes.Status404NotFound);
        }

        CameraCredentials? credentials;
        try
        {
            credentials = CameraCredentials.Reveal(secrets, camera.Credentials);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            credentials = null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(prober.Timeout);
        (CameraFault Fault, string? Detail, byte[]? Jpeg) result;
        try
        {
            result = await prober.SnapshotAsync(url, credentials, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = (CameraFault.Timeout, "no answer in time", null);
        }

        if (result.Jpeg is not { } jpeg)
        {
            throw new DomainException(SnapshotUnavailable, "Snapshot unavailable",
                $"Camera {camera.Code} gave no picture ({CameraFaults.Name(result.Fault)}).", StatusCodes.Status503ServiceUnavailable);
        }

        cache.Put(id, jpeg, clock.GetUtcNow());
        return TypedResults.File(jpeg, "image/jpeg");
    }

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
}

/// <summary>The last few seconds' pictures, per camera, in memory (bounded): several operators watching one wall ask each camera once.</summary>
internal sealed class SnapshotCache
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    public const int MaxEntries = 512;

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, byte[] Jpeg)> _pictures = new();

    public byte[]? Get(Guid id, DateTimeOffset now) =>
        _pictures.TryGetValue(id, out var entry) && now - entry.At < Fresh && now >= entry.At ? entry.Jpeg : null;

    public void Put(Guid id, byte[] jpeg, DateTimeOffset now)
    {
        if (_pictures.Count >= MaxEntries)
        {
            foreach (var old in _pictures.Where(p => now - p.Value.At >= Fresh).Select(p => p.Key).ToList())
            {
                _pictures.TryRemove(old, out _);
            }

            if (_pictures.Count >= MaxEntries)
            {
                _pictures.Clear();
            }
        }

        _pictures[id] = (now, jpeg);
    }
}
