using System.Linq.Expressions;
using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;

namespace Mekong.Modules.Reports.Features.OpsMap;

/// <summary>
/// What the operator console asks of the reports layer: the viewport (<c>bbox</c>), the status (<c>open</c> by default,
/// <c>all</c>, or a comma list of states), categories, a commune, or a list of report numbers (a live update).
/// </summary>
internal sealed record OpsReportFilter(string? Jurisdiction, BoundingBox? Box, IReadOnlyList<ReportStatus>? Statuses, IReadOnlyList<string> Categories, string? Commune, IReadOnlyList<long>? Ids)
{
    public const int MaxIds = 500;
    public const int MaxCategories = 50;

    public static OpsReportFilter Parse(FieldErrors errors, ClaimsPrincipal user, string? jurisdiction, QueryBox? bbox, string? status, string? category, string? commune, string? ids)
    {
        var scope = OpsScope.Of(errors, user, jurisdiction);
        var box = errors.Box("bbox", bbox);
        List<long>? idList = null;
        if (!string.IsNullOrWhiteSpace(ids))
        {
            idList = [];
            foreach (var part in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
                {
                    errors.Add("ids", $"ids is a comma list of report numbers; '{Quote(part)}' is not one.");
                    break;
                }

                idList.Add(id);
            }

            if (idList.Count > MaxIds)
            {
                errors.Add("ids", $"ids names at most {MaxIds} reports.");
            }
        }
        else if (box is null)
        {
            errors.Add("bbox", "bbox (minLon,minLat,maxLon,maxLat, the map's view) is required unless ids are given.");
        }

        var statuses = ParseStatuses(errors, status);
        var categories = (category ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (categories.Count > MaxCategories || categories.Any(c => c.Length > ServiceCategory.CodeMaxLength))
        {
            errors.Add("category", $"category is a comma list of at most {MaxCategories} service codes.");
        }

        commune = string.IsNullOrWhiteSpace(commune) ? null : commune.Trim();
        if (commune is { Length: > 16 })
        {
            errors.Add("commune", "commune is a commune's code (at most 16 characters).");
        }

        return new OpsReportFilter(scope, box, statuses, categories, commune, idList);
    }

    /// <summary><c>open</c> (default) or <c>all</c> or a comma list of states (<c>received,in_progress</c>); null means every state.</summary>
    public static IReadOnlyList<ReportStatus>? ParseStatuses(FieldErrors errors, string? status)
    {
        if (string.IsNullOrWhiteSpace(status) || status.Trim() == "open")
        {
            return Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()).ToList();
        }

        if (status.Trim() == "all")
        {
            return null;
        }

        var list = new List<ReportStatus>();
        foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Enum.GetValues<ReportStatus>().Where(s => s.Code() == part).Select(s => (ReportStatus?)s).FirstOrDefault();
            if (part == "open")
            {
                list.AddRange(Enum.GetValues<ReportStatus>().Where(s => s.IsOpen()));
            }
            else if (match is null)
            {
                errors.Add("status", $"status is open, all, or a comma list of {string.Join(", ", Enum.GetValues<ReportStatus>().Select(s => s.Code()))}; '{Quote(part)}' is not one.");
                return null;
            }
            else
            {
                list.Add(match.Value);
            }
        }

        return list.Distinct().ToList();
    }

    public IQueryable<Report> Apply(IQueryable<Report> reports)
    {
        if (Jurisdiction is not null)
        {
            reports = reports.Where(r => r.JurisdictionCode == Jurisdiction);
        }

        if (Ids is not null)
        {
            reports = reports.Where(r => Ids.Contains(r.Id));
        }

        if (Box is { } box)
        {
            reports = reports.Where(r => r.Location.Latitude >= box.MinLat && r.Location.Latitude <= box.MaxLat
                && r.Location.Longitude >= box.MinLon && r.Location.Longitude <= box.MaxLon);
        }
        else
        {
            reports = reports.Where(r => r.Location.Latitude != null && r.Location.Longitude != null);
        }

        if (Statuses is not null)
        {
            reports = reports.Where(r => Statuses.Contains(r.Status));
        }

        if (Categories.Count > 0)
        {
            reports = reports.Where(r => Categories.Contains(r.ServiceCode));
        }

        if (Commune is not null)
        {
            reports = reports.Where(r => r.Location.CommuneCode == Commune);
        }

        return reports;
    }

    private static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>Whose reports the console shows: the user's jurisdiction; an installation administrator names one or sees all.</summary>
internal static class OpsScope
{
    public static string? Of(FieldErrors errors, ClaimsPrincipal user, string? requested)
    {
        requested = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        if (ActorScope.IsInstallationAdministrator(user))
        {
            return requested;
        }

        var own = ActorScope.JurisdictionOf(user) ?? string.Empty;
        if (requested is not null && requested != own)
        {
            errors.Add("jurisdiction", "jurisdiction is your own jurisdiction's code, or left out.");
        }

        return own;
    }
}

/// <summary>
/// Overdue, as the console marks it: still open and past its legal deadline (<see cref="Report.ExpectedAt"/>).
/// The one place to change when the deadline slice (h-cases) stores its own overdue mark on the report.
/// </summary>
internal static class Overdue
{
    public static Expression<Func<Report, bool>> At(DateTimeOffset now) =>
        r => r.ExpectedAt < now && r.Status != ReportStatus.Resolved && r.Status != ReportStatus.Closed && r.Status != ReportStatus.Rejected && r.Status != ReportStatus.Duplicate;

    public static bool Is(ReportStatus status, DateTimeOffset expectedAt, DateTimeOffset now) => status.IsOpen() && expectedAt < now;
}
