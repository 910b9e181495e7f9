using Mekong.Modules.Reports.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Modules.Reports.Storage;

/// <summary>Supporters of a report (the portal's "this is my problem too").</summary>
internal sealed class ReportSupporterConfiguration : IEntityTypeConfiguration<ReportSupporter>
{
    public void Configure(EntityTypeBuilder<ReportSupporter> s)
    {
        s.ToTable("report_supporters");
        s.HasKey(x => x.Id);
        s.Property(x => x.Id).ValueGeneratedNever();
        s.Property(x => x.Email).HasMaxLength(ReportSupporter.EmailMaxLength);
        s.Property(x => x.UserId).HasMaxLength(100);
        s.Property(x => x.ClientId).HasMaxLength(ReportSupporter.ClientIdMaxLength);
        s.Property(x => x.Language).HasMaxLength(8);
        s.HasOne<Report>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        // One per person and report, however the person is known (NULLs are distinct on both providers).
        s.HasIndex(x => new { x.ReportId, x.UserId }).IsUnique();
        s.HasIndex(x => new { x.ReportId, x.Email }).IsUnique();
        s.HasIndex(x => new { x.ReportId, x.ClientId }).IsUnique();
    }
}

/// <summary>Idempotency keys of portal submissions (ADR 0023).</summary>
internal sealed class SubmissionKeyConfiguration : IEntityTypeConfiguration<SubmissionKey>
{
    public void Configure(EntityTypeBuilder<SubmissionKey> k)
    {
        k.ToTable("submission_keys");
        k.HasKey(x => x.Key);
        k.Property(x => x.Key).HasMaxLength(SubmissionKey.MaxLength);
        k.Property(x => x.ServiceCode).HasMaxLength(ServiceCategory.CodeMaxLength);
        k.HasOne<Report>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        k.HasIndex(x => x.CreatedAt);
    }
}
