namespace Mekong.Platform;

/// <summary>Work a module needs done once the database is ready and before requests are served (e.g. ensure roles exist).</summary>
public interface IStartupTask
{
    int Order { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
