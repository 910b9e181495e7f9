using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Features.CreateUser;
using Mekong.Modules.Access.Storage;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Auth;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Access.Demo;

/// <summary>Demo departments and one account per role, all in the demo jurisdiction, with the published demo password.</summary>
internal sealed class AccessDemoSeeder(AccessDbContext db, CreateUserHandler createUser, IAdminUnitDirectory adminUnits, ILogger<AccessDemoSeeder> logger) : IDemoSeeder
{
    /// <summary>Demo mode only: printed at start, documented in the README, never used outside demo mode.</summary>
    public const string DemoPassword = "phusa-demo-2025";

    public static readonly IReadOnlyList<(string Email, string Role, string Name, string? Department)> Accounts =
    [
        ("admin@phusa.example", Roles.Administrator, "Quản trị hệ thống", null),
        ("operator@phusa.example", Roles.Operator, "Trực ban IOC", null),
        ("officer@phusa.example", Roles.DepartmentOfficer, "Cán bộ Sở Xây dựng", "SXD"),
        ("viewer@phusa.example", Roles.Viewer, "Lãnh đạo tỉnh (xem)", null),
    ];

    /// <summary>Officers and heads of the departments reports are routed to (the case queues and escalation).</summary>
    public static readonly IReadOnlyList<(string Email, string Name, string Department, bool Head)> DepartmentOfficers =
    [
        ("truongphong.sxd@phusa.example", "Trần Quốc Huy – Trưởng phòng Hạ tầng kỹ thuật, Sở Xây dựng", "SXD", true),
        ("canbo.snnmt@phusa.example", "Lê Thị Mai – Chuyên viên Chi cục Bảo vệ môi trường", "SNNMT", false),
        ("truongphong.snnmt@phusa.example", "Nguyễn Hữu Tài – Chi cục trưởng Chi cục Bảo vệ môi trường", "SNNMT", true),
        ("canbo.ctn@phusa.example", "Phạm Văn Lợi – Tổ trực sự cố, Công ty Cấp thoát nước", "CTN", false),
        ("giamdoc.ctn@phusa.example", "Võ Thanh Bình – Phó Giám đốc Công ty Cấp thoát nước", "CTN", true),
        // h-public: the one-stop desk (bộ phận một cửa) that receives dossiers of online public services.
        ("motcua@phusa.example", "Đặng Thu Hà – Bộ phận Một cửa, Trung tâm Phục vụ hành chính công", "TTPVHCC", false),
        // h2-news: an editor of the portal's news (ADR 0032: officers of Mekong:News:EditorDepartments, default VPUB).
        ("bientap@phusa.example", "Lý Minh Thư – Ban biên tập Cổng thông tin, Văn phòng UBND tỉnh", "VPUB", false),
    ];

    /// <summary>Points of the demo province whose communes get an officer and a chairperson (<i>chủ tịch UBND</i>).</summary>
    private static readonly (double Lat, double Lon)[] CommunePoints = [(9.6, 105.95), (9.7, 105.9), (9.5, 106.0)];

    private static readonly (string Code, string Vi, string En)[] Departments =
    [
        ("SXD", "Sở Xây dựng", "Department of Construction"),
        ("SNNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
        ("SYT", "Sở Y tế", "Department of Health"),
        ("SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
        ("SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
        ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
        ("CAT", "Công an tỉnh", "Provincial Police"),
        ("DIENLUC", "Công ty Điện lực", "Power Company"),
        ("CTN", "Công ty Cấp thoát nước", "Water Supply and Drainage Company"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công", "Public Administrative Service Centre"),
        ("STP", "Sở Tư pháp", "Department of Justice"),
        ("STC", "Sở Tài chính", "Department of Finance"),
        ("VPUB", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"),
    ];

    public int Order => 10;

    public string Name => "access";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        foreach (var (code, vi, en) in Departments)
        {
            if (!await db.Departments.AnyAsync(d => d.JurisdictionCode == context.JurisdictionCode && d.Code == code, cancellationToken))
            {
                db.Departments.Add(Department.Create(context.JurisdictionCode, code, vi, en));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (email, role, name, department) in Accounts)
        {
            context.Notes.Add($"{role,-18} {email,-26} password: {DemoPassword}");
            var normalizedEmail = email.ToUpperInvariant();
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
            {
                continue;
            }

            await CreateAsync(new CreateUserRequest(email, role, name, context.JurisdictionCode, department, DemoPassword), cancellationToken);
        }

        foreach (var (email, name, department, head) in DepartmentOfficers)
        {
            await CreateAsync(new CreateUserRequest(email, Roles.DepartmentOfficer, name, context.JurisdictionCode, department, DemoPassword, UnitHead: head), cancellationToken);
        }

        var communes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lat, lon) in CommunePoints)
        {
            var commune = await adminUnits.LocateAsync(lat, lon, at: null, cancellationToken);
            if (commune is null || commune.JurisdictionCode != context.JurisdictionCode || commune.Level != "commune" || !communes.Add(commune.Code))
            {
                continue;
            }

            await CreateAsync(new CreateUserRequest($"canbo.{commune.Code}@phusa.example", Roles.DepartmentOfficer, $"Cán bộ địa chính – UBND {commune.NameVi}",
                context.JurisdictionCode, null, DemoPassword, commune.Code), cancellationToken);
            await CreateAsync(new CreateUserRequest($"chutich.{commune.Code}@phusa.example", Roles.DepartmentOfficer, $"Chủ tịch UBND {commune.NameVi}",
                context.JurisdictionCode, null, DemoPassword, commune.Code, UnitHead: true), cancellationToken);
        }

        if (communes.Count > 0)
        {
            context.Notes.Add($"Commune officers: canbo.<commune>@phusa.example, heads chutich.<commune>@phusa.example ({string.Join(", ", communes)}), password: {DemoPassword}");
        }
    }

    private async Task CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var normalizedEmail = request.Email!.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            return;
        }

        var (_, errors) = await createUser.HandleAsync(request, actor: null, cancellationToken);
        if (!errors.IsEmpty)
        {
            logger.LogError("Demo account {Email} not created: {Errors}", request.Email, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        }
    }
}
