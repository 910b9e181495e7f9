using System.Text.Json;
using Mekong.Modules.Incidents.Domain;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.Incidents.Storage;

/// <summary>The module's tables: schema <c>incidents</c> on PostgreSQL, prefix <c>incidents_</c> on SQLite.</summary>
internal abstract class IncidentsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Schema = "incidents";

    public DbSet<IncidentType> Types => Set<IncidentType>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<Warning> Warnings => Set<Warning>();

    public DbSet<WarningSubscription> Subscriptions => Set<WarningSubscription>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IncidentType>(t =>
        {
            t.ToTable("types");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).ValueGeneratedNever();
            t.Property(x => x.JurisdictionCode).HasMaxLength(8);
            t.Property(x => x.Code).HasMaxLength(IncidentType.CodeMaxLength);
            t.Property(x => x.NameVi).HasMaxLength(IncidentType.NameMaxLength);
            t.Property(x => x.NameEn).HasMaxLength(IncidentType.NameMaxLength);
            t.Property(x => x.CapCategory).HasMaxLength(16);
            Json(t.Property(x => x.Steps));
            t.HasIndex(x => new { x.JurisdictionCode, x.Code }).IsUnique();
        });

        modelBuilder.Entity<Incident>(i =>
        {
            i.ToTable("incidents");
            i.HasKey(x => x.Id);
            i.Property(x => x.Id).ValueGeneratedNever();
            i.Property(x => x.JurisdictionCode).HasMaxLength(8);
            i.Property(x => x.TypeCode).HasMaxLength(IncidentType.CodeMaxLength);
            i.Property(x => x.TypeNameVi).HasMaxLength(IncidentType.NameMaxLength);
            i.Property(x => x.TypeNameEn).HasMaxLength(IncidentType.NameMaxLength);
            i.Property(x => x.CapCategory).HasMaxLength(16);
            i.Property(x => x.Severity).HasMaxLength(16);
            i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.SourceRef).HasMaxLength(64);
            i.Property(x => x.Title).HasMaxLength(Incident.TitleMaxLength);
            i.Property(x => x.Description).HasMaxLength(Incident.DescriptionMaxLength);
            i.Property(x => x.OpenedBy).HasMaxLength(200);
            i.Property(x => x.ClosedBy).HasMaxLength(200);
            i.Property(x => x.ClosureReport).HasMaxLength(Incident.ReportMaxLength);
            Json(i.Property(x => x.Communes));
            i.Property(x => x.CommuneKey).HasMaxLength(2000);
            Json(i.Property(x => x.Agencies));
            Json(i.Property(x => x.Checklist));
            i.HasMany(x => x.Timeline).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
            // The board: a jurisdiction's incidents by status, newest first.
            i.HasIndex(x => new { x.JurisdictionCode, x.Status, x.OpenedAt });
            i.HasIndex(x => new { x.JurisdictionCode, x.Source, x.SourceRef });
        });

        modelBuilder.Entity<TimelineEntry>(e =>
        {
            e.ToTable("timeline");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.By).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(TimelineEntry.TextMaxLength);
            e.HasIndex(x => new { x.IncidentId, x.At });
        });

        modelBuilder.Entity<Warning>(w =>
        {
            w.ToTable("warnings");
            w.HasKey(x => x.Id);
            w.Property(x => x.Id).ValueGeneratedNever();
            w.Property(x => x.JurisdictionCode).HasMaxLength(8);
            w.Property(x => x.MessageType).HasMaxLength(8);
            w.Property(x => x.CapCategory).HasMaxLength(16);
            w.Property(x => x.EventVi).HasMaxLength(IncidentType.NameMaxLength);
            w.Property(x => x.EventEn).HasMaxLength(IncidentType.NameMaxLength);
            w.Property(x => x.Severity).HasMaxLength(16);
            w.Property(x => x.Urgency).HasMaxLength(16);
            w.Property(x => x.Certainty).HasMaxLength(16);
            w.Property(x => x.SentBy).HasMaxLength(200);
            Text(w.ComplexProperty(x => x.Vi), "vi");
            Text(w.ComplexProperty(x => x.En), "en");
            Json(w.Property(x => x.Communes));
            w.Property(x => x.CommuneKey).HasMaxLength(2000);
            // The feed and the portal: a jurisdiction's messages that are the latest of their chain, by expiry.
            w.HasIndex(x => new { x.JurisdictionCode, x.SupersededAt, x.Expires });
            w.HasIndex(x => x.IncidentId);
        });

        modelBuilder.Entity<WarningSubscription>(s =>
        {
            s.ToTable("subscriptions");
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).ValueGeneratedNever();
            s.Property(x => x.JurisdictionCode).HasMaxLength(8);
            s.Property(x => x.Email).HasMaxLength(254);
            s.Property(x => x.Language).HasMaxLength(2);
            s.Property(x => x.Token).HasMaxLength(64);
            Json(s.Property(x => x.Communes));
            s.Property(x => x.CommuneKey).HasMaxLength(500);
            s.HasIndex(x => x.Token).IsUnique();
            s.HasIndex(x => new { x.JurisdictionCode, x.Email });
            s.HasIndex(x => new { x.JurisdictionCode, x.UserId });
        });

        modelBuilder.AddOutbox(Schema);

        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset text: UTC ticks (INTEGER), like the other modules.
            modelBuilder.StoreDateTimeOffsetsAsUtcTicks();
        }

        modelBuilder.UseModuleSchema(Schema, Database.IsSqlite());
    }

    private static void Text(ComplexPropertyBuilder<WarningText> text, string language)
    {
        text.Property(x => x.Headline).HasColumnName($"headline_{language}").HasMaxLength(Warning.HeadlineMaxLength);
        text.Property(x => x.Description).HasColumnName($"description_{language}").HasMaxLength(Warning.TextMaxLength);
        text.Property(x => x.Instruction).HasColumnName($"instruction_{language}").HasMaxLength(Warning.TextMaxLength);
    }

    /// <summary>
    /// A list kept as one JSON text column (communes, agencies, a procedure's steps, a checklist): read and written
    /// whole with its owner, never queried inside; compared by its JSON so a step ticked in place is saved.
    /// </summary>
    private static void Json<T>(PropertyBuilder<List<T>> property)
    {
        property.HasConversion(new ValueConverter<List<T>, string>(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<T>>(v, JsonOptions) ?? new List<T>()),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions) ?? new List<T>()));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

internal sealed class IncidentsSqliteDbContext(DbContextOptions<IncidentsSqliteDbContext> options) : IncidentsDbContext(options);

internal sealed class IncidentsPostgresDbContext(DbContextOptions<IncidentsPostgresDbContext> options) : IncidentsDbContext(options);
