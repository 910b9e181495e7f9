using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.OpsMap;

/// <summary>
/// The sensor layer of <c>/ops</c>: every device of the caller's jurisdiction (or those named by <c>ids</c>) as a
/// GeoJSON point coloured by its state through a marker class: <c>ok</c> (heard from lately), <c>offline</c> (silent
/// longer than <see cref="OfflineAfter"/>), <c>nodata</c> (never heard from), <c>maintenance</c>, <c>retired</c>; a device in
/// an active alert also carries <c>alert</c> (its worst severity) and the marker <c>sensor-alert-{severity}</c>.
/// </summary>
internal static class SensorLayerEndpoints
{
    public const string LayerUrl = "/api/v1/telemetry/ops/sensors.geojson";

    public static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(30);

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Layer(
        ClaimsPrincipal user, string? jurisdiction, string? ids, TelemetryDbContext db, ReadingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = DeviceEndpoints.Scope(user, jurisdiction, errors);
        List<long>? only = null;
        if (ids is not null)
        {
            only = [];
            foreach (var part in ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || only.Count >= 1000)
                {
                    errors.Add("ids", "ids is a comma list of at most 1,000 device ids.");
                    break;
                }

                only.Add(id);
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = db.Devices.AsNoTracking();
        if (scope is not null)
        {
            query = query.Where(d => d.JurisdictionCode == scope);
        }

        if (only is not null)
        {
            query = query.Where(d => only.Contains(d.Id));
        }

        var devices = await query.OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var latest = (await store.LatestAsync(devices.Select(d => d.Id).ToList(), cancellationToken)).ToLookup(l => l.DeviceId);
        var inAlert = await Alerts.AlertLayer.DevicesInAlertAsync(db, scope, cancellationToken);
        var now = clock.GetUtcNow();
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var device in devices)
            {
                var values = latest[device.Id].OrderBy(v => v.MeasurementId).ToList();
                var seen = values.Count == 0 ? (DateTimeOffset?)null : values.Max(v => v.ReceivedAt);
                var state = StateOf(device.Status, seen, now);
                // A device in an active alert shows it, whatever else it is (ADR 0033).
                var marker = inAlert.TryGetValue(device.Id, out var severity) ? $"sensor sensor-{state} sensor-alert sensor-alert-{AlertNames.Of(severity)}" : "sensor sensor-" + state;
                var summary = string.Join(" · ", values.Select(v => DeviceTypes.Measurement(v.MeasurementId) is { } m
                    ? string.Create(CultureInfo.InvariantCulture, $"{v.Value:0.##} {m.Unit}") : string.Empty));
                writer.WriteStartObject();
                writer.WriteString("type", "Feature");
                writer.WriteNumber("id", device.Id);
                writer.WriteStartObject("geometry");
                writer.WriteString("type", "Point");
                writer.WriteStartArray("coordinates");
                writer.WriteNumberValue(device.Longitude);
                writer.WriteNumberValue(device.Latitude);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteStartObject("properties");
                writer.WriteNumber("device", device.Id);
                writer.WriteString("code", device.Code);
                writer.WriteString("type", device.TypeCode);
                writer.WriteString("state", state);
                writer.WriteString("marker", marker);
                if (inAlert.TryGetValue(device.Id, out var worst))
                {
                    writer.WriteString("alert", AlertNames.Of(worst));
                }

                writer.WriteString("label", summary.Length == 0 ? $"{device.Code} {device.Name}" : $"{device.Code} {device.Name}: {summary}");
                writer.WriteStartObject("popup");
                writer.WriteString("title", $"{device.Code} · {device.Name}");
                writer.WriteStartArray("rows");
                Row(writer, english ? "Type" : "Loại", english ? device.Type.NameEn : device.Type.NameVi, null);
                Row(writer, english ? "State" : "Trạng thái", state, state);
                foreach (var v in values)
                {
                    if (DeviceTypes.Measurement(v.MeasurementId) is { } m)
                    {
                        Row(writer, english ? m.NameEn : m.NameVi, string.Create(CultureInfo.InvariantCulture, $"{v.Value:0.###} {m.Unit} ({Mekong.Platform.VietnamTime.ToLocal(v.At):dd/MM HH:mm})"), null);
                    }
                }

                Row(writer, english ? "Owner" : "Đơn vị quản lý", device.OwnerAgency, null);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.File(buffer.ToArray(), "application/geo+json");
    }

    public static string StateOf(DeviceStatus status, DateTimeOffset? lastSeen, DateTimeOffset now) => status switch
    {
        DeviceStatus.Retired => "retired",
        DeviceStatus.Maintenance => "maintenance",
        _ when lastSeen is null => "nodata",
        _ when now - lastSeen.Value > OfflineAfter => "offline",
        _ => "ok",
    };

    private static void Row(Utf8JsonWriter writer, string label, string value, string? mark)
    {
        writer.WriteStartObject();
        writer.WriteString("label", label);
        writer.WriteString("value", value);
        if (mark is not null)
        {
            writer.WriteString("mark", "sensor-" + mark);
        }

        writer.WriteEndObject();
    }
}
