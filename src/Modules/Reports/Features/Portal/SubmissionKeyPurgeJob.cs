using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary>
/// <c>reports.submission-keys</c> (hourly, one node at a time): deletes the idempotency keys older than
/// <c>Mekong:Reports:IdempotencyHours</c>. Such a key no longer counts anyway (<c>SubmitReportHandler</c> ignores it);
/// without the purge every report sent from the portal would leave its key behind for good.
/// </summary>
internal sealed class SubmissionKeyPurgeJob(ReportsDbContext db, IOptions<ResidentPortalOptions> options, TimeProvider clock, ILogger<SubmissionKeyPurgeJob> logger) : IPeriodicJob
{
    public const string Name = "reports.submission-keys";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var expired = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.IdempotencyHours);
        var deleted = await db.SubmissionKeys.Where(k => k.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} expired submission keys", deleted);
        }
    }
}
