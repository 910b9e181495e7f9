using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary>
/// What the reporter may do with the private token (the link in their e-mails, <c>/reports/{id}?t=…</c>): reopen within
/// <c>Mekong:Reports:ReopenDays</c> of the resolution, and rate the handling once after it. The rules are the report's.
/// </summary>
internal sealed class ReporterActionsHandler(ReportsDbContext db, IOptions<ResidentPortalOptions> options, TimeProvider clock, ILogger<ReporterActionsHandler> logger)
{
    public async Task ReopenAsync(long id, string? token, string? reason, CancellationToken cancellationToken)
    {
        var report = await FindAsync(id, token, cancellationToken);
        report.ReopenByReporter(reason, options.Value.ReopenWindow, clock);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Report {Id} reopened by its reporter", id);
    }

    public async Task RateAsync(long id, string? token, int rating, string? comment, CancellationToken cancellationToken)
    {
        var report = await FindAsync(id, token, cancellationToken);
        report.Rate(rating, comment, clock);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Report {Id} rated {Rating} by its reporter", id, rating);
    }

    private async Task<Domain.Report> FindAsync(long id, string? token, CancellationToken cancellationToken)
    {
        var report = await db.Reports.Include(r => r.History).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        // The same answer for a wrong token and a missing report: the token is the only way in.
        if (report is null || !report.HasToken(token))
        {
            throw DomainException.NotFound($"There is no report {id} with this private link.");
        }

        return report;
    }
}
