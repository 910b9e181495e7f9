using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Files;
using Mekong.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Reports.Features.SubmitReport;

/// <summary>A photo as it arrived (the handler checks it by content through the file store).</summary>
internal sealed record UploadedPhoto(string FileName, Func<Stream> Open);

/// <summary>What a resident or a client system sends (Open311 POST requests, later the portal's form).</summary>
internal sealed record SubmitReportRequest(
    string JurisdictionCode,
    string ServiceCode,
    double? Latitude,
    double? Longitude,
    string? AddressString,
    string? AddressId,
    string? Description,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    string? MediaUrl,
    IReadOnlyList<UploadedPhoto> Photos,
    ReporterContact Reporter,
    string SubmittedBy,
    bool MayUseNonPublicCategories,
    string? Language = null)
{
    /// <summary>
    /// The phone's idempotency key (ADR 0023), or null: a second submission with the same key, within
    /// <c>Mekong:Reports:IdempotencyHours</c>, gets the first one's report back and makes nothing.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>Why nothing was made: the HTTP status the caller answers with and every problem found.</summary>
internal sealed record SubmitRefusal(int Status, IReadOnlyList<string> Problems);

/// <summary>
/// Makes a report: finds the category, places the report in its commune (<see cref="IAdminUnitDirectory"/>), routes it,
/// checks it (<see cref="Report.Submit"/>), keeps its photos in the file store and commits it with the notice to the
/// responsible unit's officers (<see cref="INotifications"/>, the same transaction). A refusal writes nothing.
/// </summary>
internal sealed class SubmitReportHandler(
    ReportsDbContext db,
    IAdminUnitDirectory adminUnits,
    IDepartmentDirectory departments,
    IFileStore files,
    INotifications notifications,
    IOfficerDirectory officers,
    Features.ManageCategories.CategoryCatalog catalog,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Features.Portal.ResidentPortalOptions> portalOptions,
    ILogger<SubmitReportHandler> logger)
{
    public const string EventType = "reports.received";

    public async Task<(Report? Report, SubmitRefusal? Refusal)> HandleAsync(SubmitReportRequest request, CancellationToken cancellationToken)
    {
        var key = request.IdempotencyKey;
        if (key is not null)
        {
            if (!SubmissionKey.IsWellFormed(key))
            {
                return (null, new SubmitRefusal(StatusCodes.Status400BadRequest, [$"idempotency_key is {SubmissionKey.MinLength} to {SubmissionKey.MaxLength} letters, digits, '-' or '_'."]));
            }

            if (await ReplayAsync(key, request.ServiceCode, cancellationToken) is { } replayed)
            {
                return replayed;
            }
        }

        // From the catalog (shared, untracked, read only): the report keeps only the category's id (ADR 0026).
        var category = await catalog.FindAsync(db, request.JurisdictionCode, request.ServiceCode, cancellationToken);
        if (category is null || !category.IsActive || (!category.IsPublic && !request.MayUseNonPublicCategories))
        {
            return (null, new SubmitRefusal(StatusCodes.Status404NotFound, [$"service_code '{Open311Shorten(request.ServiceCode)}' was not found."]));
        }

        var problems = new List<string>();
        string? communeCode = null;
        if (request.Latitude is { } lat && request.Longitude is { } lon && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
        {
            var unit = await adminUnits.LocateAsync(lat, lon, at: null, cancellationToken);
            if (unit is null || unit.JurisdictionCode != request.JurisdictionCode)
            {
                problems.Add($"lat/long ({lat}, {lon}) is outside jurisdiction {request.JurisdictionCode}.");
            }
            else
            {
                communeCode = unit.Code;
            }
        }

        if (!string.IsNullOrWhiteSpace(request.AddressId))
        {
            // address_id names a commune (phường/xã) by its official code: the jurisdiction's master list of places (ADR 0020).
            var unit = await adminUnits.FindAsync(request.AddressId.Trim(), at: null, cancellationToken);
            if (unit is null || unit.JurisdictionCode != request.JurisdictionCode || unit.Level != "commune")
            {
                problems.Add($"address_id '{Open311Shorten(request.AddressId.Trim())}' is not the code of a commune of jurisdiction {request.JurisdictionCode}.");
            }
            else
            {
                communeCode ??= unit.Code;
            }
        }

        if (request.Photos.Count > Report.MaxPhotos)
        {
            problems.Add($"At most {Report.MaxPhotos} photos per report.");
        }

        var location = new ReportLocation(request.Latitude, request.Longitude, request.AddressString, request.AddressId, communeCode);
        var agency = await AgencyOfAsync(category.RouteTo(communeCode), request.JurisdictionCode, cancellationToken);
        var (report, reportProblems) = Report.Submit(category, location, request.Description, request.Attributes, request.MediaUrl, request.Reporter, request.SubmittedBy, agency, clock, request.Language);
        problems.InsertRange(0, reportProblems);
        if (problems.Count > 0 || report is null)
        {
            return (null, new SubmitRefusal(StatusCodes.Status400BadRequest, problems.Distinct().ToList()));
        }

        // Photos first (the file store commits on its own); released again if the report is refused or not committed.
        var owner = new FileOwner("reports", report.Token);
        try
        {
            foreach (var photo in request.Photos)
            {
                await using var content = photo.Open();
                var saved = await files.SaveAsync(owner, content, FileKind.Image, cancellationToken);
                if (!saved.IsStored)
                {
                    await files.ReleaseAsync(owner, CancellationToken.None);
                    var status = saved.Rejection!.Reason switch
                    {
                        FileRejectionReason.TooLarge => StatusCodes.Status413PayloadTooLarge,
                        FileRejectionReason.TypeNotAllowed => StatusCodes.Status415UnsupportedMediaType,
                        _ => StatusCodes.Status400BadRequest,
                    };
                    return (null, new SubmitRefusal(status, [$"Photo '{Open311Shorten(photo.FileName)}' was refused: {saved.Rejection.Detail}"]));
                }

                report.AttachPhoto(saved.File!.Original.Hash);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Reports.Add(report);
            await db.SaveChangesAsync(cancellationToken);
            // The id exists now; the notice commits with the report or not at all.
            // The routed unit's officers hear of it themselves (h-cases), besides whoever subscribed.
            var recipients = Features.CaseWork.CaseScope.ToOfficerUnit(report.UnitKind, report.UnitCode) is { } officerUnit
                ? (await officers.OfficersOfAsync(report.JurisdictionCode, officerUnit, cancellationToken)).Select(o => o.User.Id).ToList()
                : [];
            await notifications.NotifyAsync(db, NoticeFor(report, category) with { Recipients = recipients }, cancellationToken);
            if (key is not null)
            {
                // An expired row with the same key no longer counts; the key commits with the report or not at all.
                var expired = clock.GetUtcNow() - TimeSpan.FromHours(portalOptions.Value.IdempotencyHours);
                await db.SubmissionKeys.Where(k => k.Key == key && k.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);
                db.SubmissionKeys.Add(SubmissionKey.For(key, report, clock.GetUtcNow()));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            if (request.Photos.Count > 0)
            {
                await files.ReleaseAsync(owner, CancellationToken.None);
            }

            // Two attempts with one key at the same moment: the key's primary key let one commit; the other answers with its report.
            if (key is not null && e is DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (await ReplayAsync(key, request.ServiceCode, CancellationToken.None) is { } replayed)
                {
                    return replayed;
                }
            }

            throw;
        }

        logger.LogInformation("Report {Id} ({Service}) received in {Jurisdiction}, routed to {UnitKind} {Unit}", report.Id, report.ServiceCode, report.JurisdictionCode, report.UnitKind, report.UnitCode);
        return (report, null);
    }

    /// <summary>The report an earlier submission with this key made (within the window), a refusal if the key was used for another category, or null.</summary>
    private async Task<(Report?, SubmitRefusal?)?> ReplayAsync(string key, string serviceCode, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - TimeSpan.FromHours(portalOptions.Value.IdempotencyHours);
        var earlier = await db.SubmissionKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Key == key && k.CreatedAt >= since, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.ServiceCode != serviceCode)
        {
            return (null, new SubmitRefusal(StatusCodes.Status409Conflict, ["idempotency_key was already used for a report of another category."]));
        }

        var report = await db.Reports.FirstAsync(r => r.Id == earlier.ReportId, cancellationToken);
        logger.LogInformation("Report {Id} sent again with its idempotency key; nothing new made", report.Id);
        return (report, null);
    }

    /// <summary>The name residents read for a unit: the commune People's Committee, the department, or the outside body.</summary>
    public async Task<AgencyName?> AgencyOfAsync(ResponsibleUnit? unit, string jurisdictionCode, CancellationToken cancellationToken)
    {
        switch (unit?.Kind)
        {
            case ResponsibleKind.Commune:
                var commune = await adminUnits.FindAsync(unit.Code, at: null, cancellationToken);
                return commune is null ? null : new AgencyName($"UBND {commune.NameVi}", $"{commune.NameEn} People's Committee");
            case ResponsibleKind.Department:
                var department = await departments.FindAsync(jurisdictionCode, unit.Code, cancellationToken);
                return department is null ? new AgencyName(unit.Code, unit.Code) : new AgencyName(department.NameVi, department.NameEn);
            case ResponsibleKind.OutsideBody:
                return new AgencyName(unit.Code, unit.Code);
            default:
                return null;
        }
    }

    /// <summary>To the officers of the unit that must act (and the operators, by subscription); no personal data.</summary>
    private static Notice NoticeFor(Report report, ServiceCategory category)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["category"] = category.Code,
            ["emergency"] = category.IsEmergency ? "true" : "false",
        };
        if (report.Location.CommuneCode is { } commune)
        {
            keys["commune"] = commune;
        }

        if (report.UnitKind is { } kind)
        {
            keys["unit_kind"] = kind.ToString().ToLowerInvariant();
            keys["unit"] = report.UnitCode!;
        }

        return new Notice(
            EventType,
            report.JurisdictionCode,
            new LocalizedText($"Phản ánh mới số {report.Id}: {category.NameVi}", $"New report {report.Id}: {category.NameEn}"),
            new LocalizedText(
                $"Phản ánh số {report.Id} ({category.NameVi}) cần {report.AgencyVi ?? "Trung tâm điều hành"} xử lý trước {W3cDateTime.Format(report.ExpectedAt)}.",
                $"Report {report.Id} ({category.NameEn}) is for {report.AgencyEn ?? "the operations centre"} to handle by {W3cDateTime.Format(report.ExpectedAt)}."))
        {
            DepartmentCode = report.UnitKind == ResponsibleKind.Department ? report.UnitCode : null,
            Keys = keys,
            EventId = $"reports.received.{report.Id}",
            Link = "/ops",
            Data = new
            {
                id = report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                service_code = report.ServiceCode,
                status = report.Status.Code(),
                emergency = category.IsEmergency,
                commune_code = report.Location.CommuneCode,
                unit_kind = report.UnitKind?.ToString().ToLowerInvariant(),
                unit = report.UnitCode,
                requested_at = report.RequestedAt,
                expected_at = report.ExpectedAt,
            },
        };
    }

    private static string Open311Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
