using System.Net.Mail;
using System.Security.Claims;
using System.Security.Cryptography;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Storage;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Features.CreateUser;

/// <summary>A new user. Without a password one is generated and returned once.</summary>
/// <param name="Commune">For a DepartmentOfficer of a commune People's Committee: the commune's code (instead of a department).</param>
/// <param name="UnitHead">The officer heads their unit: overdue reports are escalated to them.</param>
internal sealed record CreateUserRequest(string? Email, string? Role, string? DisplayName, string? Jurisdiction, string? Department, string? Password, string? Commune = null, bool UnitHead = false);

internal sealed record UserResponse(Guid Id, string Email, string DisplayName, string Role, string? Jurisdiction, string? Department, bool LockedOut, DateTimeOffset CreatedAt, string? Commune = null, bool UnitHead = false);

internal sealed record CreatedUserResponse(UserResponse User, string? GeneratedPassword);

/// <summary>Creates a user: the CLI verb <c>users create</c>, <c>POST /api/v1/admin/users</c> and the admin page all come here.</summary>
internal sealed class CreateUserHandler(
    UserManager<MekongUser> users,
    AccessDbContext db,
    IAdminUnitDirectory directory,
    TimeProvider clock)
{
    /// <summary>Creates the user, or returns field errors; <paramref name="actor"/> null means the local CLI (trusted).</summary>
    public async Task<(CreatedUserResponse? Created, FieldErrors Errors)> HandleAsync(CreateUserRequest request, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out _) || email.Length > 256)
        {
            errors.Add("email", "A valid e-mail address is required.");
        }

        if (!string.IsNullOrWhiteSpace(request.DisplayName) && MekongUser.DisplayNameProblem(request.DisplayName) is { } nameProblem)
        {
            errors.Add("displayName", nameProblem);
        }

        if (!Roles.TryNormalize(request.Role, out var role))
        {
            errors.Add("role", $"role must be one of {string.Join(", ", Roles.All)}.");
        }

        // An administrator of a jurisdiction acts for that jurisdiction only.
        var jurisdiction = await RequestedJurisdiction.ResolveAsync(actor, request.Jurisdiction, directory, errors, "You may only create users of your own jurisdiction.", cancellationToken);

        if (jurisdiction is null && role.Length > 0 && role != Roles.Administrator)
        {
            errors.Add("jurisdiction", "Only an installation administrator may have no jurisdiction; give --jurisdiction.");
        }

        string? department = null;
        string? commune = null;
        if (role == Roles.DepartmentOfficer)
        {
            department = string.IsNullOrWhiteSpace(request.Department) ? null : request.Department.Trim().ToUpperInvariant();
            commune = string.IsNullOrWhiteSpace(request.Commune) ? null : request.Commune.Trim();
            if (department is null && commune is null)
            {
                errors.Add("department", "A DepartmentOfficer must be bound to a department or a commune People's Committee.");
            }
            else if (department is not null && commune is not null)
            {
                errors.Add("commune", "A DepartmentOfficer is bound to a department or a commune, not both.");
            }
            else if (department is not null && jurisdiction is not null && !await db.Departments.AnyAsync(d => d.JurisdictionCode == jurisdiction && d.Code == department, cancellationToken))
            {
                errors.Add("department", $"There is no department '{department}' in jurisdiction '{jurisdiction}'.");
            }
            else if (commune is not null && jurisdiction is not null)
            {
                var unit = await directory.FindAsync(commune, at: null, cancellationToken);
                if (unit is null || unit.Level != "commune" || unit.JurisdictionCode != jurisdiction)
                {
                    errors.Add("commune", $"There is no commune '{commune}' in jurisdiction '{jurisdiction}'.");
                }
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(request.Department))
            {
                errors.Add("department", "Only a DepartmentOfficer is bound to a department.");
            }

            if (!string.IsNullOrWhiteSpace(request.Commune))
            {
                errors.Add("commune", "Only a DepartmentOfficer is bound to a commune.");
            }

            if (request.UnitHead)
            {
                errors.Add("unitHead", "Only a DepartmentOfficer heads a unit.");
            }
        }

        if (email is not null && errors.IsEmpty && await users.FindByEmailAsync(email) is not null)
        {
            errors.Add("email", $"A user with e-mail {email} already exists.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var generated = string.IsNullOrEmpty(request.Password) ? GeneratePassword() : null;
        var user = new MekongUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email! : request.DisplayName.Trim(),
            JurisdictionCode = jurisdiction,
            DepartmentCode = department,
            CommuneCode = commune,
            IsUnitHead = request.UnitHead && role == Roles.DepartmentOfficer,
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
        };

        // User and role in one transaction: never a user without a role.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, request.Password ?? generated!);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, role);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
            }

            return (null, errors);
        }

        await transaction.CommitAsync(cancellationToken);
        return (new CreatedUserResponse(ToResponse(user, role), generated), errors);
    }

    internal static UserResponse ToResponse(MekongUser user, string role) => new(
        user.Id, user.Email ?? string.Empty, user.DisplayName, role, user.JurisdictionCode, user.DepartmentCode,
        user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow, user.CreatedAt, user.CommuneCode, user.IsUnitHead);

    /// <summary>20 characters from every class Identity's password policy asks for.</summary>
    internal static string GeneratePassword()
    {
        var body = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        return body + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 1)
            + RandomNumberGenerator.GetString("23456789", 1) + RandomNumberGenerator.GetString("!#$%*+-=?@", 1);
    }
}

internal static class CreateUserEndpoint
{
    public static async Task<Results<Created<CreatedUserResponse>, ValidationProblem>> Handle(
        CreateUserRequest request, ClaimsPrincipal user, CreateUserHandler handler, CancellationToken cancellationToken)
    {
        var (created, errors) = await handler.HandleAsync(request, user, cancellationToken);
        return created is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation)
            : TypedResults.Created($"/api/v1/admin/users/{created.User.Id}", created);
    }
}
