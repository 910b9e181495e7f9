using System.Text.Json;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.PublicServices.Storage;

/// <summary>The module's tables: schema <c>public_services</c> on PostgreSQL, prefix <c>public_services_</c> on SQLite.</summary>
internal abstract class PublicServicesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "public_services";

    public DbSet<Procedure> Procedures => Set<Procedure>();

    public DbSet<Dossier> Dossiers => Set<Dossier>();

    public DbSet<DossierStep> Steps => Set<DossierStep>();

    public DbSet<PersonalDataRead> PersonalDataReads => Set<PersonalDataRead>();

    public DbSet<GatewayPayment> GatewayPayments => Set<GatewayPayment>();

    public DbSet<PaymentGateway> PaymentGateways => Set<PaymentGateway>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Procedure>(p =>
        {
            p.ToTable("procedures");
            p.HasKey(x => x.Id);
            p.Property(x => x.Id).ValueGeneratedNever();
            p.Property(x => x.JurisdictionCode).HasMaxLength(8);
            p.Property(x => x.Code).HasMaxLength(Procedure.CodeMaxLength);
            p.Property(x => x.NameVi).HasMaxLength(Procedure.NameMaxLength);
            p.Property(x => x.NameEn).HasMaxLength(Procedure.NameMaxLength);
            p.Property(x => x.Field).HasMaxLength(Procedure.FieldMaxLength);
            p.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.AgencyCode).HasMaxLength(Procedure.CodeMaxLength);
            p.Property(x => x.FeeNote).HasMaxLength(Procedure.NameMaxLength);
            p.Property(x => x.LegalBasis).HasMaxLength(Procedure.TextMaxLength);
            p.Property(x => x.SearchKey).HasMaxLength(1000);
            Json(p.Property(x => x.Documents));
            Json(p.Property(x => x.Forms));
            Json(p.Property(x => x.FormFields));
            p.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
            p.HasIndex(x => new { x.JurisdictionCode, x.Field });
        });

        modelBuilder.Entity<Dossier>(d =>
        {
            d.ToTable("dossiers");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedOnAdd();
            d.Property(x => x.Code).HasMaxLength(Dossier.CodeMaxLength);
            d.Property(x => x.AccessToken).HasMaxLength(Dossier.TokenLength);
            d.Property(x => x.JurisdictionCode).HasMaxLength(8);
            d.Property(x => x.ProcedureCode).HasMaxLength(Procedure.CodeMaxLength);
            d.Property(x => x.ProcedureNameVi).HasMaxLength(Procedure.NameMaxLength);
            d.Property(x => x.ProcedureNameEn).HasMaxLength(Procedure.NameMaxLength);
            d.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.AgencyCode).HasMaxLength(Procedure.CodeMaxLength);
            d.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
            d.Property(x => x.ResumeStatus).HasConversion<string>().HasMaxLength(24);
            d.Property(x => x.SubmittedBy).HasMaxLength(100);
            d.Property(x => x.Language).HasMaxLength(8);
            d.Property(x => x.ResultHash).HasMaxLength(64);
            d.Property(x => x.RejectionReason).HasMaxLength(Dossier.MessageMaxLength);
            d.Property(x => x.SupplementMessage).HasMaxLength(Dossier.MessageMaxLength);
            d.Property(x => x.FeeMethod).HasMaxLength(16);
            d.Property(x => x.FeeReference).HasMaxLength(100);
            d.OwnsOne(x => x.Applicant, a =>
            {
                a.Property(x => x.FullName).HasMaxLength(Applicant.NameMaxLength);
                a.Property(x => x.IdentityNumber).HasMaxLength(12);
                a.Property(x => x.Phone).HasMaxLength(Applicant.PhoneMaxLength);
                a.Property(x => x.Email).HasMaxLength(Applicant.EmailMaxLength);
                a.Property(x => x.Address).HasMaxLength(Applicant.AddressMaxLength);
                a.Property(x => x.CommuneCode).HasMaxLength(16);
            });
            d.Navigation(x => x.Applicant).IsRequired();
            Json(d.Property(x => x.FormValues));
            Json(d.Property(x => x.Files));
            d.Ignore(x => x.IsOpen);
            d.Ignore(x => x.FeePaid);
            d.HasMany(x => x.History).WithOne().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
            d.Navigation(x => x.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
            // Tracking by code (tra cứu hồ sơ), the bench's question.
            d.HasIndex(x => x.Code).IsUnique();
            // The queues: a jurisdiction's dossiers of one state by agency, oldest first; "my dossiers".
            d.HasIndex(x => new { x.JurisdictionCode, x.Status, x.AgencyCode, x.SubmittedAt });
            d.HasIndex(x => new { x.SubmittedBy, x.SubmittedAt });
            d.Property(x => x.CommuneCode).HasMaxLength(16);
            // A commune committee's queue (commune-level procedures).
            d.HasIndex(x => new { x.JurisdictionCode, x.CommuneCode, x.Status });
            // The statistics: a jurisdiction's dossiers received in a period.
            d.HasIndex(x => new { x.JurisdictionCode, x.ReceivedAt });
        });

        modelBuilder.Entity<DossierStep>(s =>
        {
            s.ToTable("dossier_steps");
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).ValueGeneratedNever();
            s.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            s.Property(x => x.Actor).HasMaxLength(100);
            s.Property(x => x.From).HasConversion<string>().HasMaxLength(24);
            s.Property(x => x.To).HasConversion<string>().HasMaxLength(24);
            s.Property(x => x.PublicMessage).HasMaxLength(Dossier.MessageMaxLength);
            s.Property(x => x.InternalNote).HasMaxLength(Dossier.MessageMaxLength);
            s.HasIndex(x => new { x.DossierId, x.At });
        });

        modelBuilder.Entity<PersonalDataRead>(r =>
        {
            r.ToTable("personal_data_reads");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.Property(x => x.DossierCode).HasMaxLength(Dossier.CodeMaxLength);
            r.Property(x => x.Actor).HasMaxLength(100);
            r.Property(x => x.Purpose).HasMaxLength(16);
            r.HasIndex(x => new { x.DossierId, x.At });
            r.HasIndex(x => new { x.Actor, x.At });
        });

        modelBuilder.Entity<GatewayPayment>(g =>
        {
            g.ToTable("gateway_payments");
            g.HasKey(x => x.TransactionId);
            g.Property(x => x.TransactionId).HasMaxLength(100);
            g.HasIndex(x => x.DossierId);
        });

        modelBuilder.Entity<PaymentGateway>(g =>
        {
            g.ToTable("payment_gateways");
            g.HasKey(x => x.JurisdictionCode);
            g.Property(x => x.JurisdictionCode).HasMaxLength(8);
            g.Property(x => x.Secret).HasConversion<Mekong.Platform.Secrets.ProtectedSecretConverter>().HasMaxLength(2000);
        });

        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset text: UTC ticks (INTEGER), like the other modules.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static void Json<T>(PropertyBuilder<T> property)
        where T : class, new()
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonOptions),
            v => JsonSerializer.Deserialize<T>(v, JsonOptions) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!))
            .IsRequired();
    }
}

internal sealed class PublicServicesSqliteDbContext(DbContextOptions<PublicServicesSqliteDbContext> options) : PublicServicesDbContext(options);

internal sealed class PublicServicesPostgresDbContext(DbContextOptions<PublicServicesPostgresDbContext> options) : PublicServicesDbContext(options);
