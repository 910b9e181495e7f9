using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Telemetry.Features.Partitions;

/// <summary>
/// Makes the PostgreSQL day partitions of the readings a week ahead (ADR 0027), so that ingest never writes into the
/// default partition in normal running. The migration made the first ones; this job keeps them coming. SQLite has
/// one table: nothing to do.
/// </summary>
internal sealed class ReadingPartitionJob(TelemetryDbContext db, ILogger<ReadingPartitionJob> logger) : IPeriodicJob
{
    public const string Name = "telemetry.partitions";

    public const int DaysAhead = 7;

    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var made = await db.Database.SqlQueryRaw<int>(
            $"SELECT telemetry.ensure_reading_partitions(current_date - 1, current_date + {DaysAhead}) AS \"Value\"").SingleAsync(cancellationToken);
        if (made > 0)
        {
            logger.LogInformation("Made {Count} day partition(s) of telemetry.readings", made);
        }
    }
}
