using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mekong.Platform.Storage;

/// <summary>
/// Times every database command of every module, on both providers (SQLite has no driver metrics of its own):
/// histogram <c>mekong.db.command.duration</c> in seconds, tagged with the module schema, the kind of command
/// and whether it failed. Exported on <c>/metrics</c>.
/// </summary>
public sealed class DatabaseMetrics : IDisposable
{
    public const string MeterName = "Mekong";

    private readonly Meter _meter = new(MeterName);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CommandTimingInterceptor> _interceptors = new(StringComparer.Ordinal);
    private readonly Histogram<double> _duration;

    public DatabaseMetrics()
    {
        _duration = _meter.CreateHistogram(
            "mekong.db.command.duration",
            unit: "s",
            description: "Duration of database commands by module",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>One interceptor per module, shared by all its context instances.</summary>
    internal CommandTimingInterceptor InterceptorFor(string schema) => _interceptors.GetOrAdd(schema, s => new CommandTimingInterceptor(this, s));

    internal void Record(string schema, string kind, TimeSpan duration, bool failed) =>
        _duration.Record(duration.TotalSeconds, new TagList { { "module", schema }, { "kind", kind }, { "failed", failed } });

    public void Dispose() => _meter.Dispose();
}

/// <summary>Feeds <see cref="DatabaseMetrics"/> from EF Core's command events for one module's context.</summary>
internal sealed class CommandTimingInterceptor(DatabaseMetrics metrics, string schema) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        metrics.Record(schema, "reader", eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        metrics.Record(schema, "reader", eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        metrics.Record(schema, "non-query", eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        metrics.Record(schema, "non-query", eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        metrics.Record(schema, "scalar", eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        metrics.Record(schema, "scalar", eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        metrics.Record(schema, eventData.ExecuteMethod.ToString().ToLowerInvariant(), eventData.Duration, failed: true);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }
}
