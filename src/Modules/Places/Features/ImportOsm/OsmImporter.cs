using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Osm;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Jobs;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Places.Features.ImportOsm;

/// <summary>What an import did (or why it did nothing).</summary>
internal sealed record OsmImportSummary(
    bool Succeeded,
    string? Error,
    string JurisdictionCode,
    long Nodes,
    long Ways,
    long Relations,
    int Roads,
    int Ferries,
    int Bridges,
    int TurnRestrictions,
    int MapFeatures,
    int NamedPlaces,
    int Places,
    int SkippedWays,
    TimeSpan Elapsed)
{
    public static OsmImportSummary Failed(string jurisdictionCode, string error) =>
        new(false, error, jurisdictionCode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);

    public void WriteTo(TextWriter output)
    {
        if (!Succeeded)
        {
            output.WriteLine($"Import failed, nothing changed: {Error}");
            return;
        }

        output.WriteLine($"Imported into jurisdiction {JurisdictionCode} in {Elapsed.TotalSeconds:0.0} s (the previous network was replaced).");
        output.WriteLine($"  read      {Nodes} nodes, {Ways} ways, {Relations} relations");
        output.WriteLine($"  roads     {Roads} ({Ferries} ferries, {Bridges} bridges), {TurnRestrictions} turn restrictions");
        output.WriteLine($"  base map  {MapFeatures} features (water, waterways, land use, buildings, {NamedPlaces} named places)");
        output.WriteLine($"  places    {Places} in the directory");
        if (SkippedWays > 0)
        {
            output.WriteLine($"  skipped   {SkippedWays} ways with nodes missing from the file (cut by the extract)");
        }
    }
}

/// <summary>
/// Imports an OSM file (<c>.osm.pbf</c> or <c>.osm</c>) into a jurisdiction: roads with their routing tags, turn
/// restrictions, the base map's features and the directory's places from their tags. The whole file is read and
/// checked first; only then, in one transaction, are the jurisdiction's previous roads, restrictions, map features
/// and OSM places deleted and the new ones bulk-inserted (ADR 0029). A bad file therefore changes nothing.
/// Places added by CSV or edited in /admin are kept.
/// </summary>
internal sealed class OsmImporter(
    PlacesDbContext db,
    IAdminUnitDirectory adminUnits,
    PlaceCategories categories,
    PlaceIndex index,
    Routing.RouteEngine routes,
    TimeProvider clock,
    ILogger<OsmImporter> logger)
{
    public async Task<OsmImportSummary> ImportAsync(Stream input, string sourceName, string jurisdictionCode, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        if (await adminUnits.FindJurisdictionAsync(jurisdictionCode, cancellationToken) is null)
        {
            return OsmImportSummary.Failed(jurisdictionCode, $"there is no jurisdiction '{jurisdictionCode}'.");
        }

        ReadResult read;
        try
        {
            read = Read(input, jurisdictionCode, categories, progress, cancellationToken);
        }
        catch (OsmFormatException e)
        {
            logger.LogWarning("OSM import of {Source} into {Jurisdiction} refused: {Reason}", sourceName, jurisdictionCode, e.Message);
            return OsmImportSummary.Failed(jurisdictionCode, e.Message);
        }

        progress?.Report(new ProgressUpdate(0, read.Places.Count, "Locating places in their communes"));
        var communes = await adminUnits.LocateManyAsync([.. read.Places.Select(p => (p.Details.Latitude, p.Details.Longitude))], null, cancellationToken);
        var places = new List<Place>(read.Places.Count);
        for (var i = 0; i < read.Places.Count; i++)
        {
            var (details, osmRef) = read.Places[i];
            var commune = communes[i] is { Level: "commune" } unit ? unit.Code : null;
            places.Add(Place.Create(jurisdictionCode, details, commune, PlaceSource.Osm, osmRef, clock));
        }

        progress?.Report(new ProgressUpdate(0, null, "Replacing the network"));
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Roads.Where(r => r.JurisdictionCode == jurisdictionCode).ExecuteDeleteAsync(cancellationToken);
            await db.TurnRestrictions.Where(r => r.JurisdictionCode == jurisdictionCode).ExecuteDeleteAsync(cancellationToken);
            await db.MapFeatures.Where(r => r.JurisdictionCode == jurisdictionCode).ExecuteDeleteAsync(cancellationToken);
            await db.Places.Where(p => p.JurisdictionCode == jurisdictionCode && p.Source == PlaceSource.Osm).ExecuteDeleteAsync(cancellationToken);
            await db.BulkInsertAsync(read.Roads, cancellationToken);
            await db.BulkInsertAsync(read.Restrictions, cancellationToken);
            await db.BulkInsertAsync(read.Features, cancellationToken);
            await db.BulkInsertAsync(places, cancellationToken);
            var network = await db.Networks.FirstOrDefaultAsync(n => n.JurisdictionCode == jurisdictionCode, cancellationToken);
            if (network is null)
            {
                network = new RoadNetwork { JurisdictionCode = jurisdictionCode, Source = "", ImportedAt = clock.GetUtcNow() };
                db.Networks.Add(network);
            }

            network.Source = Path.GetFileName(sourceName) is { Length: > 0 and <= 260 } name ? name : "(stream)";
            network.ImportedAt = clock.GetUtcNow();
            network.Nodes = read.NodeCount;
            network.Roads = read.Roads.Count;
            network.TurnRestrictions = read.Restrictions.Count;
            network.MapFeatures = read.Features.Count;
            network.Places = places.Count;
            await db.TouchAsync(jurisdictionCode, clock, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        index.Invalidate(jurisdictionCode);
        routes.Refresh(jurisdictionCode);
        var summary = new OsmImportSummary(
            true, null, jurisdictionCode, read.NodeCount, read.WayCount, read.RelationCount, read.Roads.Count,
            read.Roads.Count(r => r.IsFerry), read.Roads.Count(r => r.IsBridge), read.Restrictions.Count, read.Features.Count,
            read.Features.Count(f => f.Layer == MapLayerKind.Place), places.Count, read.SkippedWays, clock.GetElapsedTime(started));
        logger.LogInformation("OSM import of {Source} into {Jurisdiction}: {Roads} roads, {Restrictions} turn restrictions, {Features} map features, {Places} places",
            sourceName, jurisdictionCode, summary.Roads, summary.TurnRestrictions, summary.MapFeatures, summary.Places);
        return summary;
    }

    private sealed class ReadResult
    {
        public List<Road> Roads { get; } = [];

        public List<TurnRestriction> Restrictions { get; } = [];

        public List<MapFeature> Features { get; } = [];

        public List<(PlaceDetails Details, string OsmRef)> Places { get; } = [];

        public int NodeCount { get; set; }

        public long WayCount { get; set; }

        public long RelationCount { get; set; }

        public int SkippedWays { get; set; }
    }

    /// <summary>Reads a file's routable ways and turn restrictions as the import would store them (the router's unit tests read handmade files with it).</summary>
    internal static (List<Road> Roads, List<TurnRestriction> Restrictions) ReadNetwork(Stream input, string jurisdictionCode, PlaceCategories categories)
    {
        var read = Read(input, jurisdictionCode, categories, null, CancellationToken.None);
        return (read.Roads, read.Restrictions);
    }

    private static ReadResult Read(Stream input, string jurisdictionCode, PlaceCategories categories, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(input);
        long? total = input.CanSeek ? input.Length - input.Position : null;
        var nodes = new NodeStore();
        var result = new ReadResult();
        var roadIds = new HashSet<long>();
        long elements = 0;
        var points = new List<int>();
        var ids = new List<long>();
        foreach (var element in OsmFile.Read(counting))
        {
            if (++elements % 50_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ProgressUpdate(counting.BytesRead, total, $"Reading: {nodes.Count} nodes, {result.WayCount} ways"));
            }

            switch (element)
            {
                case OsmNode node:
                    nodes.Add(node.Id, PackedCoordinates.ToFixed(node.Latitude), PackedCoordinates.ToFixed(node.Longitude));
                    if (node.Tags.Count > 0)
                    {
                        AddNodeFeatures(node, jurisdictionCode, categories, result);
                    }

                    break;
                case OsmWay way:
                    result.WayCount++;
                    if (way.Tags.Count == 0 || way.NodeIds.Length < 2)
                    {
                        break;
                    }

                    var roadClass = OsmTags.RoadClass(way.Tags);
                    var closed = way.NodeIds.Length >= 4 && way.NodeIds[0] == way.NodeIds[^1];
                    var layer = OsmTags.MapLayer(way.Tags, closed);
                    var category = categories.Classify(way.Tags);
                    if (roadClass is null && layer is null && (category is null || !way.Tags.ContainsKey("name")))
                    {
                        break;
                    }

                    points.Clear();
                    ids.Clear();
                    var missing = false;
                    foreach (var id in way.NodeIds)
                    {
                        if (!nodes.TryGet(id, out var lat7, out var lon7))
                        {
                            missing = true;
                            break;
                        }

                        points.Add(lat7);
                        points.Add(lon7);
                    }

                    if (missing)
                    {
                        result.SkippedWays++;
                        break;
                    }

                    var packed = PackedCoordinates.Pack(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points));
                    var box = Box(points);
                    if (roadClass is not null)
                    {
                        roadIds.Add(way.Id);
                        result.Roads.Add(ToRoad(way, roadClass, jurisdictionCode, packed, box));
                    }

                    if (layer is { } l)
                    {
                        result.Features.Add(new MapFeature
                        {
                            Id = Guid.CreateVersion7(),
                            JurisdictionCode = jurisdictionCode,
                            OsmId = way.Id,
                            Layer = l.Layer,
                            Kind = Truncate(l.Kind, 64)!,
                            Name = Truncate(way.Tag("name"), Road.NameMaxLength),
                            Closed = closed,
                            Coordinates = packed,
                            MinLat = box.MinLat,
                            MinLon = box.MinLon,
                            MaxLat = box.MaxLat,
                            MaxLon = box.MaxLon,
                        });
                    }

                    if (category is not null && way.Tag("name") is { } name)
                    {
                        // A building or site mapped as an area: the place stands at the middle of its outline.
                        result.Places.Add((Details(category.Key, name, way.Tags, (box.MinLat + box.MaxLat) / 2, (box.MinLon + box.MaxLon) / 2), "w" + way.Id));
                    }

                    break;
                case OsmRelation relation:
                    result.RelationCount++;
                    if (relation.Tag("type") == "restriction" && Restriction(relation, jurisdictionCode) is { } restriction
                        && roadIds.Contains(restriction.FromWay) && roadIds.Contains(restriction.ToWay))
                    {
                        result.Restrictions.Add(restriction);
                    }

                    break;
            }
        }

        result.NodeCount = nodes.Count;
        progress?.Report(new ProgressUpdate(counting.BytesRead, total ?? counting.BytesRead, $"Read {nodes.Count} nodes, {result.WayCount} ways, {result.RelationCount} relations"));
        return result;
    }

    private static void AddNodeFeatures(OsmNode node, string jurisdictionCode, PlaceCategories categories, ReadResult result)
    {
        var name = node.Tag("name");
        if (name is null)
        {
            return;
        }

        if (node.Tag("place") is { } kind && OsmTags.PlaceKinds.Contains(kind))
        {
            var packed = PackedCoordinates.Pack([PackedCoordinates.ToFixed(node.Latitude), PackedCoordinates.ToFixed(node.Longitude)]);
            result.Features.Add(new MapFeature
            {
                Id = Guid.CreateVersion7(),
                JurisdictionCode = jurisdictionCode,
                OsmId = node.Id,
                Layer = MapLayerKind.Place,
                Kind = kind,
                Name = Truncate(name, Road.NameMaxLength),
                Coordinates = packed,
                MinLat = node.Latitude,
                MinLon = node.Longitude,
                MaxLat = node.Latitude,
                MaxLon = node.Longitude,
            });
        }

        if (categories.Classify(node.Tags) is { } category)
        {
            result.Places.Add((Details(category.Key, name, node.Tags, node.Latitude, node.Longitude), "n" + node.Id));
        }
    }

    private static PlaceDetails Details(string category, string name, IReadOnlyDictionary<string, string> tags, double lat, double lon)
    {
        string? Tag(params string[] keys) => keys.Select(k => tags.TryGetValue(k, out var v) ? v : null).FirstOrDefault(v => v is not null);
        var street = Tag("addr:street");
        var house = Tag("addr:housenumber");
        var address = Tag("addr:full") ?? (street is null ? null : house is null ? street : house + " " + street);
        return new PlaceDetails(
            category,
            Truncate(name, Place.NameMaxLength)!,
            Truncate(Tag("name:en"), Place.NameMaxLength),
            lat,
            lon,
            Truncate(address, Place.AddressMaxLength),
            Truncate(Tag("phone", "contact:phone"), Place.ContactMaxLength),
            Truncate(Tag("website", "contact:website"), Place.ContactMaxLength),
            Truncate(Tag("email", "contact:email"), Place.ContactMaxLength),
            Truncate(Tag("opening_hours"), Place.OpeningHoursMaxLength),
            Truncate(Tag("mekong:procedures")?.Replace(';', '\n'), Place.ProceduresMaxLength));
    }

    private static Road ToRoad(OsmWay way, string roadClass, string jurisdictionCode, byte[] packed, (double MinLat, double MinLon, double MaxLat, double MaxLon) box)
    {
        var ferry = roadClass == "ferry";
        return new Road
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = jurisdictionCode,
            OsmId = way.Id,
            Highway = roadClass,
            Name = Truncate(way.Tag("name"), Road.NameMaxLength),
            NameEn = Truncate(way.Tag("name:en"), Road.NameMaxLength),
            Ref = Truncate(way.Tag("ref"), 64),
            Oneway = OsmTags.Oneway(way.Tags, roadClass),
            MaxSpeedKmh = OsmTags.MaxSpeedKmh(way.Tag("maxspeed")),
            Access = Truncate(way.Tag("access"), 32),
            MotorVehicle = Truncate(way.Tag("motor_vehicle"), 32),
            Motorcycle = Truncate(way.Tag("motorcycle"), 32),
            Bicycle = Truncate(way.Tag("bicycle"), 32),
            Foot = Truncate(way.Tag("foot"), 32),
            IsBridge = OsmTags.IsBridge(way.Tags),
            IsFerry = ferry,
            DurationSeconds = ferry ? OsmTags.DurationSeconds(way.Tag("duration")) : null,
            NodeIds = PackedCoordinates.PackIds(way.NodeIds),
            Coordinates = packed,
            MinLat = box.MinLat,
            MinLon = box.MinLon,
            MaxLat = box.MaxLat,
            MaxLon = box.MaxLon,
        };
    }

    private static TurnRestriction? Restriction(OsmRelation relation, string jurisdictionCode)
    {
        var kind = relation.Tag("restriction") ?? relation.Tags.Where(t => t.Key.StartsWith("restriction:", StringComparison.Ordinal)).Select(t => t.Value).FirstOrDefault();
        var from = relation.Members.Where(m => m.Role == "from" && m.Type == OsmMemberType.Way).ToList();
        var to = relation.Members.Where(m => m.Role == "to" && m.Type == OsmMemberType.Way).ToList();
        var via = relation.Members.Where(m => m.Role == "via").ToList();
        if (kind is null || from.Count != 1 || to.Count != 1 || via.Count != 1)
        {
            return null; // incomplete or of a shape routing cannot use (several via ways): left out, like OSRM does
        }

        return new TurnRestriction
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = jurisdictionCode,
            OsmId = relation.Id,
            Kind = Truncate(kind, 32)!,
            FromWay = from[0].Id,
            ViaNode = via[0].Type == OsmMemberType.Node ? via[0].Id : null,
            ViaWay = via[0].Type == OsmMemberType.Way ? via[0].Id : null,
            ToWay = to[0].Id,
            Except = Truncate(relation.Tag("except"), 100),
        };
    }

    private static (double MinLat, double MinLon, double MaxLat, double MaxLon) Box(List<int> points)
    {
        int minLat = int.MaxValue, minLon = int.MaxValue, maxLat = int.MinValue, maxLon = int.MinValue;
        for (var i = 0; i < points.Count; i += 2)
        {
            minLat = Math.Min(minLat, points[i]);
            maxLat = Math.Max(maxLat, points[i]);
            minLon = Math.Min(minLon, points[i + 1]);
            maxLon = Math.Max(maxLon, points[i + 1]);
        }

        return (minLat / PackedCoordinates.Scale, minLon / PackedCoordinates.Scale, maxLat / PackedCoordinates.Scale, maxLon / PackedCoordinates.Scale);
    }

    private static string? Truncate(string? text, int length) =>
        text is null ? null : text.Length <= length ? text : text[..length];

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
