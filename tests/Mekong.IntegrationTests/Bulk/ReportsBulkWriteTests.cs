using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Storage;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Mekong.IntegrationTests.Bulk;

/// <summary>
/// The bulk writer on the Reports tables (ADR 0025): a report's owned values in its own table (Location, Reporter) are
/// written as their columns, a nullable date through its converter, the database numbers the reports, and their history
/// follows with those numbers; EF reads back exactly what it would have written. On both providers.
/// </summary>
public sealed class ReportsBulkWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Reports_with_owned_values_and_their_history_round_trip_through_the_bulk_writer(DatabaseKind kind)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        await using var db = Open(storage);
        await db.Database.MigrateAsync(Ct);
        var category = ServiceCategory.Define("90", "rubbish", "Rác thải", "Rubbish", "Môi trường", new ResponsibleUnit(ResponsibleKind.Commune, string.Empty), 48, TimeProvider.System);
        db.Categories.Add(category);
        await db.SaveChangesAsync(Ct);

        var open = Submit(category, new ReportLocation(9.6, 105.95, null, null, "31001"), new ReporterContact("Chi", "Trần Thị", "0912345678", "chi@example.vn", null, null));
        var rejected = Submit(category, new ReportLocation(null, null, "Số 12 Trần Hưng Đạo", null, null), ReporterContact.None);
        rejected.Reject("demo:officer", "Không thuộc thẩm quyền.", "ghi chú nội bộ", TimeProvider.System);
        var reports = new[] { open, rejected };

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.Equal(2, await db.BulkInsertAsync(reports, Ct));
            var ids = await db.Reports.AsNoTracking().Select(r => new { r.Id, r.Token }).ToDictionaryAsync(r => r.Token, r => r.Id, Ct);
            foreach (var report in reports)
            {
                foreach (var change in report.History)
                {
                    change.BelongTo(ids[report.Token]);
                }
            }

            Assert.Equal(3, await db.BulkInsertAsync(reports.SelectMany(r => r.History), Ct));
            await transaction.CommitAsync(Ct);
        }

        await using var read = Open(storage);
        var stored = await read.Reports.AsNoTracking().Include(r => r.History).ToDictionaryAsync(r => r.Token, Ct);
        Assert.Equal(2, stored.Count);
        var a = stored[open.Token];
        Assert.True(a.Id > 0);
        Assert.Equal(open.Location, a.Location);
        Assert.Equal(open.Reporter, a.Reporter);
        Assert.Equal(ReportStatus.Received, a.Status);
        Assert.Null(a.ClosedAt);
        Assert.Equal(open.RequestedAt.UtcTicks / 10, a.RequestedAt.UtcTicks / 10);
        Assert.Equal(ReportStatus.Received, Assert.Single(a.History).To);
        var b = stored[rejected.Token];
        Assert.Equal(rejected.Location, b.Location);
        Assert.Equal(ReporterContact.None, b.Reporter);
        Assert.Equal(ReportStatus.Rejected, b.Status);
        Assert.NotNull(b.ClosedAt);
        Assert.Equal(rejected.ClosedAt!.Value.UtcTicks / 10, b.ClosedAt!.Value.UtcTicks / 10);
        Assert.Equal([ReportStatus.Received, ReportStatus.Rejected], b.History.OrderBy(h => h.At).Select(h => h.To));
        Assert.Equal("ghi chú nội bộ", b.History.Single(h => h.To == ReportStatus.Rejected).InternalNote);
    }

    private static Report Submit(ServiceCategory category, ReportLocation location, ReporterContact reporter)
    {
        var (report, problems) = Report.Submit(category, location, "Rác tồn đọng", new Dictionary<string, IReadOnlyList<string>>(), null, reporter, "test", null, TimeProvider.System);
        Assert.True(report is not null, string.Join("; ", problems));
        return report;
    }

    private static ReportsDbContext Open(TestStorage storage) => storage.Kind == DatabaseKind.Sqlite
        ? new ReportsSqliteDbContext(new DbContextOptionsBuilder<ReportsSqliteDbContext>()
            .UseModuleSqlite($"Data Source={Path.Combine(storage.DataDirectory, "mekong.db")};Pooling=False", ReportsDbContext.Schema).Options)
        : new ReportsPostgresDbContext(new DbContextOptionsBuilder<ReportsPostgresDbContext>()
            .UseModulePostgres(storage.ConnectionString!, ReportsDbContext.Schema, spatial: true).Options);
}
