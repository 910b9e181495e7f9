using System.Data.Common;
using System.Globalization;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Configuration;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Notices;

/// <summary>
/// Tells what happened to a report, whichever handler changed it: called by <see cref="ReportsDbContext"/>'s save with
/// the new history entries, it writes one outbox message per public change and recipient (<see cref="ReportAudience"/>)
/// and, for a report routed to an outside body, its e-mail and webhook — into the same context, so they commit with the
/// change or not at all (ADR 0022). Internal notes tell nobody. Preparing a notice never loses the change: what fails
/// becomes a dead outbox message with the reason.
/// </summary>
internal sealed partial class ReportNotifier(
    ReportAudience audience, IDirectNotifications direct, IOutbox outbox, IOptions<MekongOptions> mekong, ILogger<ReportNotifier> logger)
{
    /// <summary>The history entries the change tracker is about to insert, with their report.</summary>
    public static IReadOnlyList<(Report Report, ReportChange Change)> NewChanges(DbContext db)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var added = db.ChangeTracker.Entries<ReportChange>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToHashSet();
        if (added.Count == 0)
        {
            return [];
        }

        return [.. db.ChangeTracker.Entries<Report>().SelectMany(r => r.Entity.History.Where(added.Contains).Select(c => (r.Entity, c)))];
    }

    /// <summary>Enqueues the notices of <paramref name="changes"/> (saved already, so a new report has its number); returns how many.</summary>
    public async Task<int> EnqueueAsync(ReportsDbContext db, IReadOnlyList<(Report Report, ReportChange Change)> changes, CancellationToken cancellationToken)
    {
        var audiences = new Dictionary<Report, IReadOnlyList<Recipient>>(ReferenceEqualityComparer.Instance);
        // The changes were detected before the first save; reading Local (the categories) would detect them again over every
        // tracked entity, once per change: quadratic when one save holds many reports (a bulk load of 1,000 took seconds).
        // The next save detects what planning added.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await EnqueueEachAsync(db, changes, audiences, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task<int> EnqueueEachAsync(ReportsDbContext db, IReadOnlyList<(Report Report, ReportChange Change)> changes, Dictionary<Report, IReadOnlyList<Recipient>> audiences, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var (report, change) in changes.Where(c => c.Change.IsPublic))
        {
            List<Action> planned;
            try
            {
                planned = await PlanAsync(db, report, change, audiences, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DbException)
            {
                // Never lose the change for its notices: the failure waits, dead, on the outbox screen with its reason.
                LogPlanFailed(logger, ex, report.Id, change.Id);
                planned = [() => outbox.Enqueue(db, NoticeTypes.Failed, new NoticeFailure(report.Id, change.Id, $"The notices of report {report.Id}'s change {change.Id} could not be prepared: {ex.Message}"), Key(change, "failed"))];
            }

            planned.ForEach(enqueue => enqueue());
            count += planned.Count;
        }

        return count;
    }

    private async Task<List<Action>> PlanAsync(ReportsDbContext db, Report report, ReportChange change, Dictionary<Report, IReadOnlyList<Recipient>> audiences, CancellationToken cancellationToken)
    {
        var category = db.Categories.Local.FirstOrDefault(c => c.Id == report.CategoryId)
            ?? await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == report.CategoryId, cancellationToken);
        var snapshot = ReportSnapshot.Of(report, change, category);
        if (!audiences.TryGetValue(report, out var people))
        {
            audiences[report] = people = await audience.OfAsync(db, report, isNew: change.From is null, cancellationToken);
        }

        var planned = new List<Action>();
        foreach (var person in people)
        {
            var key = Key(change, person.Key);
            var ownReport = person.ReportId == report.Id ? (long?)null : person.ReportId;
            if (person.Email is { } email)
            {
                var payload = new NoticeEmailPayload(NoticeTypes.ResidentTemplate, MessageId(key), NoticeTypes.ResidentEvent, email, person.Name, person.Language, snapshot, ownReport, person.Token);
                planned.Add(() => outbox.Enqueue(db, NoticeTypes.Email, payload, key));
            }
            else if (person.UserId is { } userId)
            {
                var (title, body) = NoticeTemplates.RenderInApp("resident-inapp", language => NoticeTemplates.ResidentValues(snapshot, language, person.Name, ownReport, person.Token, null));
                var link = snapshot.IsResolution && person.Token is not null ? $"/reports/{report.Id}?t={Uri.EscapeDataString(person.Token)}" : $"/reports/{report.Id}";
                planned.Add(() => direct.EnqueueInApp(db, userId, report.JurisdictionCode, NoticeTypes.ResidentEvent, title, body, link, key));
            }
        }

        PlanOutsideBody(db, report, change, category, snapshot, planned);
        return planned;
    }

    /// <summary>
    /// Routed to an outside body (at submission or by an assignment): its e-mail once and its webhook <c>reports.routed</c>;
    /// a later public change while it still has the report: <c>reports.updated</c> to its webhook.
    /// </summary>
    private void PlanOutsideBody(ReportsDbContext db, Report report, ReportChange change, ServiceCategory? category, ReportSnapshot snapshot, List<Action> planned)
    {
        var routed = change.UnitKind == ResponsibleKind.OutsideBody;
        var bodyName = routed ? change.UnitCode : report.UnitKind == ResponsibleKind.OutsideBody ? report.UnitCode : null;
        if (bodyName is null)
        {
            return;
        }

        // The body's addresses are its category's: known only when the category routes to that same body.
        var known = category is { ResponsibleKind: ResponsibleKind.OutsideBody } && category.ResponsibleCode == bodyName ? category : null;
        if (routed && (known is null || (string.IsNullOrWhiteSpace(known.OutsideContact) && known.OutsideWebhookId is null)))
        {
            var failure = new NoticeFailure(report.Id, change.Id,
                $"Report {report.Id} was routed to outside body '{bodyName}', but no category routing to it names an e-mail address or webhook: tell it by hand, or set them on the category.");
            planned.Add(() => outbox.Enqueue(db, NoticeTypes.Failed, failure, Key(change, "body:none")));
            return;
        }

        if (known is null)
        {
            return;
        }

        var details = new OutsideBodyDetails(bodyName, report.Description, report.Location.Latitude, report.Location.Longitude, report.Location.AddressString,
            report.Location.CommuneCode, report.Attributes, report.PhotoHashes, report.IsPublic, report.MediaUrl);
        if (routed && !string.IsNullOrWhiteSpace(known.OutsideContact))
        {
            var key = Key(change, "body:mail");
            var payload = new NoticeEmailPayload(NoticeTypes.OutsideBodyTemplate, MessageId(key), NoticeTypes.Routed, known.OutsideContact.Trim(), bodyName, ReportLanguage.Vietnamese, snapshot, Body: details);
            planned.Add(() => outbox.Enqueue(db, NoticeTypes.Email, payload, key));
        }

        if (known.OutsideWebhookId is { } endpoint)
        {
            var data = WebhookData(snapshot, details, report.ExpectedAt);
            planned.Add(() => direct.EnqueueWebhook(db, endpoint, report.JurisdictionCode, routed ? NoticeTypes.Routed : NoticeTypes.Updated, data, Key(change, $"body:hook:{endpoint:N}")));
        }
    }

    /// <summary>The webhook's <c>data</c>: Open311's names where it has them; no personal data of the reporter.</summary>
    private object WebhookData(ReportSnapshot snapshot, OutsideBodyDetails details, DateTimeOffset expectedAt)
    {
        var number = snapshot.Id.ToString(CultureInfo.InvariantCulture);
        var baseUrl = mekong.Value.PublicBaseUrl;
        return new
        {
            service_request_id = number,
            jurisdiction_id = snapshot.JurisdictionCode,
            service_code = snapshot.ServiceCode,
            service_name = new { vi = snapshot.CategoryVi, en = snapshot.CategoryEn },
            status = snapshot.Status,
            status_notes = snapshot.PublicMessage,
            agency_responsible = details.BodyName,
            description = details.Description,
            lat = details.Latitude,
            @long = details.Longitude,
            address_string = details.AddressString,
            address_id = details.CommuneCode,
            attributes = details.Attributes,
            media_urls = details.PhotosArePublic
                ? details.PhotoHashes.Select(h => NoticeTemplates.Absolute(baseUrl, $"/open311/v2/requests/{number}/media/{h}")).ToList()
                : [],
            media_url = details.MediaUrl,
            requested_datetime = W3cDateTime.Format(snapshot.RequestedAt),
            updated_datetime = W3cDateTime.Format(snapshot.ChangedAt),
            expected_datetime = W3cDateTime.Format(expectedAt),
            change = new { id = snapshot.ChangeId, from = snapshot.PreviousStatus, to = snapshot.Status, message = snapshot.PublicMessage },
            url = NoticeTemplates.Absolute(baseUrl, $"/reports/{number}"),
        };
    }

    /// <summary>Per change and recipient, the same on every run: the outbox's idempotency key.</summary>
    private static string Key(ReportChange change, string recipient) => $"reports:{change.Id:N}:{recipient}";

    /// <summary>The e-mail's Message-Id, derived from its key: a repeat delivery carries the same one.</summary>
    private static string MessageId(string key) => $"{key.Replace(':', '.')}@mekong";

    [LoggerMessage(LogLevel.Error, "The notices of report {ReportId}'s change {ChangeId} could not be prepared; a dead outbox message keeps the reason")]
    private static partial void LogPlanFailed(ILogger logger, Exception exception, long reportId, Guid changeId);
}
