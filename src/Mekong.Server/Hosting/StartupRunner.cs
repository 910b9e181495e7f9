using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Mekong.Server.Hosting;

/// <summary>
/// Brings the database to a state where requests can be served: migrations (or the refusal to start without
/// them), module start-up tasks and, in demo mode, the demo province.
/// </summary>
internal sealed class StartupRunner(IServiceProvider services, IOptions<MekongOptions> options, TimeProvider clock, ILogger<StartupRunner> logger)
{
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<MigrationRunner>().EnsureReadyAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            await task.RunAsync(cancellationToken);
        }
    }

    /// <summary>Runs every module's demo seeder in order; returns the banner lines they report.</summary>
    public async Task<IList<string>> SeedDemoAsync(CancellationToken cancellationToken)
    {
        var context = new DemoContext(DemoContext.DefaultSeed, DemoContext.DemoJurisdictionCode, clock);
        await using var scope = services.CreateAsyncScope();
        foreach (var seeder in scope.ServiceProvider.GetServices<IDemoSeeder>().OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var started = clock.GetTimestamp();
            await seeder.SeedAsync(context, cancellationToken);
            logger.LogDebug("Demo seeder {Seeder} took {Elapsed} ms", seeder.Name, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        }

        return context.Notes;
    }

    public bool IsDemo => options.Value.Demo;
}

/// <summary>Runs <see cref="StartupRunner"/> when the web host starts, before it listens.</summary>
internal sealed class StartupHostedService(StartupRunner runner, IOptions<MekongOptions> options, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runner.PrepareAsync(cancellationToken);
        if (!runner.IsDemo)
        {
            return;
        }

        var notes = await runner.SeedDemoAsync(cancellationToken);
        var urls = configuration["urls"] ?? "http://localhost:5080";
        Console.WriteLine();
        Console.WriteLine("  Mekong IOC — DEMO MODE (synthetic province 'Tỉnh Phù Sa'; set Mekong:Demo=false for a real installation)");
        Console.WriteLine($"  Data directory: {options.Value.ResolveDataDirectory()}");
        Console.WriteLine($"  Open {urls.Split(';')[0]}  ·  operator console /ops  ·  API /openapi/v1.json  ·  docs /api-docs");
        Console.WriteLine("  Demo log-ins:");
        foreach (var note in notes)
        {
            Console.WriteLine("    " + note);
        }

        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
