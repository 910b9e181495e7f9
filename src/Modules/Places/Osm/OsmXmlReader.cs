using System.Globalization;
using System.Xml;

namespace Mekong.Modules.Places.Osm;

/// <summary>
/// Reads OSM XML (<c>.osm</c>, API 0.6: <c>&lt;osm&gt;</c> with <c>node</c>, <c>way</c>/<c>nd</c>,
/// <c>relation</c>/<c>member</c> and <c>tag</c> children) with a streaming <see cref="XmlReader"/>: one element in
/// memory at a time. DTDs are refused (no entity expansion). A malformed file throws <see cref="OsmFormatException"/>
/// with its line and column.
/// </summary>
internal static class OsmXmlReader
{
    public static IEnumerable<OsmElement> Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            XmlResolver = null,
        };
        using var xml = XmlReader.Create(stream, settings);
        var sawRoot = false;
        while (true)
        {
            OsmElement? element;
            bool more;
            try
            {
                (more, element) = ReadNext(xml, ref sawRoot);
            }
            catch (XmlException e)
            {
                throw new OsmFormatException($"OSM XML line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
            }
            catch (OsmFormatException e)
            {
                var info = (IXmlLineInfo)xml;
                throw new OsmFormatException($"OSM XML line {info.LineNumber}: {e.Message}.", e);
            }

            if (element is not null)
            {
                yield return element;
            }

            if (!more)
            {
                if (!sawRoot)
                {
                    throw new OsmFormatException("OSM XML: no <osm> element (not an OSM file)");
                }

                yield break;
            }
        }
    }

    private static (bool More, OsmElement? Element) ReadNext(XmlReader xml, ref bool sawRoot)
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (!sawRoot)
            {
                if (xml.Name != "osm")
                {
                    throw new OsmFormatException($"the root element is <{xml.Name}>, not <osm>");
                }

                sawRoot = true;
                continue;
            }

            switch (xml.Name)
            {
                case "node":
                    return (true, ReadNode(xml));
                case "way":
                    return (true, ReadWay(xml));
                case "relation":
                    return (true, ReadRelation(xml));
                default:
                    // bounds, changeset, note, meta: nothing the import needs.
                    if (xml.Depth == 1 && !xml.IsEmptyElement)
                    {
                        xml.Skip();
                    }

                    break;
            }
        }

        return (false, null);
    }

    private static long Id(XmlReader xml, string what) =>
        long.TryParse(xml.GetAttribute("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new OsmFormatException($"a <{what}> has no valid id (\"{xml.GetAttribute("id")}\")");

    private static double Degrees(XmlReader xml, string attribute, long id, double limit)
    {
        var text = xml.GetAttribute(attribute);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > limit)
        {
            throw new OsmFormatException($"node {id} has no valid {attribute} (\"{text}\")");
        }

        return value;
    }

    private static OsmNode ReadNode(XmlReader xml)
    {
        var id = Id(xml, "node");
        var lat = Degrees(xml, "lat", id, 90);
        var lon = Degrees(xml, "lon", id, 180);
        var tags = OsmElement.NoTags;
        if (!xml.IsEmptyElement)
        {
            Dictionary<string, string>? dictionary = null;
            ReadChildren(xml, name =>
            {
                if (name == "tag")
                {
                    AddTag(xml, dictionary ??= new Dictionary<string, string>(StringComparer.Ordinal), $"node {id}");
                }
            });
            tags = dictionary ?? OsmElement.NoTags;
        }

        return new OsmNode(id, lat, lon, tags);
    }

    private static OsmWay ReadWay(XmlReader xml)
    {
        var id = Id(xml, "way");
        var nodes = new List<long>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!xml.IsEmptyElement)
        {
            ReadChildren(xml, name =>
            {
                if (name == "nd")
                {
                    nodes.Add(long.TryParse(xml.GetAttribute("ref"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var node)
                        ? node
                        : throw new OsmFormatException($"way {id} has an <nd> without a valid ref"));
                }
                else if (name == "tag")
                {
                    AddTag(xml, tags, $"way {id}");
                }
            });
        }

        return new OsmWay(id, [.. nodes], tags.Count == 0 ? OsmElement.NoTags : tags);
    }

    private static OsmRelation ReadRelation(XmlReader xml)
    {
        var id = Id(xml, "relation");
        var members = new List<OsmMember>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!xml.IsEmptyElement)
        {
            ReadChildren(xml, name =>
            {
                if (name == "member")
                {
                    var type = xml.GetAttribute("type") switch
                    {
                        "node" => OsmMemberType.Node,
                        "way" => OsmMemberType.Way,
                        "relation" => OsmMemberType.Relation,
                        var other => throw new OsmFormatException($"relation {id} has a member of type \"{other}\""),
                    };
                    var reference = long.TryParse(xml.GetAttribute("ref"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r)
                        ? r
                        : throw new OsmFormatException($"relation {id} has a <member> without a valid ref");
                    members.Add(new OsmMember(type, reference, xml.GetAttribute("role") ?? ""));
                }
                else if (name == "tag")
                {
                    AddTag(xml, tags, $"relation {id}");
                }
            });
        }

        return new OsmRelation(id, members, tags.Count == 0 ? OsmElement.NoTags : tags);
    }

    private static void AddTag(XmlReader xml, Dictionary<string, string> tags, string owner)
    {
        var key = xml.GetAttribute("k") ?? throw new OsmFormatException($"{owner} has a <tag> without k");
        tags[key] = xml.GetAttribute("v") ?? throw new OsmFormatException($"{owner} has a <tag k=\"{key}\"> without v");
    }

    /// <summary>Calls <paramref name="onChild"/> for each child element of the current one, leaving the reader on its end tag.</summary>
    private static void ReadChildren(XmlReader xml, Action<string> onChild)
    {
        var depth = xml.Depth;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
            {
                return;
            }

            if (xml.NodeType == XmlNodeType.Element && xml.Depth == depth + 1)
            {
                onChild(xml.Name);
            }
        }
    }
}
