using Mekong.Modules.AdminUnits;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Events;
using Microsoft.Extensions.Options;

namespace Mekong.ImportTests;

public sealed class SqliteLocateCacheTests(SqliteTestDatabase database) : LocateCacheTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresLocateCacheTests(PostgresTestDatabase database) : LocateCacheTests(database), IClassFixture<PostgresTestDatabase>;

/// <summary>
/// <see cref="IAdminUnitDirectory.LocateAsync"/> is cached per node and forgets what it knew when this node announces
/// <see cref="AdminUnitsChanged"/> (issue 13 "caches").
/// </summary>
public abstract class LocateCacheTests(TestDatabase database) : IDisposable
{
    private static readonly DateOnly Before = new(2020, 1, 1);
    private static readonly DateOnly Reorganisation = new(2025, 7, 1);
    private static readonly DateOnly Later = new(2026, 1, 1);
    private readonly BoundaryFiles _files = new();
    private readonly LocateCache _cache = new(Options.Create(new AdminUnitsOptions { LocateCacheSeconds = 3600 }), TimeProvider.System);

    [Fact]
    public async Task A_located_point_is_answered_from_the_cache_until_boundaries_change_on_this_node()
    {
        const string j = "LC";
        await using (var db = database.CreateContext())
        {
            db.Jurisdictions.Add(Jurisdiction.Create(j, "Tỉnh Thử LC", null, isSynthetic: false, TimeProvider.System));
            db.AdminUnits.Add(AdminUnit.Create(j, $"P{j}", AdminLevel.Province, UnitKind.Province, "Tỉnh Thử LC", null, null,
                BoundaryFiles.Square(105.85, 9.50, 0.25), null, null, Before));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        TestUnit[] communes =
        [
            new($"{j}01", "Phường Tân An", BoundaryFiles.Square(105.90, 9.55, 0.05)),
            new($"{j}02", "Xã Hòa Tú", BoundaryFiles.Square(105.95, 9.55, 0.05)),
        ];
        await ImportAsync(_files.GeoJson("before.geojson", communes), j, Before, events: null);
        Assert.Equal($"{j}02", (await LocateAsync(9.57, 105.97))?.Code);
        Assert.Null(await LocateAsync(20.0, 100.0));

        // Written behind the cache's back (as by another node): this node keeps its answer for the cache time...
        var merged = new TestUnit($"{j}10", "Phường Sóc Trăng", BoundaryFiles.Square(105.90, 9.55, 0.05).Union(BoundaryFiles.Square(105.95, 9.55, 0.05)));
        await ImportAsync(_files.GeoJson("after.geojson", [merged]), j, Reorganisation, events: null);
        Assert.Equal($"{j}02", (await LocateAsync(9.57, 105.97))?.Code);

        // ...and drops it when an import on this node announces the change.
        var reshaped = merged with { Geometry = merged.Geometry.Union(BoundaryFiles.Square(106.00, 9.55, 0.05)) };
        await ImportAsync(_files.GeoJson("again.geojson", [reshaped]), j, Reorganisation, new Publisher(_cache));
        Assert.Equal($"{j}10", (await LocateAsync(9.57, 105.97))?.Code);
        Assert.Equal($"{j}10", (await LocateAsync(9.57, 106.02))?.Code);
    }

    private async Task<AdminUnitInfo?> LocateAsync(double latitude, double longitude)
    {
        await using var db = database.CreateContext();
        return await new AdminUnitDirectory(db, _cache, TimeProvider.System).LocateAsync(latitude, longitude, Later, TestContext.Current.CancellationToken);
    }

    private async Task ImportAsync(string path, string jurisdiction, DateOnly validFrom, IEventPublisher? events)
    {
        await using var db = database.CreateContext();
        var report = await new AdminUnitImporter(db, Options.Create(new ImportLimits()), new ImportGate(Path.Combine(_files.Directory, "locks"), 1), events).ImportAsync(
            ImportFile.FromPath(path), new ImportOptions(jurisdiction, AdminLevel.Commune, validFrom), null, TestContext.Current.CancellationToken);
        Assert.True(report.Succeeded);
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The in-process publisher as the module wires it: <see cref="ForgetLocatedPoints"/> hears the change.</summary>
    private sealed class Publisher(LocateCache cache) : IEventPublisher
    {
        public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken) =>
            @event is AdminUnitsChanged changed ? new ForgetLocatedPoints(cache).HandleAsync(changed, cancellationToken) : Task.CompletedTask;
    }
}
