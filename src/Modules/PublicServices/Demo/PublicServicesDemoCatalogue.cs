using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;

namespace Mekong.Modules.PublicServices.Demo;

/// <summary>
/// The demo province's procedure catalogue: forty procedures shaped after the national procedure database (codes of
/// its style, names, documents, fees and times as the law sets them; the demo province itself is synthetic).
/// </summary>
internal static class PublicServicesDemoCatalogue
{
    private const string Commune = ProcedureCatalogue.CommuneAgency;

    private static readonly FormField Address = new("dia-chi", "Địa chỉ nơi cư trú", "Address of residence", FormFieldType.Address, true);

    private static readonly RequiredDocument IdCard = new("giay-to-tuy-than", "Căn cước / CCCD của người nộp (bản chụp)", "Applicant's identity card (copy)", false);

    // code, vi, en, field, level, agency, days, fee, fully online, legal basis, documents (code:vi:en), extra fields
    private static readonly (string Code, string Vi, string En, string Field, ProcedureLevel Level, string Agency, int Days, long Fee, bool Online, string Basis, string[] Docs, FormField[] Fields)[] Table =
    [
        ("1.001193", "Đăng ký khai sinh", "Birth registration", "Hộ tịch", ProcedureLevel.Commune, Commune, 1, 0, true, "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
            ["to-khai:Tờ khai đăng ký khai sinh:Birth registration form", "giay-chung-sinh:Giấy chứng sinh:Birth certificate from the hospital"],
            [new("ho-ten-tre", "Họ, chữ đệm, tên của trẻ", "Child's full name", FormFieldType.Text, true), new("ngay-sinh-tre", "Ngày sinh của trẻ", "Child's date of birth", FormFieldType.Date, true), new("gioi-tinh", "Giới tính", "Sex", FormFieldType.Choice, true, ["Nam", "Nữ"])]),
        ("1.001022", "Đăng ký kết hôn", "Marriage registration", "Hộ tịch", ProcedureLevel.Commune, Commune, 3, 0, false, "Luật Hộ tịch 2014",
            ["to-khai:Tờ khai đăng ký kết hôn:Marriage registration form", "xac-nhan-hon-nhan:Giấy xác nhận tình trạng hôn nhân:Marital status certificate"],
            [new("ho-ten-ben-kia", "Họ tên người kết hôn cùng", "Spouse's full name", FormFieldType.Text, true), new("cccd-ben-kia", "Số định danh của người kết hôn cùng", "Spouse's identity number", FormFieldType.IdentityNumber, true)]),
        ("1.000656", "Đăng ký khai tử", "Death registration", "Hộ tịch", ProcedureLevel.Commune, Commune, 1, 0, true, "Luật Hộ tịch 2014",
            ["to-khai:Tờ khai đăng ký khai tử:Death registration form", "giay-bao-tu:Giấy báo tử:Notice of death"],
            [new("ho-ten-nguoi-mat", "Họ tên người đã mất", "Name of the deceased", FormFieldType.Text, true), new("ngay-mat", "Ngày mất", "Date of death", FormFieldType.Date, true)]),
        ("1.004873", "Cấp bản sao trích lục hộ tịch", "Copy of a civil status extract", "Hộ tịch", ProcedureLevel.Commune, Commune, 1, 8_000, true, "Thông tư 281/2016/TT-BTC",
            ["to-khai:Tờ khai cấp bản sao trích lục:Request form"], [new("loai-trich-luc", "Loại trích lục", "Kind of extract", FormFieldType.Choice, true, ["Khai sinh", "Kết hôn", "Khai tử"])]),
        ("1.001695", "Xác nhận tình trạng hôn nhân", "Marital status certificate", "Hộ tịch", ProcedureLevel.Commune, Commune, 3, 0, true, "Nghị định 123/2015/NĐ-CP",
            ["to-khai:Tờ khai cấp Giấy xác nhận tình trạng hôn nhân:Request form"], [new("muc-dich", "Mục đích sử dụng", "Purpose", FormFieldType.Text, true)]),
        ("1.003583", "Chứng thực bản sao từ bản chính", "Certified copy from the original", "Chứng thực", ProcedureLevel.Commune, Commune, 0, 2_000, false, "Nghị định 23/2015/NĐ-CP",
            ["ban-chinh:Bản chính giấy tờ (ảnh chụp):The original (photo)"], [new("so-ban", "Số bản sao", "Number of copies", FormFieldType.Number, true)]),
        ("1.003642", "Chứng thực chữ ký", "Certification of a signature", "Chứng thực", ProcedureLevel.Commune, Commune, 0, 10_000, false, "Nghị định 23/2015/NĐ-CP",
            ["van-ban:Giấy tờ, văn bản cần chứng thực chữ ký:The document to be signed"], []),
        ("1.004194", "Xác nhận thông tin về cư trú", "Confirmation of residence information", "Cư trú", ProcedureLevel.Commune, "CAT", 3, 0, true, "Luật Cư trú 2020; Thông tư 55/2021/TT-BCA",
            ["to-khai:Tờ khai thay đổi thông tin cư trú (CT01):Residence form CT01"], [new("noi-dung", "Nội dung cần xác nhận", "What to confirm", FormFieldType.Text, true)]),
        ("1.004222", "Đăng ký thường trú", "Permanent residence registration", "Cư trú", ProcedureLevel.Commune, "CAT", 7, 15_000, true, "Luật Cư trú 2020",
            ["to-khai:Tờ khai thay đổi thông tin cư trú (CT01):Residence form CT01", "cho-o-hop-phap:Giấy tờ chứng minh chỗ ở hợp pháp:Proof of lawful residence"], []),
        ("1.004228", "Đăng ký tạm trú", "Temporary residence registration", "Cư trú", ProcedureLevel.Commune, "CAT", 3, 10_000, true, "Luật Cư trú 2020",
            ["to-khai:Tờ khai thay đổi thông tin cư trú (CT01):Residence form CT01", "cho-o-hop-phap:Giấy tờ chứng minh chỗ ở hợp pháp:Proof of lawful residence"],
            [new("thoi-han", "Thời hạn tạm trú (tháng)", "Length of stay (months)", FormFieldType.Number, true)]),
        ("2.000720", "Đăng ký hộ kinh doanh", "Business household registration", "Đăng ký kinh doanh", ProcedureLevel.Commune, Commune, 3, 100_000, true, "Nghị định 01/2021/NĐ-CP",
            ["giay-de-nghi:Giấy đề nghị đăng ký hộ kinh doanh:Application form", "hop-dong-thue:Hợp đồng thuê địa điểm kinh doanh:Lease of the premises"],
            [new("ten-ho-kd", "Tên hộ kinh doanh", "Business name", FormFieldType.Text, true), new("nganh-nghe", "Ngành, nghề kinh doanh", "Line of business", FormFieldType.Text, true), new("von", "Vốn kinh doanh (đồng)", "Capital (đồng)", FormFieldType.Number, true)]),
        ("2.000575", "Thay đổi nội dung đăng ký hộ kinh doanh", "Change of a business household registration", "Đăng ký kinh doanh", ProcedureLevel.Commune, Commune, 3, 50_000, true, "Nghị định 01/2021/NĐ-CP",
            ["thong-bao:Thông báo thay đổi nội dung đăng ký:Notice of change"], [new("noi-dung-thay-doi", "Nội dung thay đổi", "What changes", FormFieldType.Text, true)]),
        ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Registration of a sole proprietorship", "Đăng ký kinh doanh", ProcedureLevel.Province, "STC", 3, 50_000, true, "Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP",
            ["giay-de-nghi:Giấy đề nghị đăng ký doanh nghiệp:Application form"], [new("ten-doanh-nghiep", "Tên doanh nghiệp", "Company name", FormFieldType.Text, true)]),
        ("2.002004", "Đăng ký thành lập công ty TNHH một thành viên", "Registration of a single-member limited company", "Đăng ký kinh doanh", ProcedureLevel.Province, "STC", 3, 50_000, true, "Luật Doanh nghiệp 2020",
            ["giay-de-nghi:Giấy đề nghị đăng ký doanh nghiệp:Application form", "dieu-le:Điều lệ công ty:Articles of association"], [new("ten-doanh-nghiep", "Tên doanh nghiệp", "Company name", FormFieldType.Text, true), new("von-dieu-le", "Vốn điều lệ (đồng)", "Charter capital (đồng)", FormFieldType.Number, true)]),
        ("1.009972", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Construction permit for a private house", "Xây dựng", ProcedureLevel.Commune, Commune, 15, 75_000, true, "Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 15/2021/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị cấp giấy phép xây dựng:Application form", "giay-chung-nhan-dat:Giấy chứng nhận quyền sử dụng đất:Land use certificate", "ban-ve:Bản vẽ thiết kế xây dựng:Design drawings"],
            [new("so-tang", "Số tầng", "Storeys", FormFieldType.Number, true), new("dien-tich", "Diện tích xây dựng (m²)", "Built area (m²)", FormFieldType.Number, true)]),
        ("1.009974", "Cấp giấy phép xây dựng công trình cấp I, II", "Construction permit for grade I-II works", "Xây dựng", ProcedureLevel.Province, "SXD", 20, 150_000, false, "Nghị định 15/2021/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị cấp giấy phép xây dựng:Application form", "ban-ve:Bản vẽ thiết kế xây dựng:Design drawings", "tham-dinh:Văn bản thẩm định thiết kế:Design appraisal"],
            [new("ten-cong-trinh", "Tên công trình", "Name of the works", FormFieldType.Text, true)]),
        ("1.009975", "Gia hạn giấy phép xây dựng", "Extension of a construction permit", "Xây dựng", ProcedureLevel.Province, "SXD", 5, 0, true, "Nghị định 15/2021/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị gia hạn:Application form", "giay-phep:Giấy phép xây dựng đã cấp:The permit"], [new("so-giay-phep", "Số giấy phép", "Permit number", FormFieldType.Text, true)]),
        ("1.010006", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III", "Construction practice certificate (grade II-III)", "Xây dựng", ProcedureLevel.Province, "SXD", 20, 300_000, true, "Nghị định 15/2021/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị cấp chứng chỉ:Application form", "van-bang:Văn bằng đào tạo:Diploma"], [new("linh-vuc", "Lĩnh vực hành nghề", "Field of practice", FormFieldType.Choice, true, ["Thiết kế", "Giám sát", "Khảo sát"])]),
        ("1.004227", "Cung cấp bản sao giấy chứng nhận quyền sử dụng đất (trích lục hồ sơ địa chính)", "Copy of a land use certificate (cadastral extract)", "Đất đai", ProcedureLevel.Commune, Commune, 2, 15_000, true, "Luật Đất đai 2024",
            ["phieu-yeu-cau:Phiếu yêu cầu cung cấp dữ liệu đất đai:Request form"], [new("so-thua", "Số thửa", "Parcel number", FormFieldType.Text, true), new("to-ban-do", "Tờ bản đồ số", "Map sheet", FormFieldType.Text, true)]),
        ("1.012764", "Đăng ký biến động quyền sử dụng đất (chuyển nhượng)", "Registration of a land transfer", "Đất đai", ProcedureLevel.Province, "SNNMT", 10, 100_000, false, "Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP",
            ["don-dang-ky:Đơn đăng ký biến động đất đai:Application form", "hop-dong:Hợp đồng chuyển nhượng có công chứng:Notarised transfer contract", "giay-chung-nhan:Giấy chứng nhận đã cấp:The certificate"],
            [new("so-thua", "Số thửa", "Parcel number", FormFieldType.Text, true)]),
        ("1.012766", "Cấp đổi giấy chứng nhận quyền sử dụng đất", "Renewal of a land use certificate", "Đất đai", ProcedureLevel.Province, "SNNMT", 7, 50_000, true, "Luật Đất đai 2024",
            ["don-de-nghi:Đơn đề nghị cấp đổi:Application form", "giay-chung-nhan:Giấy chứng nhận đã cấp:The certificate"], []),
        ("1.012790", "Đính chính giấy chứng nhận đã cấp", "Correction of an issued land certificate", "Đất đai", ProcedureLevel.Province, "SNNMT", 10, 0, true, "Luật Đất đai 2024",
            ["don-de-nghi:Đơn đề nghị đính chính:Application form"], [new("noi-dung-sai", "Nội dung sai sót", "What is wrong", FormFieldType.Text, true)]),
        ("1.004115", "Xác nhận kế hoạch bảo vệ môi trường", "Confirmation of an environmental protection plan", "Môi trường", ProcedureLevel.Province, "SNNMT", 10, 0, true, "Luật Bảo vệ môi trường 2020",
            ["ke-hoach:Kế hoạch bảo vệ môi trường:The plan"], [new("ten-du-an", "Tên dự án, cơ sở", "Project name", FormFieldType.Text, true)]),
        ("1.003454", "Hỗ trợ giống cây trồng khi thiên tai", "Seed support after a natural disaster", "Nông nghiệp", ProcedureLevel.Commune, Commune, 10, 0, true, "Nghị định 02/2017/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị hỗ trợ:Application form"], [new("dien-tich-thiet-hai", "Diện tích thiệt hại (m²)", "Damaged area (m²)", FormFieldType.Number, true)]),
        ("1.002252", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Food safety certificate for a food business", "An toàn thực phẩm", ProcedureLevel.Province, "SYT", 15, 700_000, true, "Nghị định 15/2018/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị cấp giấy chứng nhận:Application form", "thuyet-minh:Bản thuyết minh cơ sở vật chất:Description of the premises"], [new("ten-co-so", "Tên cơ sở", "Name of the business", FormFieldType.Text, true)]),
        ("1.001907", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Medical practice licence", "Khám bệnh, chữa bệnh", ProcedureLevel.Province, "SYT", 30, 360_000, false, "Luật Khám bệnh, chữa bệnh 2023",
            ["don-de-nghi:Đơn đề nghị cấp giấy phép hành nghề:Application form", "van-bang:Văn bằng chuyên môn:Professional diploma", "giay-kham-suc-khoe:Giấy khám sức khỏe:Health certificate"], []),
        ("1.004481", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", "Pharmacy business certificate", "Dược", ProcedureLevel.Province, "SYT", 20, 1_000_000, true, "Luật Dược 2016",
            ["don-de-nghi:Đơn đề nghị:Application form", "chung-chi:Chứng chỉ hành nghề dược:Pharmacist certificate"], [new("ten-nha-thuoc", "Tên nhà thuốc", "Pharmacy name", FormFieldType.Text, true)]),
        ("1.005090", "Xét tuyển học sinh vào lớp 10 trường phổ thông dân tộc nội trú", "Admission to a boarding high school (grade 10)", "Giáo dục", ProcedureLevel.Province, "SGDDT", 15, 0, true, "Thông tư 04/2023/TT-BGDĐT",
            ["don-du-tuyen:Đơn dự tuyển:Application form", "hoc-ba:Học bạ THCS:Lower-secondary school record"], [new("ho-ten-hoc-sinh", "Họ tên học sinh", "Pupil's name", FormFieldType.Text, true), new("ngay-sinh-hoc-sinh", "Ngày sinh học sinh", "Pupil's date of birth", FormFieldType.Date, true)]),
        ("1.005092", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Copy of a diploma from the register", "Giáo dục", ProcedureLevel.Province, "SGDDT", 3, 0, true, "Thông tư 21/2019/TT-BGDĐT",
            ["don-de-nghi:Đơn đề nghị cấp bản sao:Application form"], [new("nam-tot-nghiep", "Năm tốt nghiệp", "Year of graduation", FormFieldType.Number, true)]),
        ("1.001714", "Cho phép thành lập trường mầm non tư thục", "Licence for a private kindergarten", "Giáo dục", ProcedureLevel.Commune, Commune, 20, 0, false, "Nghị định 46/2017/NĐ-CP",
            ["to-trinh:Tờ trình đề nghị thành lập:Request", "de-an:Đề án thành lập trường:Founding plan"], [new("ten-truong", "Tên trường", "School name", FormFieldType.Text, true)]),
        ("1.003622", "Cấp giấy phép tổ chức lễ hội", "Permit to hold a festival", "Văn hóa", ProcedureLevel.Province, "SVHTTDL", 15, 0, true, "Nghị định 110/2018/NĐ-CP",
            ["van-ban-dang-ky:Văn bản đăng ký tổ chức lễ hội:Registration letter", "chuong-trinh:Chương trình lễ hội:Programme"], [new("ngay-to-chuc", "Ngày tổ chức", "Date", FormFieldType.Date, true)]),
        ("1.001029", "Công nhận điểm du lịch", "Recognition of a tourist site", "Du lịch", ProcedureLevel.Province, "SVHTTDL", 30, 0, true, "Luật Du lịch 2017",
            ["don-de-nghi:Đơn đề nghị công nhận:Application form"], [new("ten-diem", "Tên điểm du lịch", "Name of the site", FormFieldType.Text, true)]),
        ("1.004628", "Cấp giấy phép kinh doanh karaoke", "Karaoke business licence", "Văn hóa", ProcedureLevel.Commune, Commune, 5, 4_000_000, true, "Nghị định 54/2019/NĐ-CP",
            ["don-de-nghi:Đơn đề nghị cấp giấy phép:Application form"], [new("so-phong", "Số phòng hát", "Number of rooms", FormFieldType.Number, true)]),
        ("2.000477", "Cấp phiếu lý lịch tư pháp", "Criminal record certificate", "Lý lịch tư pháp", ProcedureLevel.Province, "STP", 10, 200_000, true, "Luật Lý lịch tư pháp 2009",
            ["to-khai:Tờ khai yêu cầu cấp phiếu lý lịch tư pháp:Request form"], [new("loai-phieu", "Loại phiếu", "Kind of certificate", FormFieldType.Choice, true, ["Phiếu số 1", "Phiếu số 2"])]),
        ("2.000528", "Cấp bản sao trích lục hộ tịch tại Sở Tư pháp", "Civil status extract from the provincial register", "Hộ tịch", ProcedureLevel.Province, "STP", 1, 8_000, true, "Nghị định 123/2015/NĐ-CP",
            ["to-khai:Tờ khai:Request form"], []),
        ("2.001263", "Công chứng hợp đồng, giao dịch", "Notarisation of a contract", "Công chứng", ProcedureLevel.Province, "STP", 2, 300_000, false, "Luật Công chứng 2024",
            ["du-thao:Dự thảo hợp đồng:Draft contract", "giay-to-tai-san:Giấy tờ về tài sản:Documents of the property"], [new("loai-hop-dong", "Loại hợp đồng", "Kind of contract", FormFieldType.Choice, true, ["Mua bán", "Tặng cho", "Thế chấp", "Ủy quyền"])]),
        ("1.001612", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Funeral support for social protection beneficiaries", "Bảo trợ xã hội", ProcedureLevel.Commune, Commune, 3, 0, true, "Nghị định 20/2021/NĐ-CP",
            ["to-khai:Tờ khai đề nghị hỗ trợ:Application form", "giay-chung-tu:Giấy chứng tử:Death certificate"], []),
        ("1.001776", "Trợ cấp xã hội hàng tháng cho người cao tuổi", "Monthly allowance for the elderly", "Bảo trợ xã hội", ProcedureLevel.Commune, Commune, 15, 0, true, "Nghị định 20/2021/NĐ-CP",
            ["to-khai:Tờ khai đề nghị trợ giúp xã hội:Application form"], [new("ngay-sinh-nguoi-cao-tuoi", "Ngày sinh người cao tuổi", "Date of birth", FormFieldType.Date, true)]),
        ("1.000489", "Đăng ký nuôi con nuôi trong nước", "Domestic adoption registration", "Nuôi con nuôi", ProcedureLevel.Commune, Commune, 30, 400_000, false, "Luật Nuôi con nuôi 2010",
            ["don-xin-nhan:Đơn xin nhận con nuôi:Application", "giay-kham-suc-khoe:Giấy khám sức khỏe:Health certificate"], [new("ho-ten-tre", "Họ tên trẻ được nhận nuôi", "Child's name", FormFieldType.Text, true)]),
        ("1.003005", "Cấp giấy phép khai thác nước dưới đất (quy mô nhỏ)", "Groundwater extraction permit (small scale)", "Tài nguyên nước", ProcedureLevel.Province, "SNNMT", 25, 600_000, false, "Luật Tài nguyên nước 2023",
            ["don-de-nghi:Đơn đề nghị cấp phép:Application form", "bao-cao:Báo cáo kết quả thăm dò:Survey report"], [new("luu-luong", "Lưu lượng khai thác (m³/ngày)", "Flow (m³/day)", FormFieldType.Number, true)]),
    ];

    public static IEnumerable<ProcedureDefinition> Definitions() => Table.Select(t =>
    {
        var docs = t.Docs.Select(d => d.Split(':')).Select(p => new RequiredDocument(p[0], p[1], p[2], true)).Append(IdCard).ToList();
        var fields = t.Level == ProcedureLevel.Commune || t.Agency == Commune ? t.Fields.Append(Address).ToList() : [.. t.Fields, Address with { Required = false }];
        var forms = t.Docs.Select(d => d.Split(':')[1]).Where(n => n.StartsWith("Tờ khai", StringComparison.Ordinal) || n.StartsWith("Đơn", StringComparison.Ordinal) || n.StartsWith("Giấy đề nghị", StringComparison.Ordinal)).ToList();
        return new ProcedureDefinition(t.Code, t.Vi, t.En, t.Field, t.Level, t.Agency, docs, forms, t.Fee, t.Fee > 0 ? "Nộp trực tuyến hoặc tại quầy khi nhận kết quả" : null,
            t.Days, t.Basis, t.Online, fields).Normalized();
    });
}
