using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary>
/// The alert layer of <c>/ops</c> (ADR 0033): each active alert of the caller's jurisdiction as a point where its first
/// device stands, marked by severity (<c>alert alert-critical</c>). Its live topic is the alert panel's, so the map's
/// connection carries the panel's updates too; the layer reloads whole on each (a province has tens of alerts, not
/// thousands).
/// </summary>
internal static class AlertLayer
{
    public const string Id = "telemetry.alerts";
    public const string Url = "/api/v1/telemetry/ops/alerts.geojson";

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Layer(
        ClaimsPrincipal user, string? jurisdiction, TelemetryDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = DeviceEndpoints.Scope(user, jurisdiction, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = db.Alerts.AsNoTracking().Where(a => a.State != AlertState.Resolved && a.Latitude != null && a.Longitude != null);
        if (scope is not null)
        {
            query = query.Where(a => a.JurisdictionCode == scope);
        }

        var alerts = await query.OrderByDescending(a => a.OpenedAt).Take(AlertDirectory.MaxActive).ToListAsync(cancellationToken);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var alert in alerts)
            {
                var severity = AlertNames.Of(alert.Severity);
                var title = english ? alert.TitleEn : alert.TitleVi;
                writer.WriteStartObject();
                writer.WriteString("type", "Feature");
                writer.WriteString("id", alert.Id.ToString());
                writer.WriteStartObject("geometry");
                writer.WriteString("type", "Point");
                writer.WriteStartArray("coordinates");
                writer.WriteNumberValue(alert.Longitude!.Value);
                writer.WriteNumberValue(alert.Latitude!.Value);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteStartObject("properties");
                writer.WriteString("alert", alert.Id.ToString());
                writer.WriteString("severity", severity);
                writer.WriteString("state", AlertNames.Of(alert.State));
                writer.WriteString("marker", $"alert alert-{severity}");
                writer.WriteNumber("radius", alert.Severity == AlertSeverity.Critical ? 11 : 9);
                writer.WriteString("label", title);
                writer.WriteStartObject("popup");
                writer.WriteString("title", title);
                writer.WriteStartArray("rows");
                Row(writer, english ? "Severity" : "Mức độ", severity);
                Row(writer, english ? "State" : "Trạng thái", AlertNames.Of(alert.State));
                Row(writer, english ? "Devices" : "Thiết bị", string.Join(", ", alert.DeviceIds.Select(d => d.ToString(CultureInfo.InvariantCulture))));
                Row(writer, english ? "Communes" : "Xã/phường", string.Join(", ", alert.CommuneCodes));
                Row(writer, english ? "Opened" : "Mở lúc", Mekong.Platform.VietnamTime.ToLocal(alert.OpenedAt).ToString("dd/MM HH:mm", CultureInfo.InvariantCulture));
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

    /// <summary>The devices of a jurisdiction's active alerts and the worst severity each is in, for the sensor layer.</summary>
    public static async Task<Dictionary<long, AlertSeverity>> DevicesInAlertAsync(TelemetryDbContext db, string? jurisdiction, CancellationToken cancellationToken)
    {
        var query = db.Alerts.AsNoTracking().Where(a => a.State != AlertState.Resolved);
        if (jurisdiction is not null)
        {
            query = query.Where(a => a.JurisdictionCode == jurisdiction);
        }

        var result = new Dictionary<long, AlertSeverity>();
        foreach (var alert in await query.Select(a => new { a.Severity, a.ActiveDeviceIdsJson }).Take(AlertDirectory.MaxActive).ToListAsync(cancellationToken))
        {
            foreach (var id in JsonSerializer.Deserialize<List<long>>(alert.ActiveDeviceIdsJson) ?? [])
            {
                if (!result.TryGetValue(id, out var worst) || alert.Severity > worst)
                {
                    result[id] = alert.Severity;
                }
            }
        }

        return result;
    }

    private static void Row(Utf8JsonWriter writer, string label, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("label", label);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }
}
