using System.Buffers.Binary;
using System.Text;
using Mekong.Modules.Places.Osm;

namespace Mekong.UnitTests.Places;

public sealed class OsmReaderTests
{
    private static List<OsmElement> ReadAll(byte[] bytes) => [.. OsmFile.Read(new MemoryStream(bytes))];

    private static List<OsmElement> ReadXml(string xml) => ReadAll(Encoding.UTF8.GetBytes(xml));

    [Fact]
    public void The_xml_reader_yields_nodes_ways_and_relations_with_their_tags()
    {
        var elements = ReadXml(OsmSamples.Small);

        var nodes = elements.OfType<OsmNode>().ToList();
        Assert.Equal([1L, 2, 3, -4], nodes.Select(n => n.Id));
        Assert.Equal(9.6000001, nodes[0].Latitude, 9);
        Assert.Equal(151.2093, nodes[2].Longitude, 9);
        Assert.Equal("Bệnh viện Đa khoa Phù Sa", nodes[1].Tag("name"));
        Assert.Empty(nodes[0].Tags);
        var way = elements.OfType<OsmWay>().First();
        Assert.Equal([1L, 2, -4], way.NodeIds);
        Assert.Equal("yes", way.Tag("oneway"));
        var relation = Assert.Single(elements.OfType<OsmRelation>());
        Assert.Equal([(OsmMemberType.Way, 10L, "from"), (OsmMemberType.Node, 2L, "via"), (OsmMemberType.Way, 11L, "to")],
            relation.Members.Select(m => (m.Type, m.Id, m.Role)));
        Assert.Equal("no_left_turn", relation.Tag("restriction"));
    }

    [Theory]
    [InlineData("pbf")] // DenseNodes, zlib blocks: what osmium and planet extracts write
    [InlineData("pbf,pbf_dense_nodes=false")] // plain Node messages
    [InlineData("pbf,pbf_compression=none")] // raw blobs
    public void A_pbf_written_by_osmium_reads_as_the_xml_it_came_from(string format)
    {
        var pbf = OsmSamples.ToPbf(OsmSamples.Small, format);

        var fromPbf = ReadAll(pbf);
        var fromXml = ReadXml(OsmSamples.Small);

        Assert.Equal(fromXml.Count, fromPbf.Count);
        // osmium sorts by type then id (negative ids first); compare as sets keyed by type and id.
        foreach (var expected in fromXml)
        {
            var actual = Assert.Single(fromPbf, e => e.GetType() == expected.GetType() && e.Id == expected.Id);
            Assert.Equal(expected.Tags.OrderBy(t => t.Key), actual.Tags.OrderBy(t => t.Key));
            switch (expected)
            {
                case OsmNode node:
                    var pbfNode = (OsmNode)actual;
                    Assert.Equal(node.Latitude, pbfNode.Latitude, 7); // PBF's default granularity is 100 nanodegrees
                    Assert.Equal(node.Longitude, pbfNode.Longitude, 7);
                    break;
                case OsmWay way:
                    Assert.Equal(way.NodeIds, ((OsmWay)actual).NodeIds);
                    break;
                case OsmRelation relation:
                    Assert.Equal(relation.Members, ((OsmRelation)actual).Members);
                    break;
            }
        }
    }

    [Fact]
    public void A_truncated_pbf_is_refused_naming_the_block()
    {
        var pbf = OsmSamples.ToPbf(OsmSamples.Small);

        var error = Assert.Throws<OsmFormatException>(() => ReadAll(pbf[..^7]));

        // osmium writes one block per element type: header, nodes, ways, relations; the cut is in the last one.
        Assert.Matches(@"PBF block 3 \(at byte \d+\): the file is truncated inside a 'OSMData' Blob", error.Message);
    }

    [Fact]
    public void Corrupt_zlib_data_is_refused_naming_the_block()
    {
        var pbf = OsmSamples.ToPbf(OsmSamples.Small);
        // Damage the compressed bytes of the data block, past its headers.
        for (var i = pbf.Length - 40; i < pbf.Length - 10; i++)
        {
            pbf[i] ^= 0x5a;
        }

        var error = Assert.Throws<OsmFormatException>(() => ReadAll(pbf));

        Assert.StartsWith("PBF block 3 (at byte ", error.Message);
    }

    [Fact]
    public void A_blob_over_the_32_MiB_limit_is_refused_before_it_is_read()
    {
        // A valid header block, then a BlobHeader announcing 40 MiB of data, and nothing after it.
        var pbf = OsmSamples.ToPbf(OsmSamples.Small);
        var headerBlockLength = 4 + BinaryPrimitives.ReadInt32BigEndian(pbf) + BlobDataSize(pbf);
        var huge = BlobHeader("OSMData", 40 * 1024 * 1024);
        var file = pbf[..headerBlockLength].Concat(huge).ToArray();

        var error = Assert.Throws<OsmFormatException>(() => ReadAll(file));

        Assert.Contains("PBF block 1", error.Message);
        Assert.Contains("over the format's limit of 33554432 bytes", error.Message);
    }

    [Fact]
    public void A_pbf_that_requires_an_unknown_feature_is_refused()
    {
        // OSMHeader whose HeaderBlock requires "HistoricalInformation" (field 4), stored raw (Blob field 1).
        var headerBlock = Field(4, "HistoricalInformation"u8.ToArray());
        var blob = Field(1, headerBlock);
        var file = BlobHeader("OSMHeader", blob.Length).Concat(blob).ToArray();

        var error = Assert.Throws<OsmFormatException>(() => ReadAll(file));

        Assert.Contains("PBF block 0", error.Message);
        Assert.Contains("requires the feature 'HistoricalInformation'", error.Message);
    }

    [Fact]
    public void A_broken_xml_file_is_refused_with_its_line()
    {
        var xml = OsmSamples.Small.Replace("<nd ref=\"2\"/><nd ref=\"3\"/></way>", "<nd ref=\"2\"/><nd ref=\"3\"/>");

        var error = Assert.Throws<OsmFormatException>(() => ReadXml(xml));

        Assert.StartsWith("OSM XML line ", error.Message);
    }

    [Theory]
    [InlineData("<osm><node id=\"1\" lat=\"91\" lon=\"0\"/></osm>", "line 1: node 1 has no valid lat (\"91\")")]
    [InlineData("<osm><node id=\"x\" lat=\"1\" lon=\"0\"/></osm>", "a <node> has no valid id")]
    [InlineData("<gpx></gpx>", "the root element is <gpx>, not <osm>")]
    [InlineData("<osm><way id=\"5\"><nd/></way></osm>", "way 5 has an <nd> without a valid ref")]
    public void Bad_values_in_xml_are_named(string xml, string expected)
    {
        var error = Assert.Throws<OsmFormatException>(() => ReadXml(xml));

        Assert.Contains(expected, error.Message);
    }

    private static int BlobDataSize(byte[] pbf)
    {
        // BlobHeader field 3 (datasize) is the last varint of the first header osmium writes; decode it properly.
        var length = BinaryPrimitives.ReadInt32BigEndian(pbf);
        var reader = new ProtoReader(pbf, 4, length);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 3)
            {
                return reader.ReadInt32();
            }

            reader.Skip(wire);
        }

        throw new InvalidOperationException("no datasize");
    }

    private static byte[] BlobHeader(string type, int dataSize)
    {
        var header = Field(1, Encoding.UTF8.GetBytes(type)).Concat(Varint(3 << 3)).Concat(Varint((ulong)dataSize)).ToArray();
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, header.Length);
        return [.. prefix, .. header];
    }

    private static byte[] Field(int number, byte[] bytes) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)bytes.Length), .. bytes];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
