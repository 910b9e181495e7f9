using Mekong.Modules.Access.Domain;
using Mekong.Platform.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Access.Storage;

/// <summary>Users, roles, departments, API keys and sign-in sessions: schema <c>access</c> on PostgreSQL, prefix <c>access_</c> on SQLite.</summary>
internal abstract class AccessDbContext(DbContextOptions options) : IdentityDbContext<MekongUser, MekongRole, Guid>(options)
{
    public const string Schema = "access";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<SignInSession> Sessions => Set<SignInSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<MekongUser>(u =>
        {
            u.ToTable("users");
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.Property(x => x.JurisdictionCode).HasMaxLength(8);
            u.Property(x => x.DepartmentCode).HasMaxLength(32);
            u.Property(x => x.CommuneCode).HasMaxLength(16);
            u.Property(x => x.PreferredLanguage).HasMaxLength(8).HasDefaultValue("vi");
            u.HasIndex(x => x.JurisdictionCode);
        });
        builder.Entity<MekongRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.Entity<ApiKey>(k =>
        {
            k.ToTable("api_keys");
            k.HasKey(x => x.Id);
            k.Property(x => x.Name).HasMaxLength(100);
            k.Property(x => x.Prefix).HasMaxLength(16);
            k.Property(x => x.SecretHash).HasMaxLength(64);
            k.Property(x => x.Role).HasMaxLength(32);
            k.Property(x => x.JurisdictionCode).HasMaxLength(8);
            k.Property(x => x.CreatedBy).HasMaxLength(256);
            k.HasIndex(x => x.Prefix).IsUnique();
            k.Ignore(x => x.IsActive);
        });

        builder.Entity<Department>(d =>
        {
            d.ToTable("departments");
            d.HasKey(x => x.Id);
            d.Property(x => x.JurisdictionCode).HasMaxLength(8);
            d.Property(x => x.Code).HasMaxLength(32);
            d.Property(x => x.NameVi).HasMaxLength(200);
            d.Property(x => x.NameEn).HasMaxLength(200);
            d.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
        });

        builder.Entity<SignInSession>(s =>
        {
            s.ToTable("sessions");
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).HasMaxLength(64);
            s.HasIndex(x => x.ExpiresAtUtc);
            s.HasIndex(x => x.UserId);
        });

        builder.UseModuleSchema(Schema, Database.IsSqlite());
    }
}

internal sealed class AccessSqliteDbContext(DbContextOptions<AccessSqliteDbContext> options) : AccessDbContext(options);

internal sealed class AccessPostgresDbContext(DbContextOptions<AccessPostgresDbContext> options) : AccessDbContext(options);
