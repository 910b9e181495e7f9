using System.Buffers.Binary;
using System.IO.Compression;

namespace Mekong.Modules.Places.Osm;

/// <summary>
/// Reads the OSM PBF format (https://wiki.openstreetmap.org/wiki/PBF_Format): a sequence of
/// [4-byte big-endian BlobHeader length][BlobHeader][Blob], the first blob an <c>OSMHeader</c>, the others
/// <c>OSMData</c> PrimitiveBlocks (string table, groups of Nodes, DenseNodes, Ways, Relations), raw or zlib-compressed.
/// Elements are yielded one block at a time, so memory stays bounded by the spec's limits (a BlobHeader of at most
/// 64 KiB, a Blob of at most 32 MiB compressed and uncompressed). A corrupt or truncated file throws
/// <see cref="OsmFormatException"/> naming the block, its byte offset and what is wrong.
/// </summary>
internal static class OsmPbfReader
{
    public const int MaxBlobHeaderSize = 64 * 1024;
    public const int MaxBlobSize = 32 * 1024 * 1024;

    /// <summary>The features this reader implements; a file requiring any other is refused (the spec's rule).</summary>
    private static readonly HashSet<string> SupportedFeatures = ["OsmSchema-V0.6", "DenseNodes"];

    public static IEnumerable<OsmElement> Read(Stream stream)
    {
        long offset = 0;
        var block = 0;
        var lengthBytes = new byte[4];
        while (true)
        {
            var got = ReadFully(stream, lengthBytes, 0, 4);
            if (got == 0)
            {
                if (block == 0)
                {
                    throw new OsmFormatException("the file is empty: no OSMHeader block");
                }

                yield break;
            }

            var blobStart = offset;
            if (got < 4)
            {
                throw Fail(block, blobStart, "the file is truncated inside a block's length prefix");
            }

            var headerLength = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
            if (headerLength <= 0 || headerLength > MaxBlobHeaderSize)
            {
                throw Fail(block, blobStart, $"the BlobHeader length {headerLength} is not between 1 and {MaxBlobHeaderSize} bytes (not a PBF file, or corrupt)");
            }

            var headerBytes = new byte[headerLength];
            if (ReadFully(stream, headerBytes, 0, headerLength) < headerLength)
            {
                throw Fail(block, blobStart, $"the file is truncated inside a BlobHeader of {headerLength} bytes");
            }

            var (type, dataSize) = Guard(block, blobStart, () => ParseBlobHeader(headerBytes));
            if (dataSize < 0 || dataSize > MaxBlobSize)
            {
                throw Fail(block, blobStart, $"the Blob size {dataSize} is over the format's limit of {MaxBlobSize} bytes");
            }

            var blobBytes = new byte[dataSize];
            if (ReadFully(stream, blobBytes, 0, dataSize) < dataSize)
            {
                throw Fail(block, blobStart, $"the file is truncated inside a '{type}' Blob of {dataSize} bytes");
            }

            offset += 4 + headerLength + dataSize;
            var currentBlock = block++;
            if (currentBlock == 0 && type != "OSMHeader")
            {
                throw Fail(currentBlock, blobStart, $"the first block is '{type}', not OSMHeader (not an OSM PBF file)");
            }

            if (type == "OSMHeader")
            {
                Guard(currentBlock, blobStart, () =>
                {
                    CheckHeader(Decompress(blobBytes));
                    return 0;
                });
            }
            else if (type == "OSMData")
            {
                var elements = Guard(currentBlock, blobStart, () => DecodePrimitiveBlock(Decompress(blobBytes)));
                foreach (var element in elements)
                {
                    yield return element;
                }
            }

            // Any other block type is skipped, as the spec asks of readers.
        }
    }

    private static OsmFormatException Fail(int block, long offset, string what) =>
        new($"PBF block {block} (at byte {offset}): {what}.");

    private static T Guard<T>(int block, long offset, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OsmFormatException e)
        {
            throw new OsmFormatException($"PBF block {block} (at byte {offset}): {e.Message}.", e);
        }
        catch (InvalidDataException e)
        {
            throw new OsmFormatException($"PBF block {block} (at byte {offset}): the zlib data is corrupt ({e.Message}).", e);
        }
    }

    private static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
    {
        var total = 0;
        while (total < count)
        {
            var read = stream.Read(buffer, offset + total, count - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static (string Type, int DataSize) ParseBlobHeader(byte[] bytes)
    {
        var reader = new ProtoReader(bytes, 0, bytes.Length);
        string? type = null;
        int? dataSize = null;
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    type = reader.ReadString();
                    break;
                case 3 when wire == WireType.Varint:
                    dataSize = reader.ReadInt32();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (type is null || dataSize is null)
        {
            throw new OsmFormatException("the BlobHeader has no type or no datasize");
        }

        return (type, dataSize.Value);
    }

    /// <summary>The Blob's content: raw, or zlib-inflated to exactly its declared raw_size (at most 32 MiB).</summary>
    private static byte[] Decompress(byte[] blob)
    {
        var reader = new ProtoReader(blob, 0, blob.Length);
        (int Offset, int Length)? raw = null, zlib = null;
        int? rawSize = null;
        string? unsupported = null;
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    raw = reader.ReadBytes();
                    break;
                case 2 when wire == WireType.Varint:
                    rawSize = reader.ReadInt32();
                    break;
                case 3 when wire == WireType.LengthDelimited:
                    zlib = reader.ReadBytes();
                    break;
                case 4 or 5 or 6 or 7:
                    unsupported = field switch { 4 => "lzma", 5 => "bzip2", 6 => "lz4", _ => "zstd" };
                    reader.Skip(wire);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (raw is { } r)
        {
            return blob.AsSpan(r.Offset, r.Length).ToArray();
        }

        if (zlib is not { } z)
        {
            throw new OsmFormatException(unsupported is null
                ? "the Blob holds no data"
                : $"the Blob is {unsupported}-compressed; only raw and zlib blocks are supported (convert with 'osmium cat -f pbf,pbf_compression=zlib')");
        }

        if (rawSize is not { } size || size < 0 || size > MaxBlobSize)
        {
            throw new OsmFormatException($"the zlib Blob's raw_size {rawSize?.ToString() ?? "(missing)"} is not between 0 and {MaxBlobSize} bytes");
        }

        var output = new byte[size];
        using var inflater = new ZLibStream(new MemoryStream(blob, z.Offset, z.Length), CompressionMode.Decompress);
        var got = ReadFully(inflater, output, 0, size);
        if (got < size)
        {
            throw new OsmFormatException($"the zlib data inflates to {got} bytes, less than its raw_size of {size} (truncated or corrupt)");
        }

        if (inflater.ReadByte() >= 0)
        {
            throw new OsmFormatException($"the zlib data inflates to more than its raw_size of {size} bytes");
        }

        return output;
    }

    private static void CheckHeader(byte[] bytes)
    {
        var reader = new ProtoReader(bytes, 0, bytes.Length);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 4 && wire == WireType.LengthDelimited)
            {
                var feature = reader.ReadString();
                if (!SupportedFeatures.Contains(feature))
                {
                    throw new OsmFormatException($"the file requires the feature '{feature}', which this reader does not support (supported: {string.Join(", ", SupportedFeatures)})");
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static List<OsmElement> DecodePrimitiveBlock(byte[] bytes)
    {
        var reader = new ProtoReader(bytes, 0, bytes.Length);
        var strings = Array.Empty<string>();
        var groups = new List<ProtoReader>();
        long granularity = 100, latOffset = 0, lonOffset = 0;
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    strings = ReadStringTable(reader.ReadMessage());
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    groups.Add(reader.ReadMessage());
                    break;
                case 17 when wire == WireType.Varint:
                    granularity = reader.ReadInt64();
                    break;
                case 19 when wire == WireType.Varint:
                    latOffset = reader.ReadInt64();
                    break;
                case 20 when wire == WireType.Varint:
                    lonOffset = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (granularity <= 0)
        {
            throw new OsmFormatException($"granularity {granularity} is not positive");
        }

        var block = new BlockContext(strings, granularity, latOffset, lonOffset);
        var elements = new List<OsmElement>();
        foreach (var group in groups)
        {
            var g = group;
            while (g.Next(out var field, out var wire))
            {
                if (wire != WireType.LengthDelimited)
                {
                    g.Skip(wire);
                    continue;
                }

                switch (field)
                {
                    case 1:
                        elements.Add(block.Node(g.ReadMessage()));
                        break;
                    case 2:
                        block.DenseNodes(g.ReadMessage(), elements);
                        break;
                    case 3:
                        elements.Add(block.Way(g.ReadMessage()));
                        break;
                    case 4:
                        elements.Add(block.Relation(g.ReadMessage()));
                        break;
                    default:
                        g.Skip(wire);
                        break;
                }
            }
        }

        return elements;
    }

    private static string[] ReadStringTable(ProtoReader reader)
    {
        var strings = new List<string>();
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                strings.Add(reader.ReadString());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return [.. strings];
    }

    private sealed class BlockContext(string[] strings, long granularity, long latOffset, long lonOffset)
    {
        private readonly List<ulong> _a = [];
        private readonly List<ulong> _b = [];
        private readonly List<ulong> _c = [];
        private readonly List<ulong> _d = [];

        private string String(ulong index, string what) =>
            index < (ulong)strings.Length ? strings[index] : throw new OsmFormatException($"{what} refers to string {index}, past the end of the string table ({strings.Length} strings)");

        private (double Lat, double Lon) Coordinates(long id, long lat, long lon)
        {
            var latitude = 1e-9 * (latOffset + (granularity * lat));
            var longitude = 1e-9 * (lonOffset + (granularity * lon));
            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                throw new OsmFormatException($"node {id} lies at ({latitude}, {longitude}), outside the world");
            }

            return (latitude, longitude);
        }

        private IReadOnlyDictionary<string, string> Tags(List<ulong> keys, List<ulong> values, string owner)
        {
            if (keys.Count != values.Count)
            {
                throw new OsmFormatException($"{owner} has {keys.Count} tag keys but {values.Count} values");
            }

            if (keys.Count == 0)
            {
                return OsmElement.NoTags;
            }

            var tags = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
            for (var i = 0; i < keys.Count; i++)
            {
                tags[String(keys[i], owner)] = String(values[i], owner);
            }

            return tags;
        }

        public OsmNode Node(ProtoReader reader)
        {
            long id = 0, lat = 0, lon = 0;
            _a.Clear();
            _b.Clear();
            while (reader.Next(out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == WireType.Varint:
                        id = reader.ReadSInt64();
                        break;
                    case 2:
                        reader.ReadPackedVarints(wire, _a);
                        break;
                    case 3:
                        reader.ReadPackedVarints(wire, _b);
                        break;
                    case 8 when wire == WireType.Varint:
                        lat = reader.ReadSInt64();
                        break;
                    case 9 when wire == WireType.Varint:
                        lon = reader.ReadSInt64();
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            var (latitude, longitude) = Coordinates(id, lat, lon);
            return new OsmNode(id, latitude, longitude, Tags(_a, _b, $"node {id}"));
        }

        public void DenseNodes(ProtoReader reader, List<OsmElement> into)
        {
            _a.Clear(); // ids
            _b.Clear(); // lats
            _c.Clear(); // lons
            _d.Clear(); // keys_vals
            while (reader.Next(out var field, out var wire))
            {
                switch (field)
                {
                    case 1:
                        reader.ReadPackedVarints(wire, _a);
                        break;
                    case 8:
                        reader.ReadPackedVarints(wire, _b);
                        break;
                    case 9:
                        reader.ReadPackedVarints(wire, _c);
                        break;
                    case 10:
                        reader.ReadPackedVarints(wire, _d);
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (_b.Count != _a.Count || _c.Count != _a.Count)
            {
                throw new OsmFormatException($"DenseNodes has {_a.Count} ids but {_b.Count} latitudes and {_c.Count} longitudes");
            }

            long id = 0, lat = 0, lon = 0;
            var kv = 0;
            for (var i = 0; i < _a.Count; i++)
            {
                id += ProtoReader.Zigzag(_a[i]);
                lat += ProtoReader.Zigzag(_b[i]);
                lon += ProtoReader.Zigzag(_c[i]);
                IReadOnlyDictionary<string, string> tags = OsmElement.NoTags;
                if (_d.Count > 0)
                {
                    Dictionary<string, string>? dictionary = null;
                    while (true)
                    {
                        if (kv >= _d.Count)
                        {
                            throw new OsmFormatException($"DenseNodes keys_vals ends inside the tags of node {id}");
                        }

                        var key = _d[kv++];
                        if (key == 0)
                        {
                            break;
                        }

                        if (kv >= _d.Count)
                        {
                            throw new OsmFormatException($"DenseNodes keys_vals has a key without a value at node {id}");
                        }

                        dictionary ??= new Dictionary<string, string>(StringComparer.Ordinal);
                        dictionary[String(key, $"node {id}")] = String(_d[kv++], $"node {id}");
                    }

                    tags = dictionary ?? OsmElement.NoTags;
                }

                var (latitude, longitude) = Coordinates(id, lat, lon);
                into.Add(new OsmNode(id, latitude, longitude, tags));
            }
        }

        public OsmWay Way(ProtoReader reader)
        {
            long id = 0;
            _a.Clear();
            _b.Clear();
            _c.Clear();
            while (reader.Next(out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == WireType.Varint:
                        id = reader.ReadInt64();
                        break;
                    case 2:
                        reader.ReadPackedVarints(wire, _a);
                        break;
                    case 3:
                        reader.ReadPackedVarints(wire, _b);
                        break;
                    case 8:
                        reader.ReadPackedVarints(wire, _c);
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            var refs = new long[_c.Count];
            long node = 0;
            for (var i = 0; i < refs.Length; i++)
            {
                node += ProtoReader.Zigzag(_c[i]);
                refs[i] = node;
            }

            return new OsmWay(id, refs, Tags(_a, _b, $"way {id}"));
        }

        public OsmRelation Relation(ProtoReader reader)
        {
            long id = 0;
            _a.Clear();
            _b.Clear();
            _c.Clear();
            _d.Clear();
            var types = new List<ulong>();
            while (reader.Next(out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == WireType.Varint:
                        id = reader.ReadInt64();
                        break;
                    case 2:
                        reader.ReadPackedVarints(wire, _a);
                        break;
                    case 3:
                        reader.ReadPackedVarints(wire, _b);
                        break;
                    case 8:
                        reader.ReadPackedVarints(wire, _c);
                        break;
                    case 9:
                        reader.ReadPackedVarints(wire, _d);
                        break;
                    case 10:
                        reader.ReadPackedVarints(wire, types);
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (_c.Count != _d.Count || types.Count != _d.Count)
            {
                throw new OsmFormatException($"relation {id} has {_d.Count} member ids but {_c.Count} roles and {types.Count} types");
            }

            var members = new List<OsmMember>(_d.Count);
            long member = 0;
            for (var i = 0; i < _d.Count; i++)
            {
                member += ProtoReader.Zigzag(_d[i]);
                if (types[i] > 2)
                {
                    throw new OsmFormatException($"relation {id} has a member of unknown type {types[i]}");
                }

                // roles_sid is int32: a negative index is corrupt, and String() refuses it as a huge unsigned one.
                members.Add(new OsmMember((OsmMemberType)types[i], member, String(_c[i] & 0xFFFFFFFF, $"relation {id}")));
            }

            return new OsmRelation(id, members, Tags(_a, _b, $"relation {id}"));
        }
    }

    /// <summary>True when the stream begins like a PBF file (a BlobHeader whose type is OSMHeader).</summary>
    public static bool LooksLikePbf(ReadOnlySpan<byte> start) =>
        start.Length >= 14 && start[0] == 0 && start.Slice(4).IndexOf("OSMHeader"u8) is >= 0 and < 10;
}
