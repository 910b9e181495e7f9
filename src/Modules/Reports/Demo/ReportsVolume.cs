using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Files;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Demo;

/// <summary>
/// Many believable reports at once, through the platform's bulk writer (ADR 0017, 0025): the demo's thousands and the
/// benchmark's million (<c>reports generate</c>). Each report is made by <see cref="Report.Submit"/> and moved through
/// its workflow at past times (<see cref="ReportsDemoSeeder.Advance"/>), so the rules and histories are the real ones.
/// A batch is one transaction: the reports are copied in, the database numbers them, their history follows.
/// </summary>
internal sealed class ReportsVolume(ReportsDbContext db, IAdminUnitDirectory adminUnits, SubmitReportHandler routing, IFileStore files)
{
    public const int BatchSize = 5_000;

    /// <summary>Points in communes of the jurisdiction, found by asking the directory (never reading its tables).</summary>
    public async Task<List<(double Lat, double Lon, string Commune)>> PlacesAsync(string jurisdiction, Random random, int count, CancellationToken cancellationToken)
    {
        var places = new List<(double, double, string)>();
        for (var tries = 0; tries < count * 3 && places.Count < count; tries++)
        {
            var lat = Math.Round(9.6 + ((random.NextDouble() - 0.5) * 0.5), 6);
            var lon = Math.Round(105.95 + ((random.NextDouble() - 0.5) * 0.5), 6);
            var unit = await adminUnits.LocateAsync(lat, lon, at: null, cancellationToken);
            if (unit is not null && unit.JurisdictionCode == jurisdiction && unit.Level == "commune")
            {
                places.Add((lat, lon, unit.Code));
            }
        }

        return places;
    }

    /// <summary>
    /// Writes <paramref name="count"/> reports requested over the last two years (more recently, as usage grows), each
    /// near one of <paramref name="places"/>; returns the reports with their numbers set on their history.
    /// <paramref name="onBatch"/> sees each batch after its commit.
    /// </summary>
    public async Task<long> GenerateAsync(
        string jurisdiction, int count, Random random, List<(double Lat, double Lon, string Commune)> places, TimeProvider clock,
        Func<IReadOnlyList<(long Id, Report Report)>, Task>? onBatch, CancellationToken cancellationToken, double photoShare = 0)
    {
        // Photos go through the file store as an upload would (checked, stripped, kept under the report's token); a few
        // drawn variants per category, so the blobs are shared and the seed stays quick.
        var drawn = new Dictionary<(string, int), byte[]>();
        var categories = await db.Categories.AsNoTracking().Where(c => c.JurisdictionCode == jurisdiction && c.IsActive).OrderBy(c => c.Code).ToListAsync(cancellationToken);
        var definitions = ReportsDemoCategories.All.ToDictionary(d => d.Code);
        categories = categories.Where(c => definitions.ContainsKey(c.Code)).ToList();
        if (categories.Count == 0 || places.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var at = new ReportsDemoSeeder.DemoClock();
        var officers = new[] { "demo:officer", "demo:operator" };
        var agencies = new Dictionary<string, AgencyName?>(StringComparer.Ordinal);
        long written = 0;
        var batch = new List<Report>(BatchSize);
        for (var i = 0; i < count; i++)
        {
            // Older reports first (ids grow with time), more of them recently, as usage grows.
            var ageDays = 730 * Math.Pow((count - i) / (double)count, 1.6);
            var requested = now.AddDays(-ageDays).AddMinutes(-random.Next(0, 24 * 60));
            var category = categories[random.Next(categories.Count)];
            var definition = definitions[category.Code];
            var (lat, lon, commune) = places[random.Next(places.Count)];
            // Around the place, within about 150 m, so that reports spread over the commune rather than pile on one point.
            lat = Math.Round(lat + ((random.NextDouble() - 0.5) * 0.003), 6);
            lon = Math.Round(lon + ((random.NextDouble() - 0.5) * 0.003), 6);
            var unit = category.RouteTo(commune);
            var unitKey = $"{unit?.Kind}:{unit?.Code}";
            if (!agencies.TryGetValue(unitKey, out var agency))
            {
                agencies[unitKey] = agency = await routing.AgencyOfAsync(unit, jurisdiction, cancellationToken);
            }

            at.Now = requested;
            var anonymous = random.NextDouble() < 0.4;
            var reporter = anonymous ? ReporterContact.None : new ReporterContact(
                ReportsDemoSeeder.GivenNames[random.Next(ReportsDemoSeeder.GivenNames.Length)], ReportsDemoSeeder.FamilyNames[random.Next(ReportsDemoSeeder.FamilyNames.Length)],
                $"09{random.Next(10_000_000, 99_999_999)}", null, null, null);
            var (report, problems) = Report.Submit(category, new ReportLocation(lat, lon, null, null, commune),
                definition.Descriptions[random.Next(definition.Descriptions.Length)], ReportsDemoSeeder.DemoAttributes(category, random), null, reporter, "demo:citizen", agency, at);
            if (report is null)
            {
                throw new InvalidOperationException($"Demo report refused: {string.Join("; ", problems)}");
            }

            ReportsDemoSeeder.Advance(report, category, agency, ageDays, now, random, at, officers[random.Next(officers.Length)]);
            if (photoShare > 0 && random.NextDouble() < photoShare)
            {
                var variant = random.Next(3);
                if (!drawn.TryGetValue((category.Code, variant), out var photo))
                {
                    drawn[(category.Code, variant)] = photo = ReportsDemoPhotos.Draw(category.Code, variant);
                }

                using var content = new MemoryStream(photo, writable: false);
                var saved = await files.SaveAsync(new FileOwner("reports", report.Token), content, FileKind.Image, cancellationToken);
                report.AttachPhoto(saved.File?.Original.Hash ?? throw new InvalidOperationException($"Demo photo refused: {saved.Rejection?.Detail}"));
            }

            batch.Add(report);
            if (batch.Count == BatchSize || i == count - 1)
            {
                written += await WriteAsync(batch, onBatch, cancellationToken);
                batch.Clear();
            }
        }

        return written;
    }

    private async Task<int> WriteAsync(List<Report> reports, Func<IReadOnlyList<(long Id, Report Report)>, Task>? onBatch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await db.Reports.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        await db.BulkInsertAsync(reports, cancellationToken);
        // The database numbered them: read the numbers back by token, then the history follows with its report's number.
        var ids = await db.Reports.AsNoTracking().Where(r => r.Id > before).Select(r => new { r.Id, r.Token }).ToDictionaryAsync(r => r.Token, r => r.Id, StringComparer.Ordinal, cancellationToken);
        var numbered = reports.Select(r => (Id: ids[r.Token], Report: r)).ToList();
        foreach (var (id, report) in numbered)
        {
            foreach (var change in report.History)
            {
                change.BelongTo(id);
            }
        }

        await db.BulkInsertAsync(reports.SelectMany(r => r.History), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (onBatch is not null)
        {
            await onBatch(numbered);
        }

        return reports.Count;
    }
}
