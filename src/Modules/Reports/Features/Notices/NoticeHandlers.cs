using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Notices;

/// <summary>
/// Delivers <c>reports.email</c>: renders the notice's template in its language at delivery (so a template fixed after a
/// failure is used on retry) and sends it through the platform's mail server. A template that cannot be rendered or a
/// payload without an address is dead-lettered at once with the reason.
/// </summary>
internal sealed class NoticeEmailHandler(IDirectNotifications direct, IOptions<MekongOptions> mekong) : IOutboxHandler
{
    public string MessageType => NoticeTypes.Email;

    public async Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = Read<NoticeEmailPayload>(envelope.PayloadJson);
        if (payload.Report is null || string.IsNullOrWhiteSpace(payload.Template))
        {
            throw new PermanentDeliveryException("The notice names no report or template.");
        }

        if (string.IsNullOrWhiteSpace(payload.To))
        {
            throw new PermanentDeliveryException($"The notice of report {payload.Report.Id} has no e-mail address to go to.");
        }

        RenderedEmail email;
        try
        {
            var values = payload.Template == NoticeTypes.OutsideBodyTemplate
                ? NoticeTemplates.OutsideBodyValues(payload.Report, payload.Body, payload.Language, mekong.Value.PublicBaseUrl)
                : NoticeTemplates.ResidentValues(payload.Report, payload.Language, payload.ToName, payload.OwnReportId, payload.ReportToken, mekong.Value.PublicBaseUrl);
            email = NoticeTemplates.RenderEmail(payload.Template, payload.Language, values);
        }
        catch (NoticeTemplateException ex)
        {
            throw new PermanentDeliveryException($"Report {payload.Report.Id}'s notice could not be written ({NoticeTemplates.FilesOf(payload.Template, payload.Language)}): {ex.Message}", ex);
        }

        await direct.SendEmailAsync(new OutgoingEmail(payload.MessageId, payload.Report.JurisdictionCode, payload.EventType, payload.To, payload.ToName,
            payload.Language, email.Subject, email.Text, email.Html), envelope.Attempt, cancellationToken);
    }

    internal static T Read<T>(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(json, System.Text.Json.JsonSerializerOptions.Web)
                ?? throw new PermanentDeliveryException($"The outbox payload is not a {typeof(T).Name}.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PermanentDeliveryException($"The outbox payload is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>Delivers <c>reports.notice-failed</c>: never; the message is dead at once and its error says what was not told to whom.</summary>
internal sealed class NoticeFailedHandler : IOutboxHandler
{
    public string MessageType => NoticeTypes.Failed;

    public Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken) =>
        throw new PermanentDeliveryException(NoticeEmailHandler.Read<NoticeFailure>(envelope.PayloadJson).Error);
}
