using System.Globalization;
using System.Xml;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Demo;

namespace Mekong.Modules.Places.Demo;

/// <summary>
/// Writes the demo province's road network, rivers, canals, villages and places as an OSM XML file, which the demo
/// then imports through the same <c>OsmImporter</c> as <c>import osm</c>. The network is a jittered grid of
/// intersections ~3 km apart over the province (kept where <see cref="IAdminUnitDirectory.LocateAsync"/> finds a
/// commune, so it follows the generated outline), one way per segment as OSM maps roads, with a national road, a
/// provincial road, a river with a bridge and a ferry, one-way streets and a turn restriction in the capital. Each
/// commune gets its People's Committee, health station, primary school and pharmacy; the capital a hospital,
/// hotels and sights. Deterministic from the demo seed.
/// </summary>
internal static class DemoOsmWriter
{
    /// <summary>The demo province's middle (AdminUnits' generator puts it there); the grid spans ±0.33°, clipped to the communes found.</summary>
    public const double CentreLat = 9.6;
    public const double CentreLon = 105.95;
    private const double HalfSpan = 0.33;
    private const double Step = 0.027;

    private static readonly string[] StreetNames =
    [
        "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Nguyễn Trãi", "Quang Trung", "Hùng Vương",
        "Điện Biên Phủ", "Phan Đình Phùng", "Nguyễn Văn Cừ", "Võ Văn Kiệt", "Mậu Thân", "Cách Mạng Tháng Tám", "Ba Tháng Hai",
        "Lê Duẩn", "Trần Phú", "Nguyễn Thị Minh Khai", "Phạm Ngũ Lão", "Đồng Khởi", "Tôn Đức Thắng", "Nguyễn Đình Chiểu",
        "Lê Hồng Phong", "Hoàng Diệu", "Bạch Đằng",
    ];

    public sealed record Result(byte[] Xml, int Nodes, int Ways);

    public static async Task<Result> WriteAsync(DemoContext context, IAdminUnitDirectory adminUnits, CancellationToken cancellationToken)
    {
        var random = context.RandomFor("places-osm");
        var size = (int)Math.Round(2 * HalfSpan / Step) + 1;
        var grid = new (long Id, double Lat, double Lon, AdminUnitInfo Commune)?[size, size];
        var nodes = new List<(long Id, double Lat, double Lon, Dictionary<string, string> Tags)>();
        long nextId = 1;
        var candidates = new List<(double Latitude, double Longitude)>(size * size);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                candidates.Add((Math.Round(CentreLat - HalfSpan + (row * Step) + ((random.NextDouble() - 0.5) * Step * 0.3), 7),
                    Math.Round(CentreLon - HalfSpan + (column * Step) + ((random.NextDouble() - 0.5) * Step * 0.3), 7)));
            }
        }

        var located = await adminUnits.LocateManyAsync(candidates, null, cancellationToken);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                var (lat, lon) = candidates[(row * size) + column];
                if (located[(row * size) + column] is { Level: "commune" } commune)
                {
                    grid[row, column] = (nextId, lat, lon, commune);
                    nodes.Add((nextId++, lat, lon, []));
                }
            }
        }

        var ways = new List<(long Id, long[] Nodes, Dictionary<string, string> Tags)>();
        var relations = new List<string>();
        long nextWay = 1;
        var middle = size / 2;
        var riverRow = middle + 2;

        // Roads along rows (west-east) and columns (south-north), one way per segment between neighbours.
        for (var line = 0; line < size; line++)
        {
            for (var along = 0; along + 1 < size; along++)
            {
                foreach (var byRow in new[] { true, false })
                {
                    var a = byRow ? grid[line, along] : grid[along, line];
                    var b = byRow ? grid[line, along + 1] : grid[along + 1, line];
                    if (a is null || b is null)
                    {
                        continue;
                    }

                    var tags = RoadTags(line, middle, byRow);
                    if (!byRow && line == middle && along == riverRow)
                    {
                        tags["bridge"] = "yes";
                        tags["layer"] = "1";
                    }

                    if (!byRow && line == middle - 6 && along == riverRow)
                    {
                        tags = new Dictionary<string, string> { ["route"] = "ferry", ["name"] = "Phà Phù Sa", ["name:en"] = "Phu Sa Ferry", ["duration"] = "00:15", ["motorcycle"] = "yes", ["foot"] = "yes" };
                    }

                    ways.Add((nextWay++, [a.Value.Id, b.Value.Id], tags));
                }
            }
        }

        // One-way streets around the capital's centre block, and a turn restriction at its south-east corner.
        if (grid[middle, middle] is { } sw && grid[middle, middle + 1] is { } se && grid[middle + 1, middle + 1] is { } ne && grid[middle + 1, middle] is { } nw)
        {
            var loop = nextWay++;
            ways.Add((loop, [sw.Id, se.Id, ne.Id, nw.Id], new Dictionary<string, string>
            {
                ["highway"] = "residential",
                ["name"] = "Đường Vòng Xoay",
                ["oneway"] = "yes",
                ["maxspeed"] = "30",
            }));
            // Eastbound on the national road, no left turn north at the block's south-east corner.
            var from = ways.First(w => w.Nodes.SequenceEqual([sw.Id, se.Id]) && w.Id != loop).Id;
            var to = ways.First(w => w.Nodes.SequenceEqual([se.Id, ne.Id]) && w.Id != loop).Id;
            relations.Add(Restriction(1, from, se.Id, to, "no_left_turn"));
        }

        // A river across the province and two canals, drawn a little off the grid.
        ways.Add((nextWay++, Line(grid, size, riverRow, 0.4, nodes, ref nextId), new Dictionary<string, string> { ["waterway"] = "river", ["name"] = "Sông Phù Sa", ["name:en"] = "Phu Sa River" }));
        ways.Add((nextWay++, Line(grid, size, 3, 0.5, nodes, ref nextId), new Dictionary<string, string> { ["waterway"] = "canal", ["name"] = "Kênh Xáng" }));
        ways.Add((nextWay++, Line(grid, size, size - 4, 0.5, nodes, ref nextId), new Dictionary<string, string> { ["waterway"] = "canal", ["name"] = "Kênh Tắt" }));

        // Per commune: a village label and the four places a resident asks for most.
        var communes = new List<(AdminUnitInfo Commune, double Lat, double Lon)>();
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                if (grid[row, column] is { } cell && communes.All(c => c.Commune.Code != cell.Commune.Code))
                {
                    communes.Add((cell.Commune, cell.Lat, cell.Lon));
                }
            }
        }

        var around = await adminUnits.LocateManyAsync([.. communes.SelectMany(c => PlaceOffsets.Select(o => (c.Lat + o.Lat, c.Lon + o.Lon)))], null, cancellationToken);
        for (var c = 0; c < communes.Count; c++)
        {
            var (commune, lat, lon) = communes[c];
            // Near the border an offset could leave the commune: such a commune's places gather close to its grid point.
            var k = Enumerable.Range(0, PlaceOffsets.Length).All(o => around[(c * PlaceOffsets.Length) + o]?.Code == commune.Code) ? 1.0 : 0.05;

            var name = ShortName(commune.NameVi);
            var ward = commune.Kind.Contains("ward", StringComparison.OrdinalIgnoreCase) || commune.NameVi.StartsWith("Phường", StringComparison.Ordinal);
            var unit = ward ? "phường" : "xã";
            var unitEn = ward ? "Ward" : "Commune";
            Node(nodes, ref nextId, lat + (k * 0.002), lon + (k * 0.002), new() { ["place"] = ward ? "quarter" : "village", ["name"] = name });
            Node(nodes, ref nextId, lat + (k * 0.003), lon - (k * 0.002), new()
            {
                ["amenity"] = "townhall",
                ["name"] = $"Ủy ban nhân dân {unit} {name}",
                ["name:en"] = $"{name} {unitEn} People's Committee",
                ["opening_hours"] = "Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30",
                ["phone"] = Phone(random),
                ["mekong:procedures"] = "Chứng thực bản sao;Đăng ký khai sinh;Đăng ký kết hôn;Xác nhận tình trạng hôn nhân",
                ["addr:street"] = "Đường " + StreetNames[random.Next(StreetNames.Length)],
                ["addr:housenumber"] = random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
            });
            Node(nodes, ref nextId, lat - (k * 0.003), lon + (k * 0.003), new() { ["amenity"] = "clinic", ["healthcare"] = "centre", ["name"] = $"Trạm Y tế {unit} {name}", ["name:en"] = $"{name} Health Station", ["opening_hours"] = "24/7", ["phone"] = Phone(random) });
            Node(nodes, ref nextId, lat - (k * 0.002), lon - (k * 0.003), new() { ["amenity"] = "school", ["name"] = $"Trường Tiểu học {name}", ["name:en"] = $"{name} Primary School" });
            Node(nodes, ref nextId, lat + (k * 0.001), lon + (k * 0.004), new() { ["amenity"] = "pharmacy", ["name"] = $"Nhà thuốc {name}", ["opening_hours"] = "Mo-Su 06:30-21:00", ["phone"] = Phone(random) });
        }

        if (grid[middle, middle] is { } centre)
        {
            var (lat, lon) = (centre.Lat, centre.Lon);
            Node(nodes, ref nextId, lat + 0.006, lon + 0.004, new() { ["amenity"] = "hospital", ["name"] = "Bệnh viện Đa khoa tỉnh Phù Sa", ["name:en"] = "Phu Sa Provincial General Hospital", ["emergency"] = "yes", ["phone"] = "0299 3822 115", ["opening_hours"] = "24/7" });
            Node(nodes, ref nextId, lat - 0.005, lon + 0.007, new() { ["amenity"] = "hospital", ["name"] = "Bệnh viện Sản Nhi Phù Sa", ["name:en"] = "Phu Sa Maternity and Children's Hospital", ["phone"] = "0299 3826 789" });
            Node(nodes, ref nextId, lat + 0.004, lon - 0.006, new() { ["office"] = "government", ["name"] = "Trung tâm Phục vụ hành chính công tỉnh Phù Sa", ["name:en"] = "Phu Sa Public Administration Service Centre", ["opening_hours"] = "Mo-Fr 07:00-17:00; Sa 07:30-11:30", ["mekong:procedures"] = "Cấp giấy phép xây dựng;Đăng ký kinh doanh;Cấp đổi giấy phép lái xe;Cấp phiếu lý lịch tư pháp" });
            Node(nodes, ref nextId, lat + 0.002, lon + 0.008, new() { ["tourism"] = "hotel", ["name"] = "Khách sạn Phù Sa", ["name:en"] = "Phu Sa Hotel", ["stars"] = "3", ["phone"] = "0299 3611 611" });
            Node(nodes, ref nextId, lat - 0.002, lon + 0.009, new() { ["tourism"] = "guest_house", ["name"] = "Nhà nghỉ Bến Ninh Kiều", ["phone"] = "0299 3622 622" });
            Node(nodes, ref nextId, lat + 0.008, lon - 0.002, new() { ["tourism"] = "attraction", ["name"] = "Chùa Dơi", ["name:en"] = "Bat Pagoda" });
            Node(nodes, ref nextId, lat - 0.007, lon - 0.004, new() { ["tourism"] = "museum", ["name"] = "Bảo tàng tỉnh Phù Sa", ["name:en"] = "Phu Sa Provincial Museum", ["opening_hours"] = "Tu-Su 07:30-11:00,13:30-17:00" });
            Node(nodes, ref nextId, lat + 0.001, lon - 0.008, new() { ["amenity"] = "marketplace", ["name"] = "Chợ nổi Phù Sa", ["name:en"] = "Phu Sa Floating Market", ["opening_hours"] = "Mo-Su 04:00-09:00" });
            Node(nodes, ref nextId, lat - 0.001, lon - 0.001, new() { ["place"] = "town", ["name"] = "Phù Sa" });
        }

        using var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Indent = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("osm");
            xml.WriteAttributeString("version", "0.6");
            xml.WriteAttributeString("generator", "Mekong demo");
            foreach (var (id, lat, lon, tags) in nodes)
            {
                xml.WriteStartElement("node");
                xml.WriteAttributeString("id", id.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("lat", lat.ToString("0.0000000", CultureInfo.InvariantCulture));
                xml.WriteAttributeString("lon", lon.ToString("0.0000000", CultureInfo.InvariantCulture));
                Tags(xml, tags);
                xml.WriteEndElement();
            }

            foreach (var (id, refs, tags) in ways)
            {
                xml.WriteStartElement("way");
                xml.WriteAttributeString("id", id.ToString(CultureInfo.InvariantCulture));
                foreach (var node in refs)
                {
                    xml.WriteStartElement("nd");
                    xml.WriteAttributeString("ref", node.ToString(CultureInfo.InvariantCulture));
                    xml.WriteEndElement();
                }

                Tags(xml, tags);
                xml.WriteEndElement();
            }

            foreach (var relation in relations)
            {
                xml.WriteRaw(relation);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return new Result(buffer.ToArray(), nodes.Count, ways.Count);
    }

    /// <summary>Where a commune's village label and four places stand around its grid point, in degrees.</summary>
    private static readonly (double Lat, double Lon)[] PlaceOffsets = [(0.002, 0.002), (0.003, -0.002), (-0.003, 0.003), (-0.002, -0.003), (0.001, 0.004)];

    private static Dictionary<string, string> RoadTags(int line, int middle, bool byRow)
    {
        if (line == middle && byRow)
        {
            return new() { ["highway"] = "primary", ["name"] = "Quốc lộ 1A", ["ref"] = "QL1A", ["maxspeed"] = "80" };
        }

        if (line == middle && !byRow)
        {
            return new() { ["highway"] = "secondary", ["name"] = "Đường tỉnh 919", ["ref"] = "ĐT919", ["maxspeed"] = "60" };
        }

        var name = "Đường " + StreetNames[((line * 7) + (byRow ? 0 : 3)) % StreetNames.Length];
        var highway = Math.Abs(line - middle) % 4 == 0 ? "tertiary" : Math.Abs(line - middle) <= 3 ? "residential" : "unclassified";
        return new() { ["highway"] = highway, ["name"] = name };
    }

    /// <summary>A wavy line along a grid row, through new nodes between the rows (a river or canal does not share the road's nodes).</summary>
    private static long[] Line((long Id, double Lat, double Lon, AdminUnitInfo Commune)?[,] grid, int size, int row, double offset, List<(long, double, double, Dictionary<string, string>)> nodes, ref long nextId)
    {
        var ids = new List<long>();
        for (var column = 0; column < size; column++)
        {
            if (grid[row, column] is { } cell)
            {
                var lat = cell.Lat + (Step * offset * (column % 2 == 0 ? 0.8 : 1.2));
                ids.Add(Node(nodes, ref nextId, lat, cell.Lon, []));
            }
        }

        return [.. ids];
    }

    private static long Node(List<(long, double, double, Dictionary<string, string>)> nodes, ref long nextId, double lat, double lon, Dictionary<string, string> tags)
    {
        var id = nextId++;
        nodes.Add((id, Math.Round(lat, 7), Math.Round(lon, 7), tags));
        return id;
    }

    private static string ShortName(string nameVi)
    {
        foreach (var prefix in new[] { "Xã ", "Phường ", "Thị trấn ", "Đặc khu " })
        {
            if (nameVi.StartsWith(prefix, StringComparison.Ordinal))
            {
                return nameVi[prefix.Length..];
            }
        }

        return nameVi;
    }

    private static string Phone(Random random) => "0299 3" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private static void Tags(XmlWriter xml, Dictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            xml.WriteStartElement("tag");
            xml.WriteAttributeString("k", key);
            xml.WriteAttributeString("v", value);
            xml.WriteEndElement();
        }
    }

    private static string Restriction(long id, long from, long via, long to, string kind) =>
        $"<relation id=\"{id}\"><member type=\"way\" ref=\"{from}\" role=\"from\"/><member type=\"node\" ref=\"{via}\" role=\"via\"/>" +
        $"<member type=\"way\" ref=\"{to}\" role=\"to\"/><tag k=\"type\" v=\"restriction\"/><tag k=\"restriction\" v=\"{kind}\"/></relation>";
}
