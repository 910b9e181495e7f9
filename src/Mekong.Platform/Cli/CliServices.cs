using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Cli;

/// <summary>
/// Gives a CLI verb the application's services with the database ready (migrations applied or checked, start-up
/// tasks run), without starting the web server. Modules contribute verbs as System.CommandLine commands.
/// </summary>
public sealed class CliServices(Func<CancellationToken, Task<IServiceProvider>> start)
{
    private IServiceProvider? _services;

    public async Task<IServiceProvider> StartAsync(CancellationToken cancellationToken) => _services ??= await start(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a fresh scope; returns its exit code.</summary>
    public async Task<int> RunAsync(Func<IServiceProvider, Task<int>> work, CancellationToken cancellationToken)
    {
        var services = await StartAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
