using System.Globalization;
using System.Text.Json;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Cameras.Domain;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Cameras.Features.Maintenance;

/// <summary>The e-mail of one ticket notice to a contractor, rendered at delivery by <see cref="TicketEmailHandler"/>.</summary>
internal sealed record TicketEmailPayload(
    string MessageId, string JurisdictionCode, string EventType, string To, string? ToName, Guid TicketId, string Number, string Kind, int Reminder,
    string CameraCode, string CameraName, double Latitude, double Longitude, string? Fault, DateTimeOffset OutageStartedAt,
    string? SnapshotToken, DateTimeOffset? SnapshotAt);

/// <summary>
/// What the maintenance work tells whom (ADR 0039): the contractor gets an e-mail (in Vietnamese, then English: a
/// company has no language preference in Mekong) when its ticket opens and at each reminder, with a link to the last
/// good snapshot; the operators and administrators of the jurisdiction get one bell notice when a grouped outage is
/// stored. Everything goes into this module's outbox in the caller's save.
/// </summary>
internal sealed class MaintenanceNotices(IOutbox outbox, IDirectNotifications direct, IUserDirectory users)
{
    public const string EmailType = "cameras.ticket-email";
    public const string TicketOpened = "cameras.ticket.opened";
    public const string TicketReminder = "cameras.ticket.reminder";
    public const string OutageRaised = "cameras.outage";

    public static readonly DirectNoticeKind TicketKind = new(
        TicketOpened, new LocalizedText("Đơn vị bảo trì của camera (địa chỉ e-mail trong danh sách nhà thầu)", "The camera's maintenance contractor (its address in the contractors list)"),
        new LocalizedText("E-mail, nhắc lại định kỳ", "E-mail, reminded periodically"), "Features/Maintenance/MaintenanceNotices.cs");

    public static readonly DirectNoticeKind OutageKind = new(
        OutageRaised, new LocalizedText("Điều hành viên và quản trị viên của tỉnh", "The jurisdiction's operators and administrators"),
        new LocalizedText("Chuông thông báo", "Bell"), "Features/Maintenance/MaintenanceNotices.cs");

    /// <summary>The opening notice (<paramref name="reminder"/> 0) or reminder n; nothing when the ticket has no address.</summary>
    public bool EnqueueTicket(DbContext db, MaintenanceTicket ticket, Camera camera, string? snapshotToken, int reminder)
    {
        if (ticket.ContractorEmail is not { } to)
        {
            return false;
        }

        var round = reminder == 0 ? "o" : "r" + reminder.ToString(CultureInfo.InvariantCulture);
        var key = $"cameras:ticket:{ticket.Id:N}:{round}";
        outbox.Enqueue(db, EmailType, new TicketEmailPayload(
            $"cameras.ticket.{ticket.Id:N}.{round}@mekong", ticket.JurisdictionCode, reminder == 0 ? TicketOpened : TicketReminder, to, ticket.Contractor,
            ticket.Id, ticket.Number, reminder == 0 ? "opened" : "reminder", reminder, ticket.CameraCode, ticket.CameraName, camera.Latitude, camera.Longitude,
            ticket.Fault == CameraFault.None ? null : CameraFaults.Name(ticket.Fault), ticket.OutageStartedAt, ticket.SnapshotHash is null ? null : snapshotToken, ticket.SnapshotAt), key);
        return true;
    }

    /// <summary>One bell notice per operator and administrator of the jurisdiction, once per alert.</summary>
    public async Task<int> EnqueueOutageAsync(DbContext db, OutageAlert alert, CancellationToken cancellationToken)
    {
        var people = new List<DirectoryUser>();
        people.AddRange(await users.ListAsync(new UserQuery(alert.JurisdictionCode, Roles.Operator), cancellationToken));
        people.AddRange(await users.ListAsync(new UserQuery(alert.JurisdictionCode, Roles.Administrator), cancellationToken));
        var (kindVi, kindEn) = KindWords(alert.Kind);
        var title = new LocalizedText($"Mất kết nối hàng loạt: {alert.Offline} camera, {kindVi} {alert.Key}", $"Grouped outage: {alert.Offline} cameras, {kindEn} {alert.Key}");
        var body = new LocalizedText(
            $"{alert.Offline}/{alert.Cameras} camera của {kindVi} {alert.Key} mất kết nối cùng lúc ({Time(alert.RaisedAt)}). Nguyên nhân có thể: {kindVi}.",
            $"{alert.Offline} of {alert.Cameras} cameras of {kindEn} {alert.Key} went offline together ({Time(alert.RaisedAt)}). Likely cause: the {kindEn}.");
        var count = 0;
        foreach (var person in people.DistinctBy(p => p.Id))
        {
            direct.EnqueueInApp(db, person.Id, alert.JurisdictionCode, OutageRaised, title, body, $"/ops?cameraOutage={alert.Id:N}", $"cameras:outage:{alert.Id:N}:{person.Id:N}");
            count++;
        }

        return count;
    }

    public static (string Vi, string En) KindWords(string kind) => kind switch
    {
        "feeder" => ("tuyến điện", "power feeder"),
        "segment" => ("phân đoạn mạng", "network segment"),
        _ => ("xã/phường", "commune"),
    };

    public static string Time(DateTimeOffset at) => VietnamTime.ToLocal(at).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Delivers <c>cameras.ticket-email</c>: a plain-text e-mail to the contractor, Vietnamese first, through the platform's mail server.</summary>
internal sealed class TicketEmailHandler(IDirectNotifications direct, IOptions<MekongOptions> mekong) : IOutboxHandler
{
    public string MessageType => MaintenanceNotices.EmailType;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        TicketEmailPayload? p;
        try
        {
            p = JsonSerializer.Deserialize<TicketEmailPayload>(envelope.PayloadJson, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            throw new PermanentDeliveryException($"The outbox payload is not a ticket e-mail: {e.Message}", e);
        }

        if (p is null || string.IsNullOrWhiteSpace(p.To))
        {
            throw new PermanentDeliveryException("The ticket e-mail has no recipient.");
        }

        var baseUrl = (mekong.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');
        var picture = p.SnapshotToken is { } token ? $"{baseUrl}/api/v1/cameras/tickets/{p.TicketId}/snapshot/{token}" : null;
        var reminder = p.Kind == "reminder";
        var subject = reminder
            ? $"[Mekong] Nhắc lại lần {p.Reminder}: phiếu bảo trì {p.Number}, camera {p.CameraCode} vẫn mất kết nối / Reminder: ticket {p.Number}, camera {p.CameraCode} still offline"
            : $"[Mekong] Phiếu bảo trì {p.Number}: camera {p.CameraCode} mất kết nối / Maintenance ticket {p.Number}: camera {p.CameraCode} offline";
        var since = MaintenanceNotices.Time(p.OutageStartedAt);
        var where = string.Create(CultureInfo.InvariantCulture, $"{p.Latitude:0.000000}, {p.Longitude:0.000000}");
        var taken = p.SnapshotAt is { } at ? MaintenanceNotices.Time(at) : null;
        var text =
            $"Kính gửi {p.ToName},\n\n" +
            $"Camera {p.CameraCode} – {p.CameraName} mất kết nối từ {since} (giờ Việt Nam){(p.Fault is null ? "" : $", lỗi: {p.Fault}")}.\n" +
            $"Vị trí: {where}\nSố phiếu: {p.Number}\n" +
            (picture is null ? "Không có ảnh chụp tốt gần nhất.\n" : $"Ảnh chụp tốt gần nhất ({taken}): {picture}\n") +
            "Phiếu tự đóng khi camera hoạt động trở lại; thời gian mất kết nối được ghi lại.\n\n" +
            "---\n\n" +
            $"Dear {p.ToName},\n\n" +
            $"Camera {p.CameraCode} – {p.CameraName} has been offline since {since} (UTC+7){(p.Fault is null ? "" : $", fault: {p.Fault}")}.\n" +
            $"Location: {where}\nTicket: {p.Number}\n" +
            (picture is null ? "No last good snapshot is available.\n" : $"Last good snapshot ({taken}): {picture}\n") +
            "The ticket closes by itself when the camera is back; the downtime is recorded.\n";
        await direct.SendEmailAsync(new OutgoingEmail(p.MessageId, p.JurisdictionCode, p.EventType, p.To, p.ToName, "vi", subject, text, null), envelope.Attempt, cancellationToken);
    }
}
