using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Incidents.Demo;

/// <summary>
/// The demo province's incident types with their response procedures (<i>quy trình ứng phó</i>, after the provincial
/// natural-disaster prevention plans: the steering committee, the departments, the commune committees and the IOC on
/// duty), and one dry-season salinity intrusion incident with its public warning, so the portal and /ops show one.
/// </summary>
internal sealed class IncidentsDemoSeeder(IncidentsDbContext db, IAdminUnitDirectory adminUnits) : IDemoSeeder
{
    private const int H = 60;

    private static readonly (string Code, string Vi, string En, string Category, (string Vi, string En, string Owner, int Minutes)[] Steps)[] Types =
    [
        ("flood", "Ngập lụt, triều cường", "Flood and king tide", "Met",
        [
            ("Xác minh mực nước tại các trạm đo và hiện trường", "Verify water levels at the gauges and on site", "role:Operator", 15),
            ("Báo cáo Ban Chỉ huy PCTT và TKCN tỉnh", "Report to the provincial disaster prevention and rescue command", "role:Operator", 30),
            ("Ra thông báo cảnh báo cho người dân các xã bị ảnh hưởng", "Issue a public warning to the residents of the affected communes", "role:Operator", H),
            ("Kiểm tra, gia cố đê bao, cống ngăn triều", "Inspect and reinforce dykes and tidal sluices", "SNNMT", 2 * H),
            ("Bố trí bơm tiêu úng tại điểm ngập", "Deploy drainage pumps at flooded points", "CTN", 2 * H),
            ("Phân luồng giao thông, cắm biển cảnh báo đoạn ngập", "Divert traffic and sign flooded road sections", "CAT", 3 * H),
            ("Cắt điện an toàn khu vực ngập sâu", "Cut power safely where flooding is deep", "DIENLUC", 3 * H),
            ("Thống kê thiệt hại ban đầu", "First damage assessment", "SNNMT", 24 * H),
        ]),
        ("salinity", "Xâm nhập mặn", "Salinity intrusion", "Env",
        [
            ("Xác minh độ mặn tại các trạm đo và cửa sông", "Verify salinity at the stations and river mouths", "role:Operator", 30),
            ("Vận hành đóng cống ngăn mặn theo lịch triều", "Close the salinity sluices by the tide table", "SNNMT", 2 * H),
            ("Ra thông báo khuyến cáo lấy nước ngọt, tưới tiêu cho người dân", "Advise residents when to take fresh water and irrigate", "role:Operator", 3 * H),
            ("Bảo đảm nước sinh hoạt: bồn chứa, xe chở nước ngọt", "Secure drinking water: tanks and water trucks", "CTN", 12 * H),
            ("Hướng dẫn chuyển đổi lịch thời vụ, giống chịu mặn", "Advise on planting calendar and salt-tolerant varieties", "SNNMT", 48 * H),
            ("Báo cáo diễn biến hằng ngày cho UBND tỉnh", "Daily situation report to the Provincial People's Committee", "VPUB", 24 * H),
        ]),
        ("storm", "Bão, áp thấp nhiệt đới", "Storm and tropical depression", "Met",
        [
            ("Theo dõi bản tin dự báo, xác định vùng ảnh hưởng", "Follow the forecasts and map the affected area", "role:Operator", 30),
            ("Kêu gọi tàu thuyền vào nơi trú ẩn", "Call vessels into shelter", "CAT", 2 * H),
            ("Ra cảnh báo và hướng dẫn người dân chằng chống nhà cửa", "Warn residents and advise them to secure their homes", "role:Operator", 2 * H),
            ("Sơ tán dân khỏi vùng nguy hiểm", "Evacuate residents from danger zones", "CAT", 6 * H),
            ("Cho học sinh nghỉ học khi cần", "Close schools when needed", "SGDDT", 6 * H),
            ("Bảo đảm cấp điện, xử lý sự cố lưới điện", "Keep power on and repair grid faults", "DIENLUC", 12 * H),
            ("Khắc phục hậu quả, thống kê thiệt hại", "Recovery and damage assessment", "SXD", 48 * H),
        ]),
        ("fire", "Cháy, nổ", "Fire and explosion", "Fire",
        [
            ("Xác minh vị trí, điều lực lượng PCCC và CNCH", "Confirm the location, dispatch firefighters and rescue", "CAT", 5),
            ("Điều xe cứu thương, thông báo bệnh viện gần nhất", "Dispatch ambulances, alert the nearest hospital", "SYT", 10),
            ("Cắt điện khu vực cháy", "Cut power at the fire", "DIENLUC", 15),
            ("Bảo đảm nước chữa cháy từ trụ cấp nước", "Secure firefighting water from hydrants", "CTN", 20),
            ("Phân luồng giao thông quanh hiện trường", "Divert traffic around the scene", "CAT", 30),
            ("Báo cáo lãnh đạo tỉnh", "Report to the provincial leadership", "role:Operator", H),
        ]),
        ("traffic-accident", "Tai nạn giao thông", "Traffic accident", "Transport",
        [
            ("Xác minh vụ việc qua camera và người báo tin", "Verify through cameras and the caller", "role:Operator", 5),
            ("Điều cảnh sát giao thông đến hiện trường", "Send traffic police to the scene", "CAT", 10),
            ("Điều xe cấp cứu 115", "Dispatch a 115 ambulance", "SYT", 10),
            ("Phân luồng, giải tỏa ách tắc", "Divert and clear the traffic", "CAT", 30),
            ("Kiểm tra hạ tầng, biển báo tại điểm tai nạn", "Check the road and signs at the spot", "SXD", 24 * H),
        ]),
        ("landslide", "Sạt lở bờ sông, đất", "Riverbank and land slide", "Geo",
        [
            ("Khoanh vùng nguy hiểm, cắm biển cảnh báo", "Cordon off the danger zone and post signs", "role:Operator", H),
            ("Di dời khẩn cấp các hộ dân trong vùng sạt lở", "Evacuate the households in the slide zone", "CAT", 3 * H),
            ("Ra cảnh báo cho người dân và phương tiện thủy", "Warn residents and boats", "role:Operator", 2 * H),
            ("Khảo sát, đánh giá nguyên nhân sạt lở", "Survey and assess the cause of the slide", "SNNMT", 24 * H),
            ("Phương án xử lý khẩn cấp công trình", "Emergency works plan", "SXD", 72 * H),
        ]),
        ("disease-outbreak", "Dịch bệnh", "Disease outbreak", "Health",
        [
            ("Xác minh ca bệnh, lấy mẫu xét nghiệm", "Verify cases and take samples", "SYT", 6 * H),
            ("Khoanh vùng ổ dịch, phun hóa chất xử lý", "Contain the outbreak area and disinfect", "SYT", 24 * H),
            ("Ra thông báo khuyến cáo phòng bệnh cho người dân", "Issue health advice to residents", "role:Operator", 12 * H),
            ("Giám sát dịch tại trường học", "Monitor schools", "SGDDT", 48 * H),
            ("Báo cáo Bộ Y tế và UBND tỉnh", "Report to the Ministry of Health and the Provincial People's Committee", "SYT", 24 * H),
        ]),
    ];

    public int Order => 70;

    public string Name => "incidents";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var j = context.JurisdictionCode;
        if (await db.Types.AnyAsync(t => t.JurisdictionCode == j, cancellationToken))
        {
            return;
        }

        var now = context.Clock.GetUtcNow();
        var types = Types.Select(t => IncidentType.Create(j, new IncidentTypeContent(t.Code, t.Vi, t.En, t.Category,
            t.Steps.Select(s => new SopStep
            {
                TitleVi = s.Vi,
                TitleEn = s.En,
                OwnerKind = s.Owner.StartsWith("role:", StringComparison.Ordinal) ? StepOwnerKind.Role : StepOwnerKind.Department,
                OwnerCode = s.Owner.StartsWith("role:", StringComparison.Ordinal) ? s.Owner[5..] : s.Owner,
                DeadlineMinutes = s.Minutes,
            }).ToList()), now)).ToList();
        db.Types.AddRange(types);

        // One incident under way: salinity in the south-east communes, opened four hours ago, two steps done.
        var points = new[] { (9.5, 106.0), (9.6, 105.95) };
        var communes = new List<string>();
        foreach (var (lat, lon) in points)
        {
            if (await adminUnits.LocateAsync(lat, lon, null, cancellationToken) is { Level: "commune" } unit && unit.JurisdictionCode == j && !communes.Contains(unit.Code))
            {
                communes.Add(unit.Code);
            }
        }

        if (communes.Count > 0)
        {
            var opened = now.AddHours(-4);
            var salinity = types.First(t => t.Code == "salinity");
            var incident = Incident.Open(j, salinity, new IncidentContent(
                "Severe", "Mặn xâm nhập sâu 45 km trên sông Hậu", "Độ mặn 4‰ đo được cách cửa sông 45 km, cao hơn trung bình nhiều năm; dự báo còn tăng theo triều cường.",
                points[0].Item1, points[0].Item2, communes, ["SNNMT", "CTN"]), IncidentSource.Manual, null, "Trực ban IOC", opened);
            incident.MarkStep(1, true, "Trực ban IOC", null, opened.AddMinutes(20));
            incident.MarkStep(2, true, "Sở Nông nghiệp và Môi trường", "Đã đóng 6 cống ngăn mặn.", opened.AddMinutes(95));
            db.Incidents.Add(incident);
            db.Warnings.Add(Warning.Issue(incident, new WarningContent(
                "Alert", null,
                new WarningText("Cảnh báo xâm nhập mặn: không lấy nước sông để tưới và sinh hoạt",
                    "Độ mặn trên sông Hậu vượt 4‰ tại các xã ven sông. Mặn có thể tiếp tục tăng trong 5 ngày tới theo triều cường.",
                    "Trữ nước ngọt khi độ mặn dưới 1‰; không bơm nước sông vào ruộng lúa; theo dõi thông báo của UBND xã."),
                new WarningText("Salinity intrusion: do not take river water for irrigation or household use",
                    "Salinity on the Hau River exceeds 4‰ in the riverside communes and may rise for five more days with the spring tides.",
                    "Store fresh water while salinity is below 1‰; do not pump river water into rice fields; follow the commune's notices."),
                "Severe", "Expected", "Likely", communes, opened.AddHours(3), now.AddDays(30)), null, "Trực ban IOC", opened.AddHours(3)));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
