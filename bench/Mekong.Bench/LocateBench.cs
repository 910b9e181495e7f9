using System.Diagnostics;
using System.Globalization;
using Mekong.Modules.AdminUnits;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Demo;
using Mekong.Platform;
using Mekong.Platform.Demo;
using Mekong.Platform.Live;
using Mekong.Platform.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.Bench;

/// <summary>
/// <see cref="IAdminUnitDirectory.LocateAsync"/> on the demo province in SQLite, in one process and one run: points that
/// repeat (as sensors and cameras send them: cache hits) beside points that never repeat (as citizen reports: each a
/// miss, i.e. the spatial query the directory made before it had a cache). Rounds alternate so noise hits both alike.
/// </summary>
internal static class LocateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = int.Parse(args.FirstOrDefault() ?? "20000", CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("mekong-bench-locate").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mekong:DataDirectory"] = directory,
                ["Mekong:Database:Provider"] = "Sqlite",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .AddSingleton<IConfiguration>(configuration)
                .AddMekongPlatform(configuration)
                .AddAdminUnitsModule(configuration)
                .AddSingleton<ILiveChannel, NoLiveChannel>();
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
            await using (var scope = provider.CreateAsyncScope())
            {
                var demo = new DemoContext(DemoContext.DefaultSeed, DemoContext.DemoJurisdictionCode, TimeProvider.System);
                foreach (var seeder in scope.ServiceProvider.GetServices<IDemoSeeder>())
                {
                    await seeder.SeedAsync(demo, CancellationToken.None);
                }
            }

            var envelope = DemoProvinceGenerator.Generate(DemoContext.DefaultSeed).Province.Geometry.EnvelopeInternal;
            var random = new Random(7);
            (double Lat, double Lon) Point() => (envelope.MinY + random.NextDouble() * envelope.Height, envelope.MinX + random.NextDouble() * envelope.Width);
            var sensors = Enumerable.Range(0, 200).Select(_ => Point()).ToArray();

            async Task<(TimeSpan Took, int Found)> RoundAsync(Func<int, (double Lat, double Lon)> pick, int count)
            {
                var found = 0;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < count; i++)
                {
                    await using var scope = provider.CreateAsyncScope();
                    var (lat, lon) = pick(i);
                    if (await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().LocateAsync(lat, lon, null, CancellationToken.None) is not null)
                    {
                        found++;
                    }
                }

                return (watch.Elapsed, found);
            }

            // Warm-up of both paths (JIT, SQLite page cache, the 200 sensor points in the cache).
            await RoundAsync(_ => Point(), 500);
            await RoundAsync(i => sensors[i % sensors.Length], 500);

            const int Rounds = 4;
            var per = calls / Rounds;
            TimeSpan uncached = TimeSpan.Zero, cached = TimeSpan.Zero;
            int uncachedFound = 0, cachedFound = 0;
            for (var r = 0; r < Rounds; r++)
            {
                var miss = await RoundAsync(_ => Point(), per);
                var hit = await RoundAsync(i => sensors[i % sensors.Length], per);
                (uncached, uncachedFound) = (uncached + miss.Took, uncachedFound + miss.Found);
                (cached, cachedFound) = (cached + hit.Took, cachedFound + hit.Found);
            }

            var total = per * Rounds;
            var missRate = total / uncached.TotalSeconds;
            var hitRate = total / cached.TotalSeconds;
            Console.WriteLine($"LocateAsync on the demo province (SQLite), {total} calls each, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference: uncached (every point new, spatial query)   {missRate,10:N0} locate/s  ({uncachedFound} of {total} inside a unit)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cached (200 points repeating, as sensors)              {hitRate,10:N0} locate/s  ({hitRate / missRate:F1}x reference; {cachedFound} inside)"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class NoLiveChannel : ILiveChannel
    {
        public Task PublishAsync(string jurisdictionCode, string topic, object payload, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task PublishToUserAsync(Guid userId, string topic, object payload, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
