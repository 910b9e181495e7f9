using System.Globalization;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Alerts;

internal enum AlertNoticeKind
{
    Opened,
    Reminder,
    Escalated,
}

/// <summary>The e-mail of one alert notice to one person, rendered at delivery by <see cref="AlertEmailHandler"/>.</summary>
internal sealed record AlertEmailPayload(
    string MessageId, string JurisdictionCode, string EventType, string To, string? ToName, string Language,
    Guid AlertId, string Severity, string TitleVi, string TitleEn, string Kind, IReadOnlyList<long> DeviceIds, IReadOnlyList<string> Communes, DateTimeOffset OpenedAt);

internal static class AlertNoticeTypes
{
    public const string Email = "telemetry.alert-email";
    public const string Opened = "telemetry.alert.opened";
    public const string Reminder = "telemetry.alert.reminder";
    public const string Escalated = "telemetry.alert.escalated";

    public static string EventOf(AlertNoticeKind kind) => kind switch
    {
        AlertNoticeKind.Opened => Opened,
        AlertNoticeKind.Reminder => Reminder,
        _ => Escalated,
    };
}

/// <summary>
/// Tells people of an alert through the platform's notifications (ADR 0033): the operators and administrators of the
/// jurisdiction when it opens and at each reminder, the administrators when it escalates. Each person's
/// <see cref="AlertPreference"/> picks the channels: the bell (in-app, through the Notifications module's own outbox
/// message) from one severity, e-mail (this module's outbox message, sent through the platform's mail server) from
/// another. Everything is written into the caller's context, so it commits with the alert's change or not at all.
/// </summary>
internal sealed class AlertNotifier(IUserDirectory users, IDirectNotifications direct, IOutbox outbox)
{
    public async Task<int> EnqueueAsync(TelemetryDbContext db, Alert alert, AlertNoticeKind kind, CancellationToken cancellationToken)
    {
        var people = new List<DirectoryUser>();
        if (kind != AlertNoticeKind.Escalated)
        {
            people.AddRange(await users.ListAsync(new UserQuery(alert.JurisdictionCode, Roles.Operator), cancellationToken));
        }

        people.AddRange(await users.ListAsync(new UserQuery(alert.JurisdictionCode, Roles.Administrator), cancellationToken));
        people = [.. people.DistinctBy(p => p.Id)];
        var ids = people.Select(p => p.Id).ToList();
        var preferences = await db.AlertPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, cancellationToken);
        var eventType = AlertNoticeTypes.EventOf(kind);
        var round = kind switch
        {
            AlertNoticeKind.Reminder => "r" + (alert.Reminders + 1).ToString(CultureInfo.InvariantCulture),
            AlertNoticeKind.Escalated => "e",
            _ => "o",
        };
        var (title, body) = Texts(alert, kind);
        var link = $"/ops?alert={alert.Id:N}";
        var count = 0;
        foreach (var person in people)
        {
            var preference = preferences.GetValueOrDefault(person.Id);
            var inAppFrom = preference is null ? AlertPreference.DefaultInApp : preference.InAppFrom;
            var emailFrom = preference is null ? AlertPreference.DefaultEmail : preference.EmailFrom;
            var key = $"telemetry:alert:{alert.Id:N}:{round}:{person.Id:N}";
            if (inAppFrom is { } a && alert.Severity >= a)
            {
                direct.EnqueueInApp(db, person.Id, alert.JurisdictionCode, eventType, title, body, link, key + ":inapp");
                count++;
            }

            if (emailFrom is { } e && alert.Severity >= e && !string.IsNullOrWhiteSpace(person.Email))
            {
                var language = person.PreferredLanguage == "en" ? "en" : "vi";
                outbox.Enqueue(db, AlertNoticeTypes.Email, new AlertEmailPayload(
                    $"{key.Replace(':', '.')}@mekong", alert.JurisdictionCode, eventType, person.Email, person.DisplayName, language, alert.Id,
                    AlertNames.Of(alert.Severity), alert.TitleVi, alert.TitleEn, kind.ToString().ToLowerInvariant(), alert.DeviceIds, alert.CommuneCodes, alert.OpenedAt), key + ":email");
                count++;
            }
        }

        return count;
    }

    public static (LocalizedText Title, LocalizedText Body) Texts(Alert alert, AlertNoticeKind kind)
    {
        var (severityVi, severityEn) = SeverityWords(alert.Severity);
        var devices = alert.DeviceIds.Count;
        var communes = string.Join(", ", alert.CommuneCodes);
        var title = kind switch
        {
            AlertNoticeKind.Reminder => new LocalizedText($"Nhắc lại: {alert.TitleVi}", $"Reminder: {alert.TitleEn}"),
            AlertNoticeKind.Escalated => new LocalizedText($"Chưa ai xác nhận: {alert.TitleVi}", $"Not acknowledged: {alert.TitleEn}"),
            _ => new LocalizedText($"Cảnh báo {severityVi}: {alert.TitleVi}", $"{severityEn} alert: {alert.TitleEn}"),
        };
        var body = new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"{devices} thiết bị{(communes.Length > 0 ? $", xã/phường {communes}" : string.Empty)}; mở lúc {VietnamTimeText(alert.OpenedAt)}."),
            string.Create(CultureInfo.InvariantCulture, $"{devices} device(s){(communes.Length > 0 ? $", commune(s) {communes}" : string.Empty)}; opened {VietnamTimeText(alert.OpenedAt)}."));
        return (title, body);
    }

    public static (string Vi, string En) SeverityWords(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => ("thông tin", "Info"),
        AlertSeverity.Warning => ("cảnh giác", "Warning"),
        _ => ("khẩn cấp", "Critical"),
    };

    private static string VietnamTimeText(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Delivers <c>telemetry.alert-email</c>: a short text e-mail in the recipient's language, through the platform's mail server.</summary>
internal sealed class AlertEmailHandler(IDirectNotifications direct, IOptions<MekongOptions> mekong) : IOutboxHandler
{
    public string MessageType => AlertNoticeTypes.Email;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        AlertEmailPayload? payload;
        try
        {
            payload = System.Text.Json.JsonSerializer.Deserialize<AlertEmailPayload>(envelope.PayloadJson, System.Text.Json.JsonSerializerOptions.Web);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new PermanentDeliveryException($"The outbox payload is not an alert e-mail: {e.Message}", e);
        }

        if (payload is null || string.IsNullOrWhiteSpace(payload.To))
        {
            throw new PermanentDeliveryException("The alert e-mail has no recipient.");
        }

        var english = payload.Language == "en";
        var severity = AlertNames.TryParseSeverity(payload.Severity, out var s) ? s : AlertSeverity.Critical;
        var (vi, en) = AlertNotifier.SeverityWords(severity);
        var baseUrl = (mekong.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');
        var link = $"{baseUrl}/ops?alert={payload.AlertId:N}";
        var subject = payload.Kind switch
        {
            "reminder" => english ? $"[Mekong] Reminder: {payload.TitleEn}" : $"[Mekong] Nhắc lại: {payload.TitleVi}",
            "escalated" => english ? $"[Mekong] Not acknowledged: {payload.TitleEn}" : $"[Mekong] Chưa ai xác nhận: {payload.TitleVi}",
            _ => english ? $"[Mekong] {en} alert: {payload.TitleEn}" : $"[Mekong] Cảnh báo {vi}: {payload.TitleVi}",
        };
        var devices = string.Join(", ", payload.DeviceIds.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var communes = string.Join(", ", payload.Communes);
        var opened = payload.OpenedAt.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        var text = english
            ? $"{payload.TitleEn}\n\nSeverity: {en}\nOpened: {opened} (UTC+7)\nDevices: {devices}\nCommunes: {communes}\n\nAcknowledge it on the operations console: {link}\n"
            : $"{payload.TitleVi}\n\nMức độ: {vi}\nMở lúc: {opened} (giờ Việt Nam)\nThiết bị: {devices}\nXã/phường: {communes}\n\nXác nhận trên màn hình điều hành: {link}\n";
        await direct.SendEmailAsync(new OutgoingEmail(payload.MessageId, payload.JurisdictionCode, payload.EventType, payload.To, payload.ToName, payload.Language, subject, text, null),
            envelope.Attempt, cancellationToken);
    }
}
