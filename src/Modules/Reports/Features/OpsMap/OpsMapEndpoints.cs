using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.OpsLive;
using Mekong.Modules.Reports.Storage;
using Mekong.Modules.Reports.Ui.Ops;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Reports.Features.OpsMap;

internal sealed record StatusCount(string Status, string Name, bool Open, int Count);

/// <summary>The console's reports panel: reports per state, how many are open, overdue, open emergencies, alerts waiting.</summary>
internal sealed record OpsSummaryResponse(IReadOnlyList<StatusCount> Statuses, int Open, int Overdue, int OpenEmergencies, int UnacknowledgedAlerts);

/// <summary>An emergency alert waiting for an operator: the report's number, category, commune and place, never who reported.</summary>
internal sealed record OpsAlertResponse(Guid Id, long ReportId, string ServiceCode, string Category, string? CommuneCode, double? Latitude, double? Longitude, DateTimeOffset RequestedAt, DateTimeOffset RaisedAt, string Status, string Link);

internal sealed record OpsAlertsResponse(IReadOnlyList<OpsAlertResponse> Items);

internal sealed record AcknowledgedResponse(Guid Id, long ReportId, bool Acknowledged, DateTimeOffset AcknowledgedAt);

/// <summary>
/// The reports layer of <c>/ops</c> and its panel: GeoJSON by viewport, counts by state, the emergency alerts and their
/// acknowledgement. Map data carries no personal data and no description (a resident may name people in it).
/// </summary>
internal static class OpsMapEndpoints
{
    public const string LayerUrl = "/api/v1/reports/ops/reports.geojson";

    /// <summary>At most this many points per view; the newest are kept, <c>truncated</c> says so.</summary>
    public const int MaxFeatures = 5000;

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Layer(
        ClaimsPrincipal user, string? jurisdiction, Mekong.Platform.Errors.QueryBox? bbox, string? status, string? category, string? commune, string? ids,
        ReportsDbContext db, TimeProvider clock, IStringLocalizer<OpsText> text, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var filter = OpsReportFilter.Parse(errors, user, jurisdiction, bbox, status, category, commune, ids);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var reports = await filter.Apply(db.Reports.AsNoTracking())
            .OrderByDescending(r => r.Id)
            .Take(MaxFeatures + 1)
            .Select(r => new LayerRow(r.Id, r.JurisdictionCode, r.ServiceCode, r.Status, r.IsEmergency, r.Location.Latitude!.Value, r.Location.Longitude!.Value, r.Location.CommuneCode, r.RequestedAt, r.ExpectedAt))
            .ToListAsync(cancellationToken);
        var categories = await CategoryNamesAsync(db, reports.Select(r => r.JurisdictionCode).Distinct().ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        var english = OpsText.English;
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteBoolean("truncated", reports.Count > MaxFeatures);
            writer.WriteStartArray("features");
            foreach (var report in reports.Take(MaxFeatures))
            {
                var name = categories.TryGetValue((report.JurisdictionCode, report.ServiceCode), out var n) ? (english ? n.En : n.Vi) : report.ServiceCode;
                WriteFeature(writer, report, name, now, english, text);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.File(buffer.ToArray(), "application/geo+json");
    }

    public static async Task<Results<Ok<OpsSummaryResponse>, ValidationProblem>> Summary(
        ClaimsPrincipal user, string? jurisdiction, ReportsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = OpsScope.Of(errors, user, jurisdiction);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var now = clock.GetUtcNow();
        var reports = scope is null ? db.Reports.AsNoTracking() : db.Reports.AsNoTracking().Where(r => r.JurisdictionCode == scope);
        var byStatus = await reports.GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var overdue = await reports.Where(Overdue.At(now)).CountAsync(cancellationToken);
        var open = Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()).ToList();
        var emergencies = await reports.Where(r => r.IsEmergency && open.Contains(r.Status)).CountAsync(cancellationToken);
        var alerts = scope is null ? db.OpsAlerts.AsNoTracking() : db.OpsAlerts.AsNoTracking().Where(a => a.JurisdictionCode == scope);
        var waiting = await alerts.CountAsync(a => a.AcknowledgedAt == null, cancellationToken);
        var english = OpsText.English;
        var statuses = Enum.GetValues<ReportStatus>()
            .Select(s => new StatusCount(s.Code(), s.Name(english), s.IsOpen(), byStatus.Where(b => b.Status == s).Sum(b => b.Count)))
            .ToList();
        return TypedResults.Ok(new OpsSummaryResponse(statuses, statuses.Where(s => s.Open).Sum(s => s.Count), overdue, emergencies, waiting));
    }

    public static async Task<Results<Ok<OpsAlertsResponse>, ValidationProblem>> Alerts(
        ClaimsPrincipal user, string? jurisdiction, ReportsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = OpsScope.Of(errors, user, jurisdiction);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var alerts = db.OpsAlerts.AsNoTracking().Where(a => a.AcknowledgedAt == null);
        if (scope is not null)
        {
            alerts = alerts.Where(a => a.JurisdictionCode == scope);
        }

        var rows = await alerts.OrderByDescending(a => a.ReportId).Take(100)
            .Select(a => new { a.Id, a.ReportId, a.JurisdictionCode, a.RaisedAt, a.Report!.ServiceCode, a.Report.RequestedAt, a.Report.Status, a.Report.Location.CommuneCode, a.Report.Location.Latitude, a.Report.Location.Longitude })
            .ToListAsync(cancellationToken);
        var categories = await CategoryNamesAsync(db, rows.Select(r => r.JurisdictionCode).Distinct().ToList(), cancellationToken);
        var english = OpsText.English;
        return TypedResults.Ok(new OpsAlertsResponse(rows.Select(r => new OpsAlertResponse(
            r.Id, r.ReportId, r.ServiceCode,
            categories.TryGetValue((r.JurisdictionCode, r.ServiceCode), out var n) ? (english ? n.En : n.Vi) : r.ServiceCode,
            r.CommuneCode, r.Latitude, r.Longitude, r.RequestedAt, r.RaisedAt, r.Status.Code(), OfficerLink(r.ReportId))).ToList()));
    }

    public static async Task<Results<Ok<AcknowledgedResponse>, ProblemHttpResult>> Acknowledge(
        Guid id, ClaimsPrincipal user, ReportsDbContext db, ILiveChannel live, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alert = await db.OpsAlerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !Mekong.Platform.Auth.ActorScope.CanAccess(user, alert.JurisdictionCode))
        {
            return Problem.NotFound("Alert not found", $"There is no operator alert {id} in your jurisdiction.");
        }

        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(Mekong.Platform.Auth.MekongClaims.ApiKeyId) ?? "unknown";
        if (alert.Acknowledge(actor, clock))
        {
            await db.SaveChangesAsync(cancellationToken);
            // Every other console of the jurisdiction takes the alert down too.
            await live.PublishAsync(alert.JurisdictionCode, OpsLiveTopics.Reports, new ReportsLiveMessage(OpsLiveTopics.ReportsLayer, [], [], 0) { Acknowledged = [alert.ReportId] }, CancellationToken.None);
        }

        return TypedResults.Ok(new AcknowledgedResponse(alert.Id, alert.ReportId, true, alert.AcknowledgedAt!.Value));
    }

    /// <summary>The officer's page of a report (the case screens).</summary>
    public static string OfficerLink(long id) => $"/reports/queue/{id.ToString(CultureInfo.InvariantCulture)}";

    private static async Task<Dictionary<(string, string), (string Vi, string En)>> CategoryNamesAsync(ReportsDbContext db, List<string> jurisdictions, CancellationToken cancellationToken) =>
        (await db.Categories.AsNoTracking().Where(c => jurisdictions.Contains(c.JurisdictionCode))
            .Select(c => new { c.JurisdictionCode, c.Code, c.NameVi, c.NameEn }).ToListAsync(cancellationToken))
        .ToDictionary(c => (c.JurisdictionCode, c.Code), c => (c.NameVi, c.NameEn));

    private sealed record LayerRow(long Id, string JurisdictionCode, string ServiceCode, ReportStatus Status, bool IsEmergency, double Latitude, double Longitude, string? CommuneCode, DateTimeOffset RequestedAt, DateTimeOffset ExpectedAt);

    private static void WriteFeature(Utf8JsonWriter writer, LayerRow report, string category, DateTimeOffset now, bool english, IStringLocalizer<OpsText> text)
    {
        var overdue = Overdue.Is(report.Status, report.ExpectedAt, now);
        var number = report.Id.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteNumber("id", report.Id);
        writer.WriteStartObject("geometry");
        writer.WriteString("type", "Point");
        writer.WriteStartArray("coordinates");
        writer.WriteNumberValue(Math.Round(report.Longitude, 6));
        writer.WriteNumberValue(Math.Round(report.Latitude, 6));
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteString("number", number);
        writer.WriteString("service_code", report.ServiceCode);
        writer.WriteString("category", category);
        writer.WriteString("status", report.Status.Code());
        writer.WriteBoolean("open", report.Status.IsOpen());
        writer.WriteBoolean("emergency", report.IsEmergency);
        writer.WriteBoolean("overdue", overdue);
        if (report.CommuneCode is null)
        {
            writer.WriteNull("commune");
        }
        else
        {
            writer.WriteString("commune", report.CommuneCode);
        }

        writer.WriteString("requested_at", report.RequestedAt);
        writer.WriteString("expected_at", report.ExpectedAt);
        writer.WriteString("link", OfficerLink(report.Id));
        writer.WriteString("label", $"{number} · {category}");
        var marker = string.Join(' ', new[] { report.IsEmergency ? "emergency" : null, overdue ? "overdue" : null, report.Status.IsOpen() ? null : "closed" }.OfType<string>());
        writer.WriteString("marker", marker);
        // The popup as the reader's language has it; the map only lays it out (textContent, never HTML).
        writer.WriteStartObject("popup");
        writer.WriteString("title", text["PopupTitle", number].Value);
        writer.WriteStartArray("rows");
        Row(writer, text["Category"], category, null);
        Row(writer, text["Status"], report.Status.Name(english), null);
        Row(writer, text["Received"], $"{OpsText.Date(report.RequestedAt)} ({OpsText.Age(now - report.RequestedAt, text)})", null);
        Row(writer, text["Deadline"], overdue ? $"{OpsText.Date(report.ExpectedAt)} — {text["OverdueMark"]}" : OpsText.Date(report.ExpectedAt), overdue ? "overdue" : null);
        if (report.IsEmergency)
        {
            Row(writer, text["Emergency"], text["EmergencyYes"], "emergency");
        }

        writer.WriteEndArray();
        writer.WriteStartObject("link");
        writer.WriteString("href", OfficerLink(report.Id));
        writer.WriteString("text", text["OpenCase"].Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Row(Utf8JsonWriter writer, string label, string value, string? mark)
    {
        writer.WriteStartObject();
        writer.WriteString("label", label);
        writer.WriteString("value", value);
        if (mark is not null)
        {
            writer.WriteString("mark", mark);
        }

        writer.WriteEndObject();
    }
}
