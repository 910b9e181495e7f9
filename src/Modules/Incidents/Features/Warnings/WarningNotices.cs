using System.Globalization;
using Mekong.Modules.Incidents.Domain;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Incidents.Features.Warnings;

/// <summary>What the outbox keeps of one e-mail to a resident: a warning, or the link that confirms a subscription.</summary>
internal sealed record WarningEmailPayload(
    string MessageId, string JurisdictionCode, string To, string Language, string Kind, string Token,
    string? MessageType, string? Headline, string? Description, string? Instruction, string? Severity, string? Area,
    DateTimeOffset? Onset, DateTimeOffset? Expires);

/// <summary>
/// Tells the residents subscribed to the warned communes (ADR 0036): one e-mail per confirmed subscription whose
/// communes meet the warning's, and the warning in the bell of a subscribed account, all into the module's own
/// outbox in the same save as the warning. Confirmation e-mails for new subscriptions go the same way.
/// </summary>
internal sealed class WarningNotices(IOutbox outbox, IDirectNotifications direct)
{
    public const string EmailType = "incidents.email";
    public const string EventType = "incidents.warning";

    public static readonly DirectNoticeKind WarningKind = new(
        EventType, new LocalizedText("Người dân đăng ký nhận cảnh báo của xã/phường", "Residents subscribed to the commune's warnings"),
        new LocalizedText("E-mail, chuông thông báo", "E-mail, bell"), "Features/Warnings/WarningNotices.cs");

    public static readonly DirectNoticeKind ConfirmKind = new(
        "incidents.subscription", new LocalizedText("Người vừa đăng ký nhận cảnh báo", "Whoever just subscribed to warnings"),
        new LocalizedText("E-mail", "E-mail"), "Features/Warnings/WarningNotices.cs");

    /// <summary>Enqueues the warning for every subscription it concerns; call before SaveChanges. Returns how many were told.</summary>
    public async Task<int> EnqueueWarningAsync(DbContext db, IQueryable<WarningSubscription> subscriptions, Warning warning, CapArea area, CancellationToken cancellationToken)
    {
        var warned = warning.Communes.ToHashSet(StringComparer.Ordinal);
        // A jurisdiction's confirmed subscriptions, read narrow and matched here (their commune lists are short).
        var candidates = await subscriptions.AsNoTracking()
            .Where(s => s.JurisdictionCode == warning.JurisdictionCode && s.ConfirmedAt != null)
            .Select(s => new { s.Id, s.Email, s.Language, s.CommuneKey, s.UserId, s.Token })
            .ToListAsync(cancellationToken);
        var told = 0;
        foreach (var s in candidates.Where(s => s.CommuneKey.Split('|', StringSplitOptions.RemoveEmptyEntries).Any(warned.Contains)))
        {
            var text = s.Language == "en" ? warning.En : warning.Vi;
            var key = $"{warning.Id:N}.{s.Id:N}";
            outbox.Enqueue(db, EmailType, new WarningEmailPayload(
                $"<{key}@incidents.mekong>", warning.JurisdictionCode, s.Email, s.Language, "warning", s.Token, warning.MessageType,
                text.Headline, text.Description, text.Instruction, warning.Severity, s.Language == "en" ? area.DescriptionEn : area.DescriptionVi,
                warning.Onset, warning.Expires), EmailType + ":" + key);
            if (s.UserId is { } user)
            {
                direct.EnqueueInApp(db, user, warning.JurisdictionCode, EventType,
                    new LocalizedText(Prefix(warning.MessageType, "vi") + warning.Vi.Headline, Prefix(warning.MessageType, "en") + warning.En.Headline),
                    new LocalizedText(area.DescriptionVi, area.DescriptionEn), "/", EventType + ":" + key);
            }

            told++;
        }

        return told;
    }

    public void EnqueueConfirmation(DbContext db, WarningSubscription subscription, string areaDescription) =>
        outbox.Enqueue(db, EmailType, new WarningEmailPayload(
            $"<{subscription.Id:N}.confirm@incidents.mekong>", subscription.JurisdictionCode, subscription.Email, subscription.Language, "confirm",
            subscription.Token, null, null, null, null, null, areaDescription, null, null), $"{EmailType}:confirm:{subscription.Id:N}:{subscription.Token}");

    public static string Prefix(string? messageType, string language) => (messageType, language) switch
    {
        ("Update", "en") => "[Update] ",
        ("Update", _) => "[Cập nhật] ",
        ("Cancel", "en") => "[Cancelled] ",
        ("Cancel", _) => "[Đã hủy] ",
        (_, "en") => "[Warning] ",
        _ => "[Cảnh báo] ",
    };
}

/// <summary>Delivers <c>incidents.email</c> through the platform's mail server, rendered now in the resident's language.</summary>
internal sealed class WarningEmailHandler(IDirectNotifications direct, IOptions<MekongOptions> mekong) : IOutboxHandler
{
    public string MessageType => WarningNotices.EmailType;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        WarningEmailPayload? p;
        try
        {
            p = System.Text.Json.JsonSerializer.Deserialize<WarningEmailPayload>(envelope.PayloadJson, System.Text.Json.JsonSerializerOptions.Web);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new PermanentDeliveryException("Not a warning e-mail: " + e.Message, e);
        }

        if (p is null || string.IsNullOrWhiteSpace(p.To))
        {
            throw new PermanentDeliveryException("The warning e-mail has no address.");
        }

        var (subject, text) = Render(p, mekong.Value.PublicBaseUrl);
        var type = p.Kind == "confirm" ? WarningNotices.ConfirmKind.EventType : WarningNotices.EventType;
        await direct.SendEmailAsync(new OutgoingEmail(p.MessageId, p.JurisdictionCode, type, p.To, null, p.Language, subject, text, null), envelope.Attempt, cancellationToken);
    }

    public static (string Subject, string Text) Render(WarningEmailPayload p, string? baseUrl)
    {
        var en = p.Language == "en";
        var root = baseUrl?.TrimEnd('/') ?? string.Empty;
        var unsubscribe = $"{root}/api/v1/warnings/subscriptions/unsubscribe?token={p.Token}";
        if (p.Kind == "confirm")
        {
            var confirm = $"{root}/api/v1/warnings/subscriptions/confirm?token={p.Token}";
            return en
                ? ("Confirm your subscription to public warnings", $"You asked to receive the public warnings for: {p.Area}.\n\nConfirm: {confirm}\n\nIf it was not you, ignore this e-mail.")
                : ("Xác nhận đăng ký nhận cảnh báo", $"Bạn đã đăng ký nhận cảnh báo công cộng cho: {p.Area}.\n\nXác nhận: {confirm}\n\nNếu không phải bạn, hãy bỏ qua thư này.");
        }

        string When(DateTimeOffset? t) => t is { } v ? VietnamTime.ToLocal(v).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "—";
        var subject = WarningNotices.Prefix(p.MessageType, p.Language) + p.Headline;
        var lines = new List<string>
        {
            p.Headline ?? string.Empty,
            string.Empty,
            (en ? "Area: " : "Khu vực: ") + p.Area,
            (en ? "Severity: " : "Mức độ: ") + p.Severity,
            (en ? "From " : "Từ ") + When(p.Onset) + (en ? " until " : " đến ") + When(p.Expires),
            string.Empty,
            p.Description ?? string.Empty,
        };
        if (!string.IsNullOrWhiteSpace(p.Instruction))
        {
            lines.Add(string.Empty);
            lines.Add((en ? "What to do: " : "Khuyến cáo: ") + p.Instruction);
        }

        lines.Add(string.Empty);
        lines.Add((en ? "Stop these e-mails: " : "Ngừng nhận thư: ") + unsubscribe);
        return (subject, string.Join("\n", lines));
    }
}
