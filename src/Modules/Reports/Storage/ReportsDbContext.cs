using System.Text.Json;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.Reports.Storage;

/// <summary>The module's tables: schema <c>reports</c> on PostgreSQL, prefix <c>reports_</c> on SQLite.</summary>
internal abstract class ReportsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "reports";

    public DbSet<ServiceCategory> Categories => Set<ServiceCategory>();

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<ReportChange> Changes => Set<ReportChange>();

    public DbSet<ReportSupporter> Supporters => Set<ReportSupporter>();

    public DbSet<SubmissionKey> SubmissionKeys => Set<SubmissionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceCategory>(c =>
        {
            c.ToTable("categories");
            c.HasKey(x => x.Id);
            c.Property(x => x.JurisdictionCode).HasMaxLength(8);
            c.Property(x => x.Code).HasMaxLength(ServiceCategory.CodeMaxLength);
            c.Property(x => x.NameVi).HasMaxLength(ServiceCategory.NameMaxLength);
            c.Property(x => x.NameEn).HasMaxLength(ServiceCategory.NameMaxLength);
            c.Property(x => x.DescriptionVi).HasMaxLength(ServiceCategory.DescriptionMaxLength);
            c.Property(x => x.DescriptionEn).HasMaxLength(ServiceCategory.DescriptionMaxLength);
            c.Property(x => x.Group).HasMaxLength(100);
            c.Property(x => x.ResponsibleKind).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.ResponsibleCode).HasMaxLength(100);
            c.Property(x => x.OutsideContact).HasMaxLength(254);
            Json(c.Property(x => x.Keywords));
            Json(c.Property(x => x.Attributes));
            c.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
        });

        modelBuilder.Entity<Report>(r =>
        {
            r.ToTable("reports");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedOnAdd();
            r.Property(x => x.JurisdictionCode).HasMaxLength(8);
            r.Property(x => x.ServiceCode).HasMaxLength(ServiceCategory.CodeMaxLength);
            r.Property(x => x.Token).HasMaxLength(32);
            r.Property(x => x.Description).HasMaxLength(Report.DescriptionMaxLength);
            r.Property(x => x.MediaUrl).HasMaxLength(Report.MediaUrlMaxLength);
            r.Property(x => x.SubmittedBy).HasMaxLength(100);
            r.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.UnitKind).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.UnitCode).HasMaxLength(100);
            r.Property(x => x.AgencyVi).HasMaxLength(300);
            r.Property(x => x.AgencyEn).HasMaxLength(300);
            r.Property(x => x.StatusNotes).HasMaxLength(Report.MessageMaxLength);
            r.Property(x => x.RatingComment).HasMaxLength(Report.RatingCommentMaxLength);
            Json(r.Property(x => x.Attributes));
            Json(r.Property(x => x.PhotoHashes));
            r.OwnsOne(x => x.Location, l =>
            {
                l.Property(x => x.Latitude);
                l.Property(x => x.Longitude);
                l.Property(x => x.AddressString).HasMaxLength(ReportLocation.AddressMaxLength);
                l.Property(x => x.AddressId).HasMaxLength(64);
                l.Property(x => x.CommuneCode).HasMaxLength(16);
            });
            r.Navigation(x => x.Location).IsRequired();
            r.OwnsOne(x => x.Reporter, p =>
            {
                p.Property(x => x.FirstName).HasMaxLength(100);
                p.Property(x => x.LastName).HasMaxLength(100);
                p.Property(x => x.Phone).HasMaxLength(20);
                p.Property(x => x.Email).HasMaxLength(254);
                p.Property(x => x.DeviceId).HasMaxLength(100);
                p.Property(x => x.AccountId).HasMaxLength(100);
            });
            r.Navigation(x => x.Reporter).IsRequired();
            r.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
            r.Navigation(x => x.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
            r.HasIndex(x => x.Token).IsUnique();
            // Open311 GET requests: a jurisdiction's reports by requested time, filtered by status and service.
            r.HasIndex(x => new { x.JurisdictionCode, x.RequestedAt });
            r.HasIndex(x => new { x.JurisdictionCode, x.ServiceCode, x.RequestedAt });
            r.HasIndex(x => new { x.UnitKind, x.UnitCode, x.Status });
        });

        modelBuilder.Entity<ReportChange>(h =>
        {
            h.ToTable("report_changes");
            h.HasKey(x => x.Id);
            // The report makes its changes with their id set: a new one found in its history is an insert, not an update.
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.Actor).HasMaxLength(100);
            h.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.UnitKind).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.UnitCode).HasMaxLength(100);
            h.Property(x => x.PublicMessage).HasMaxLength(Report.MessageMaxLength);
            h.Property(x => x.InternalNote).HasMaxLength(Report.MessageMaxLength);
            h.HasIndex(x => new { x.ReportId, x.At });
        });

        modelBuilder.ApplyConfiguration(new ReportSupporterConfiguration());
        modelBuilder.ApplyConfiguration(new SubmissionKeyConfiguration());

        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order DateTimeOffset text in SQL; Open311's date filters and newest-first order need
            // it. Stored as UTC ticks (an INTEGER), read back in UTC. PostgreSQL keeps timestamptz.
            foreach (var property in modelBuilder.Model.GetEntityTypes()
                         .Where(e => e.ClrType == typeof(Report) || e.ClrType == typeof(ReportChange) || e.ClrType == typeof(ServiceCategory)
                             || e.ClrType == typeof(ReportSupporter) || e.ClrType == typeof(SubmissionKey))
                         .SelectMany(e => e.GetProperties()))
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(UtcTicks);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(NullableUtcTicks);
                }
            }
        }

        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableUtcTicks = new(
        v => v.HasValue ? v.Value.UtcTicks : null,
        v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>A small value kept as JSON text (the same on both providers), compared by its JSON.</summary>
    private static void Json<T>(PropertyBuilder<T> property) =>
        property
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<T>(v, JsonOptions)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                    v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!))
            .IsRequired();
}

internal sealed class ReportsSqliteDbContext(DbContextOptions<ReportsSqliteDbContext> options) : ReportsDbContext(options);

internal sealed class ReportsPostgresDbContext(DbContextOptions<ReportsPostgresDbContext> options) : ReportsDbContext(options);
