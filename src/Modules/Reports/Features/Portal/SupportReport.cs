using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary>Who says "this is my problem too": an account, an e-mail, an anonymous browser (any of them, at least one).</summary>
internal sealed record SupportRequest(long ReportId, string Jurisdiction, string? Email, string? UserId, string? ClientId, string Language);

internal sealed record SupportResult(int Supporters, bool AlreadySupported);

/// <summary>
/// Adds a supporter to an open public report, once per person (the same account, e-mail or browser counts once), and
/// answers with the report's supporter count. The notifier reads <see cref="ReportsDbContext.Supporters"/> for the
/// e-mails to send at each public change.
/// </summary>
internal sealed class SupportReportHandler(ReportsDbContext db, PortalCache cache, TimeProvider clock)
{
    public async Task<SupportResult> HandleAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().Where(r => r.Id == request.ReportId && r.JurisdictionCode == request.Jurisdiction && r.IsPublic)
            .Select(r => new { r.Id, r.Status }).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound($"There is no public report {request.ReportId}.");
        if (!report.Status.IsOpen())
        {
            throw DomainException.Conflict($"Report {report.Id} is {report.Status.Code()}: only an open report can be supported. Send a new report if the problem is back.");
        }

        var supporter = ReportSupporter.For(report.Id, request.Email, request.UserId, request.ClientId, request.Language, clock.GetUtcNow());
        var (email, user, client) = (supporter.Email, supporter.UserId, supporter.ClientId);
        var existing = await db.Supporters.FirstOrDefaultAsync(
            s => s.ReportId == report.Id && ((user != null && s.UserId == user) || (email != null && s.Email == email) || (client != null && s.ClientId == client)),
            cancellationToken);
        var already = existing is not null;
        if (existing is not null)
        {
            if (existing.AddEmail(email))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        else
        {
            db.Supporters.Add(supporter);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same person a moment earlier (a double tap): one of the two rows stands.
                db.ChangeTracker.Clear();
                already = true;
            }
        }

        cache.Nearby.Clear();
        return new SupportResult(await db.Supporters.CountAsync(s => s.ReportId == report.Id, cancellationToken), already);
    }
}
