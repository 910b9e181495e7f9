using Mekong.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Outbox;

/// <summary>Deletes delivered outbox messages older than <c>Mekong:Outbox:KeepDelivered</c> in every module's outbox.</summary>
internal sealed class OutboxCleanupJob(IServiceProvider services, IEnumerable<OutboxSource> sources, IOptions<OutboxOptions> options, TimeProvider clock) : IPeriodicJob
{
    public const string Name = "outbox.cleanup";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.KeepDelivered;
        foreach (var source in sources.DistinctBy(s => s.ContextType))
        {
            var db = (DbContext)services.GetRequiredService(source.ContextType);
            await new OutboxStore(db).DeleteDeliveredBeforeAsync(before, cancellationToken);
        }
    }
}
