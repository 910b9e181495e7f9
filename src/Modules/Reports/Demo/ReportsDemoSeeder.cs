using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Demo;

/// <summary>
/// The demo province's report categories and 4,000 reports over the last two years, with the status mix of a
/// working centre (old reports mostly closed, recent ones still open, some late, rejected or duplicates; each category
/// its own pace), replayed through the report's own workflow at past times and written in bulk (<see cref="ReportsVolume"/>). Deterministic (the demo seed); runs after the accounts and departments exist (Access is 10).
/// </summary>
internal sealed class ReportsDemoSeeder(ReportsDbContext db, IDepartmentDirectory departments, ReportsVolume volume, Features.ManageCategories.CategoryCatalog catalog, TimeProvider clock) : IDemoSeeder
{
    public const int ReportCount = 4_000;

    /// <summary>
    /// The share of demo reports with a photo (drawn by <see cref="ReportsDemoPhotos"/>). Each photo goes through the file
    /// store as an upload does (about 8 ms): at 30 % the demo start took 25 s instead of 11 s; at 10 % (400 photos) 16 s.
    /// </summary>
    public const double PhotoShare = 0.1;

    public int Order => 30;

    public string Name => "reports";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var jurisdiction = context.JurisdictionCode;
        // Two years replayed: nobody is told about changes long done (ADR 0022).
        db.SuppressNotices = true;
        if (!await db.Categories.AnyAsync(c => c.JurisdictionCode == jurisdiction, cancellationToken))
        {
            var known = (await departments.ListAsync(jurisdiction, cancellationToken)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var d in ReportsDemoCategories.All)
            {
                // A department the demo does not have falls back to the commune, so every category stays routable.
                var unit = d.Kind == ResponsibleKind.Department && !known.Contains(d.Unit) ? new ResponsibleUnit(ResponsibleKind.Commune, string.Empty) : new ResponsibleUnit(d.Kind, d.Unit);
                db.Categories.Add(ServiceCategory.Define(jurisdiction, d.Code, d.Vi, d.En, d.Group, unit, d.Hours, clock,
                    descriptionVi: $"Phản ánh về {d.Vi.ToLowerInvariant()}.", descriptionEn: $"Report a problem: {d.En.ToLowerInvariant()}.",
                    keywords: d.Keywords, attributes: d.Attributes, isPublic: d.IsPublic, isEmergency: d.IsEmergency, outsideContact: d.OutsideContact));
            }

            await db.SaveChangesAsync(cancellationToken);
            catalog.Forget(jurisdiction);
        }

        if (await db.Reports.AnyAsync(r => r.JurisdictionCode == jurisdiction, cancellationToken))
        {
            return;
        }

        var random = context.RandomFor(Name);
        var places = await volume.PlacesAsync(jurisdiction, random, 150, cancellationToken);
        if (places.Count == 0)
        {
            return;
        }

        // Thousands of reports through the bulk writer (ADR 0025); the duplicates are marked afterwards, when the
        // originals have their numbers, through the report's own rule.
        var byPlace = new Dictionary<(Guid, string?), long>();
        var duplicates = new List<(long Id, long Original)>();
        await volume.GenerateAsync(jurisdiction, ReportCount, random, places, clock, batch =>
        {
            foreach (var (id, report) in batch)
            {
                var key = (report.CategoryId, report.Location.CommuneCode);
                if (report.Status == ReportStatus.Received && report.RequestedAt < clock.GetUtcNow().AddDays(-2) && byPlace.TryGetValue(key, out var original))
                {
                    duplicates.Add((id, original));
                }

                byPlace[key] = id;
            }

            return Task.CompletedTask;
        }, cancellationToken, photoShare: PhotoShare);

        var ids = duplicates.Select(d => d.Id).ToList();
        var reports = await db.Reports.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var originals = duplicates.Select(d => d.Original).ToList();
        var originalReports = await db.Reports.AsNoTracking().Where(r => originals.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var at = new DemoClock();
        foreach (var (id, original) in duplicates)
        {
            var report = reports[id];
            at.Now = report.RequestedAt.AddHours(2 + random.Next(0, 20));
            report.MarkDuplicateOf(originalReports[original], "demo:officer", null, "Cùng vị trí, cùng nội dung.", at);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves a report as far as a report of its age usually got, each step some hours after the last.</summary>
    internal static void Advance(Report report, ServiceCategory category, AgencyName? agency, double ageDays, DateTimeOffset now, Random random, DemoClock at, string officer)
    {
        // Each category its own pace: some units are slow (more late, more left open), some get more reports they refuse.
        var slowness = Pace(category.Code);
        if (ageDays >= 2 && random.NextDouble() < 0.03)
        {
            // Never touched: a duplicate the seeder marks once the original has its number, or a forgotten (overdue) report.
            return;
        }

        var roll = random.NextDouble();
        // How far this one got: recent reports are often still open; old ones are nearly all finished.
        var stage = ageDays switch
        {
            < 2 => roll < 0.5 ? 0 : roll < 0.8 ? 1 : 2,
            < 14 => roll < 0.1 ? 0 : roll < 0.25 ? 2 : roll < 0.5 ? 3 : roll < 0.85 ? 4 : 5,
            _ => roll < 0.01 + (0.05 * slowness) ? 2 : roll < 0.02 + (0.08 * slowness) ? 3 : roll < 0.25 ? 4 : 5,
        };
        var step = TimeSpan.FromHours(Math.Max(1, category.DeadlineHours / 6.0));
        void Later() => at.Now = at.Now.Add(step * (0.3 + random.NextDouble()));

        if (random.NextDouble() < 0.02 + (0.06 * (1 - slowness)) && stage > 0)
        {
            Later();
            report.Reject(officer, "Nội dung phản ánh không thuộc thẩm quyền giải quyết của cơ quan hành chính. / Not a matter for the administration.", "Đã hướng dẫn người dân liên hệ cơ quan phù hợp.", at);
            return;
        }

        if (stage >= 1)
        {
            Later();
            report.Acknowledge(officer, "Trung tâm đã tiếp nhận phản ánh của bạn. / The centre has received your report.", null, at);
        }

        if (stage >= 2 && report.Unit is { } unit && agency is not null)
        {
            Later();
            report.Assign(unit, agency, officer, $"Đã chuyển {agency.Vi} xử lý. / Passed to {agency.En}.", null, at);
        }
        else if (stage >= 2)
        {
            return;
        }

        if (stage >= 3)
        {
            Later();
            report.StartWork(officer, "Đơn vị đang kiểm tra hiện trường. / The unit is on site.", "Đã cử tổ công tác.", at);
        }

        if (stage >= 4)
        {
            // Most within the legal deadline, some late.
            at.Now = at.Now.AddHours(category.DeadlineHours * (random.NextDouble() < 0.92 - (0.3 * slowness) ? 0.1 + (random.NextDouble() * 0.6) : 1 + random.NextDouble()));
            if (at.Now > now)
            {
                return;
            }

            report.Resolve(officer, "Đã xử lý xong. Cảm ơn bạn đã phản ánh. / Fixed. Thank you for reporting.", null, at);
        }

        if (stage >= 5 && at.Now.AddDays(3) < now)
        {
            at.Now = at.Now.AddDays(3);
            report.Close("system", null, "Tự động đóng sau 3 ngày không có ý kiến.", at);
        }
    }

    /// <summary>0 (a quick unit) to 1 (a slow one), fixed per category code.</summary>
    private static double Pace(string code)
    {
        var hash = 17;
        foreach (var c in code)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (hash & 0xFFFF) / 65536.0;
    }

    internal static Dictionary<string, IReadOnlyList<string>> DemoAttributes(ServiceCategory category, Random random)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in category.Attributes.Where(a => a.Variable && (a.Required || random.NextDouble() < 0.5)))
        {
            values[attribute.Code] = attribute.DataType switch
            {
                AttributeDataType.Number => [random.Next(10, 80).ToString(System.Globalization.CultureInfo.InvariantCulture)],
                AttributeDataType.DateTime => [W3cDateTime.Format(DateTimeOffset.UtcNow.Date.AddHours(15))],
                AttributeDataType.SingleValueList => [attribute.Values[random.Next(attribute.Values.Count)].Key],
                AttributeDataType.MultiValueList => attribute.Values.Where(_ => random.NextDouble() < 0.5).Select(v => v.Key).DefaultIfEmpty(attribute.Values[0].Key).ToList(),
                AttributeDataType.Text => ["Nhà 3 tầng, đang đổ mái."],
                _ => [$"C{random.Next(100, 999)}"],
            };
        }

        return values;
    }

    internal static readonly string[] GivenNames = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phúc", "Quân", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];

    internal static readonly string[] FamilyNames = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thị", "Huỳnh Văn", "Võ Thị", "Đặng Quốc", "Bùi Thị", "Đỗ Văn", "Ngô Thị"];

    internal sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
