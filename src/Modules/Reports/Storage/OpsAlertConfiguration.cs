using Mekong.Modules.Reports.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Modules.Reports.Storage;

/// <summary>Table <c>ops_alerts</c>: the operators' emergency alerts (h-ops). Times as UTC ticks on SQLite, like the module's other tables.</summary>
internal sealed class OpsAlertConfiguration(bool sqlite) : IEntityTypeConfiguration<OpsAlert>
{
    public void Configure(EntityTypeBuilder<OpsAlert> a)
    {
        a.ToTable("ops_alerts");
        a.HasKey(x => x.Id);
        a.Property(x => x.Id).ValueGeneratedNever();
        a.Property(x => x.JurisdictionCode).HasMaxLength(8);
        a.Property(x => x.AcknowledgedBy).HasMaxLength(100);
        a.Ignore(x => x.IsAcknowledged);
        a.HasOne(x => x.Report).WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        a.HasIndex(x => x.ReportId).IsUnique();
        // The console's question: this jurisdiction's alerts nobody has acknowledged yet.
        a.HasIndex(x => new { x.JurisdictionCode, x.AcknowledgedAt });
        if (sqlite)
        {
            a.Property(x => x.RaisedAt).HasConversion(new ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)));
            a.Property(x => x.AcknowledgedAt).HasConversion(new ValueConverter<DateTimeOffset?, long?>(
                v => v.HasValue ? v.Value.UtcTicks : null,
                v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null));
        }
    }
}
