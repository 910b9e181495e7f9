using System.Globalization;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>What the outbox keeps of one e-mail to an applicant: rendered at delivery in the applicant's language.</summary>
internal sealed record DossierEmailPayload(
    string MessageId, string JurisdictionCode, string To, string? ToName, string Language, string Code, string AccessToken,
    string ProcedureVi, string ProcedureEn, DossierStepKind Step, DossierStatus Status, string? Message, DateOnly? DueDate);

/// <summary>
/// Tells the applicant of each public step by e-mail (when they gave an address), through the outbox of the module's
/// own context, in the same save as the step (ADR 0030). The fee step and internal notes tell nobody.
/// </summary>
internal sealed class DossierNotices(IOutbox outbox)
{
    public const string EmailType = "public-services.email";

    public static readonly DirectNoticeKind Kind = new(
        "public-services.dossier", new LocalizedText("Người nộp hồ sơ (e-mail đã khai)", "The applicant (the e-mail they gave)"),
        new LocalizedText("E-mail", "E-mail"), "Features/Dossiers/DossierNotices.cs");

    /// <summary>Enqueues the e-mails of the steps the dossier took since <paramref name="knownSteps"/>; call before SaveChanges.</summary>
    public void Enqueue(DbContext db, Dossier dossier, int knownSteps)
    {
        if (dossier.Applicant.Email is not { } to)
        {
            return;
        }

        foreach (var step in dossier.History.Skip(knownSteps).Where(s => s.Kind != DossierStepKind.FeePaid))
        {
            var id = step.Id.ToString("N", CultureInfo.InvariantCulture);
            outbox.Enqueue(db, EmailType, new DossierEmailPayload(
                $"<{id}@public-services.mekong>", dossier.JurisdictionCode, to, dossier.Applicant.FullName, dossier.Language, dossier.Code, dossier.AccessToken,
                dossier.ProcedureNameVi, dossier.ProcedureNameEn, step.Kind, step.To, step.PublicMessage, dossier.DueDate), "public-services.email:" + id);
        }
    }
}

/// <summary>Delivers <c>public-services.email</c> through the platform's mail server.</summary>
internal sealed class DossierEmailHandler(IDirectNotifications direct, IOptions<MekongOptions> mekong) : IOutboxHandler
{
    public string MessageType => DossierNotices.EmailType;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        DossierEmailPayload? p;
        try
        {
            p = System.Text.Json.JsonSerializer.Deserialize<DossierEmailPayload>(envelope.PayloadJson, System.Text.Json.JsonSerializerOptions.Web);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new PermanentDeliveryException("Not a dossier e-mail: " + e.Message, e);
        }

        if (p is null || string.IsNullOrWhiteSpace(p.To))
        {
            throw new PermanentDeliveryException("The dossier e-mail has no address.");
        }

        var (subject, text) = Render(p, mekong.Value.PublicBaseUrl);
        await direct.SendEmailAsync(new OutgoingEmail(p.MessageId, p.JurisdictionCode, DossierNotices.Kind.EventType, p.To, p.ToName, p.Language, subject, text, null),
            envelope.Attempt, cancellationToken);
    }

    public static (string Subject, string Text) Render(DossierEmailPayload p, string? baseUrl)
    {
        var en = p.Language == "en";
        var link = $"{baseUrl?.TrimEnd('/')}/public-services/dossiers/{Uri.EscapeDataString(p.Code)}?t={p.AccessToken}";
        var due = p.DueDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var what = (p.Step, en) switch
        {
            (DossierStepKind.Submitted, false) => "Hồ sơ của bạn đã được gửi và đang chờ tiếp nhận.",
            (DossierStepKind.Submitted, true) => "Your dossier was sent and waits to be received.",
            (DossierStepKind.Received, false) => $"Hồ sơ đã được tiếp nhận. Hẹn trả kết quả: {due}.",
            (DossierStepKind.Received, true) => $"Your dossier was received. Result due by {due}.",
            (DossierStepKind.SupplementRequested, false) => "Hồ sơ cần bổ sung. Vui lòng bổ sung theo yêu cầu dưới đây.",
            (DossierStepKind.SupplementRequested, true) => "Your dossier needs a supplement: please add what is asked below.",
            (DossierStepKind.Supplemented, false) => "Đã nhận phần bổ sung của bạn; hồ sơ tiếp tục được xử lý.",
            (DossierStepKind.Supplemented, true) => "Your supplement was received; the dossier is being handled again.",
            (DossierStepKind.Processing, false) => "Hồ sơ đang được cơ quan chuyên môn xử lý.",
            (DossierStepKind.Processing, true) => "Your dossier is being handled by the department.",
            (DossierStepKind.ResultReady, false) => "Đã có kết quả giải quyết hồ sơ.",
            (DossierStepKind.ResultReady, true) => "The result of your dossier is ready.",
            (DossierStepKind.Returned, false) => "Kết quả đã được trả. Cảm ơn bạn đã sử dụng dịch vụ công trực tuyến.",
            (DossierStepKind.Returned, true) => "The result was handed over. Thank you for using online public services.",
            (DossierStepKind.Rejected, false) => "Hồ sơ không được giải quyết. Lý do dưới đây.",
            (DossierStepKind.Rejected, true) => "Your dossier was refused, for the reason below.",
            _ => string.Empty,
        };
        var procedure = en && p.ProcedureEn.Length > 0 ? p.ProcedureEn : p.ProcedureVi;
        var subject = en ? $"Dossier {p.Code}: {procedure}" : $"Hồ sơ {p.Code}: {procedure}";
        var lines = new List<string>
        {
            en ? $"Dear {p.ToName}," : $"Kính gửi {p.ToName},",
            string.Empty,
            what,
        };
        if (!string.IsNullOrWhiteSpace(p.Message))
        {
            lines.Add(string.Empty);
            lines.Add(p.Message);
        }

        lines.Add(string.Empty);
        lines.Add((en ? "Track your dossier: " : "Tra cứu hồ sơ: ") + link);
        return (subject, string.Join("\n", lines));
    }
}
