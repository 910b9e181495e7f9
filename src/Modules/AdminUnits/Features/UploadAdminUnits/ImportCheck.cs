using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

namespace Mekong.Modules.AdminUnits.Features.UploadAdminUnits;

/// <summary>
/// What the import screen shows of a check (a dry run) or of an apply that was refused, after the work ran in the
/// background: kept as <c>check.json</c> beside the upload (module storage, capped and expiring with the upload), since
/// the map of a province's units is too large for the work item's result. Texts are in the language of whoever started it.
/// </summary>
internal sealed record ImportCheck(
    string? Crs, string? FileError, int Created, int Updated, int Ended, int Unchanged, int Rejected,
    IReadOnlyList<string> Rejections, IReadOnlyList<string> Warnings, IReadOnlyList<string> Notes, string? MapJson, bool Refused)
{
    public static ImportCheck From(ImportReport report, bool refused) => new(
        report.Crs, report.FileError, report.Created, report.Updated, report.Ended, report.Unchanged, report.Rejected,
        [.. report.Rejections.Select(i => i.ToString())], [.. report.Warnings.Select(i => i.ToString())], [.. report.Notes],
        report.FileError is null ? ImportMapData.Build(report) : null, refused);
}

/// <summary>What an applied import wrote: the work item's JSON result, which the screen's last step shows.</summary>
internal sealed record ImportApplied(string FileName, string Jurisdiction, int Created, int Updated, int Ended, int Unchanged, int Rejected);
