using Mekong.Platform.Configuration;

namespace Mekong.Platform.Storage;

/// <summary>PostgreSQL features that SQLite lacks; a module declares the ones it uses on its module-table entry.</summary>
[Flags]
public enum PostgresFeatures
{
    None = 0,

    /// <summary>Declarative table partitioning (<c>PARTITION BY RANGE</c>), e.g. telemetry by month.</summary>
    Partitioning = 1,

    /// <summary>Binary <c>COPY ... FROM STDIN</c> for bulk writes.</summary>
    BinaryCopy = 2,

    /// <summary>Session or transaction advisory locks, e.g. one node at a time for a periodic job.</summary>
    AdvisoryLocks = 4,
}

/// <summary>
/// What the configured database can do. A module that declared <see cref="PostgresFeatures"/> asks here which path to
/// take: <c>if (capabilities.Supports(PostgresFeatures.BinaryCopy)) { COPY } else { prepared INSERTs }</c>.
/// </summary>
public sealed class DatabaseCapabilities(DatabaseProvider provider)
{
    public DatabaseProvider Provider { get; } = provider;

    public bool Supports(PostgresFeatures features) => Provider == DatabaseProvider.PostgreSQL || features == PostgresFeatures.None;
}
