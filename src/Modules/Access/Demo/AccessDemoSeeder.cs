using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Features.CreateUser;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Access.Demo;

/// <summary>Demo departments and one account per role, all in the demo jurisdiction, with the published demo password.</summary>
internal sealed class AccessDemoSeeder(AccessDbContext db, CreateUserHandler createUser, ILogger<AccessDemoSeeder> logger) : IDemoSeeder
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

            var (_, errors) = await createUser.HandleAsync(new CreateUserRequest(email, role, name, context.JurisdictionCode, department, DemoPassword), actor: null, cancellationToken);
            if (!errors.IsEmpty)
            {
                logger.LogError("Demo account {Email} not created: {Errors}", email, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
            }
        }
    }
}
