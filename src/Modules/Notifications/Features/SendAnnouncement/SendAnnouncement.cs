using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Notifications.Features.SendAnnouncement;

/// <param name="Jurisdiction">Installation administrators only; others announce in their own jurisdiction.</param>
internal sealed record SendAnnouncementRequest(string? Title, string? Body, string? Department = null, string? Jurisdiction = null);

internal sealed record AnnouncementResponse(Guid Id, string? Jurisdiction, string Title, string Body, string? Department, DateTimeOffset CreatedAt, int Deliveries);

/// <summary>
/// An administrator tells the subscribers of <c>notifications.announcement</c> something (a drill, a maintenance
/// window): the announcement and its e-mails, webhooks and in-app notifications are committed in one transaction.
/// </summary>
internal sealed class SendAnnouncementHandler(NotificationsDbContext db, INotifications notifications, IAdminUnitDirectory directory, TimeProvider clock)
{
    public async Task<(AnnouncementResponse? Sent, FieldErrors Errors)> HandleAsync(SendAnnouncementRequest request, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var title = request.Title?.Trim();
        var body = request.Body?.Trim() ?? string.Empty;
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors.Add("title", "A title of 1 to 200 characters is required.");
        }

        if (body.Length > 4000)
        {
            errors.Add("body", "The text is at most 4000 characters.");
        }

        var department = string.IsNullOrWhiteSpace(request.Department) ? null : request.Department.Trim();
        if (department is { Length: > 32 })
        {
            errors.Add("department", "department is a department code of at most 32 characters.");
        }

        var jurisdiction = string.IsNullOrWhiteSpace(request.Jurisdiction) ? null : request.Jurisdiction.Trim();
        if (ActorScope.IsConfined(actor, out var own))
        {
            if (jurisdiction is not null && jurisdiction != own)
            {
                errors.Add("jurisdiction", "You may only announce in your own jurisdiction.");
            }

            jurisdiction = own;
        }
        else if (jurisdiction is not null && await directory.FindJurisdictionAsync(jurisdiction, cancellationToken) is null)
        {
            errors.Add("jurisdiction", $"There is no jurisdiction '{jurisdiction}'.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var announcement = Announcement.Create(jurisdiction, title!, body, department, actor?.Identity?.Name ?? "cli", clock);
        db.Announcements.Add(announcement);
        // The administrator writes in one language; both versions of the notice carry it.
        var deliveries = await notifications.NotifyAsync(db, new Notice(Announcement.EventType, jurisdiction, LocalizedText.Same(announcement.Title), LocalizedText.Same(announcement.Body))
        {
            DepartmentCode = department,
            EventId = announcement.Id.ToString("N"),
            Link = "/notifications",
            Data = new { announcementId = announcement.Id, createdBy = announcement.CreatedBy },
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (new AnnouncementResponse(announcement.Id, jurisdiction, announcement.Title, announcement.Body, department, announcement.CreatedAt, deliveries), errors);
    }
}

internal static class SendAnnouncementEndpoint
{
    public static async Task<Results<Created<AnnouncementResponse>, ValidationProblem>> Handle(
        SendAnnouncementRequest request, ClaimsPrincipal user, SendAnnouncementHandler handler, CancellationToken cancellationToken)
    {
        var (sent, errors) = await handler.HandleAsync(request, user, cancellationToken);
        return sent is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation)
            : TypedResults.Created($"/api/v1/admin/notifications/announcements/{sent.Id}", sent);
    }
}
