using System.Globalization;
using Mekong.Modules.Reports.Contracts;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.Directory;

/// <summary>The reports' public face for other modules (<see cref="IReportDirectory"/>), over the module's own context.</summary>
internal sealed class ReportDirectory(ReportsDbContext db) : IReportDirectory
{
    public async Task<ReportView?> FindAsync(string jurisdictionCode, long id, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.JurisdictionCode == jurisdictionCode, cancellationToken);
        if (report is null)
        {
            return null;
        }

        var category = await db.Categories.AsNoTracking().Where(c => c.Id == report.CategoryId)
            .Select(c => new { c.Code, c.NameVi, c.NameEn }).FirstOrDefaultAsync(cancellationToken);
        return new ReportView(
            report.Id, report.JurisdictionCode, "#" + report.Id.ToString(CultureInfo.InvariantCulture),
            category?.NameVi ?? report.ServiceCode, category?.NameEn ?? report.ServiceCode, category?.Code ?? report.ServiceCode,
            report.Description, report.Location.Latitude, report.Location.Longitude, report.Location.CommuneCode,
            report.Status.ToString().ToLowerInvariant(), report.RequestedAt);
    }
}
