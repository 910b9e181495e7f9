using System.Text.Json;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.Notices;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

using Mekong.Modules.Reports.Features.OpsLive;

namespace Mekong.Modules.Reports.Storage;

/// <summary>The module's tables: schema <c>reports</c> on PostgreSQL, prefix <c>reports_</c> on SQLite.</summary>
internal abstract class ReportsDbContext(DbContextOptions options, ReportNotifier? notifier, ReportCommitWatch? commitWatch) : DbContext(options)
{
    public const string Schema = "reports";

    /// <summary>This context's watch of its saves and commits (the scope's; none for a bare context), driven by <see cref="ReportCommitInterceptor"/>.</summary>
    internal ReportCommitWatch? CommitWatch => commitWatch;

    /// <summary>
    /// Off while replaying the past (the demo's two years of history): nobody is told about changes long done. On by
    /// default: every public change saved through this context tells its audience (<see cref="SaveChangesAsync(bool, CancellationToken)"/>).
    /// </summary>
    public bool SuppressNotices { get; set; }

    public DbSet<ServiceCategory> Categories => Set<ServiceCategory>();

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<ReportChange> Changes => Set<ReportChange>();

    public DbSet<OpsAlert> OpsAlerts => Set<OpsAlert>();
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
            r.Property(x => x.Language).HasMaxLength(8);
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
            // Open311 GET with status, dates and an area (h-perf, ADR 0025): the newest of one status in a window.
            r.HasIndex(x => new { x.JurisdictionCode, x.Status, x.RequestedAt });
            if (!Database.IsSqlite())
            {
                // The point as PostGIS geometry, made by the database from the two columns, under a GiST index; SQLite has
                // the R*Tree of ReportsSpatialIndex instead (its migration holds the SQL: the model cannot state it).
                r.Property<NetTopologySuite.Geometries.Point>(ReportsSpatialIndex.PositionProperty)
                    .HasColumnType("geometry(Point, 4326)")
                    .HasComputedColumnSql("""ST_SetSRID(ST_MakePoint("Location_Longitude", "Location_Latitude"), 4326)""", stored: true);
                r.HasIndex(ReportsSpatialIndex.PositionProperty).HasMethod("gist");
            }
            // The operator console's counts by state and its overdue count (h-ops).
            r.HasIndex(x => new { x.JurisdictionCode, x.Status, x.ExpectedAt });
            // The notifier's audience: the reports merged into one (ReportAudience).
            r.HasIndex(x => x.DuplicateOfId);
            // The officers' queues and the deadline job: open reports by deadline, overdue ones marked.
            r.HasIndex(x => new { x.Status, x.ExpectedAt });
            r.HasIndex(x => new { x.JurisdictionCode, x.OverdueAt });
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
            h.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24).HasDefaultValue(ReportChangeKind.Status).HasSentinel((ReportChangeKind)(-1));
            h.Ignore(x => x.IsPublic);
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

        modelBuilder.ApplyConfiguration(new OpsAlertConfiguration(Database.IsSqlite()));
        modelBuilder.AddOutbox(Schema);
        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }

    /// <summary>
    /// Saves, and tells the residents and outside bodies of every public change among the new history entries, in the
    /// same transaction (ADR 0022): the entries are saved first (a new report gets its number), then the notifier writes
    /// one outbox message per recipient and they are saved too, before the caller's transaction (or one of its own) commits.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = notifier is null || SuppressNotices ? [] : ReportNotifier.NewChanges(this);
        if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            if (await notifier!.EnqueueAsync(this, changes, cancellationToken) > 0)
            {
                saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The notifier needs to query (the duplicates' reporters) between the two saves: only the asynchronous save does that.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (notifier is not null && !SuppressNotices && ReportNotifier.NewChanges(this).Count > 0)
        {
            throw new InvalidOperationException("New report history is saved with SaveChangesAsync, which tells the residents in the same transaction.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
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

// The server's container passes the notifier and the commit watch; design-time tools and bare contexts (ModuleProviders.Create) use the one-argument form.
internal sealed class ReportsSqliteDbContext(DbContextOptions<ReportsSqliteDbContext> options, ReportNotifier? notifier, ReportCommitWatch? commitWatch) : ReportsDbContext(options, notifier, commitWatch)
{
    public ReportsSqliteDbContext(DbContextOptions<ReportsSqliteDbContext> options)
        : this(options, null, null)
    {
    }
}

internal sealed class ReportsPostgresDbContext(DbContextOptions<ReportsPostgresDbContext> options, ReportNotifier? notifier, ReportCommitWatch? commitWatch) : ReportsDbContext(options, notifier, commitWatch)
{
    public ReportsPostgresDbContext(DbContextOptions<ReportsPostgresDbContext> options)
        : this(options, null, null)
    {
    }
}
