using System.Diagnostics;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Places.Demo;

/// <summary>The demo province's roads, rivers and places: written as an OSM file and imported like any other (after the admin units).</summary>
internal sealed class PlacesDemoSeeder(PlacesDbContext db, IAdminUnitDirectory adminUnits, OsmImporter importer, ILogger<PlacesDemoSeeder> logger) : IDemoSeeder
{
    public int Order => 20;

    public string Name => "places";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (await db.Networks.AnyAsync(n => n.JurisdictionCode == context.JurisdictionCode, cancellationToken))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var file = await DemoOsmWriter.WriteAsync(context, adminUnits, cancellationToken);
        var summary = await importer.ImportAsync(new MemoryStream(file.Xml), "demo-province.osm", context.JurisdictionCode, progress: null, cancellationToken);
        if (!summary.Succeeded)
        {
            throw new InvalidOperationException("The demo OSM file did not import: " + summary.Error);
        }

        logger.LogInformation("Demo places: {Roads} roads, {Places} places from a {Bytes} byte OSM file in {Elapsed} ms",
            summary.Roads, summary.Places, file.Xml.Length, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
