using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Demo;

/// <summary>
/// The demo province's report categories and a few hundred reports over the last two years, with the status mix of a
/// working centre (old reports mostly closed, recent ones still open), replayed through the report's own workflow at
/// past times. Deterministic (the demo seed); runs after the accounts and departments exist (Access is 10).
/// </summary>
internal sealed class ReportsDemoSeeder(ReportsDbContext db, IAdminUnitDirectory adminUnits, IDepartmentDirectory departments, SubmitReportHandler routing, TimeProvider clock) : IDemoSeeder
{
    public const int ReportCount = 400;

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
        }

        if (await db.Reports.AnyAsync(r => r.JurisdictionCode == jurisdiction, cancellationToken))
        {
            return;
        }

        var categories = await db.Categories.Where(c => c.JurisdictionCode == jurisdiction).ToListAsync(cancellationToken);
        var definitions = ReportsDemoCategories.All.ToDictionary(d => d.Code);
        var random = context.RandomFor(Name);
        var places = await PlacesAsync(jurisdiction, random, cancellationToken);
        if (places.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var at = new DemoClock();
        var officers = new[] { "demo:officer", "demo:operator" };
        var agencies = new Dictionary<string, AgencyName?>(StringComparer.Ordinal);
        for (var i = 0; i < ReportCount; i++)
        {
            // Older reports first (ids grow with time), more of them recently, as usage grows.
            var ageDays = 730 * Math.Pow((ReportCount - i) / (double)ReportCount, 1.6);
            var requested = now.AddDays(-ageDays).AddMinutes(-random.Next(0, 24 * 60));
            var category = categories[random.Next(categories.Count)];
            var definition = definitions[category.Code];
            var (lat, lon, commune) = places[random.Next(places.Count)];
            var unit = category.RouteTo(commune);
            var unitKey = $"{unit?.Kind}:{unit?.Code}";
            if (!agencies.TryGetValue(unitKey, out var agency))
            {
                agencies[unitKey] = agency = await routing.AgencyOfAsync(unit, jurisdiction, cancellationToken);
            }

            at.Now = requested;
            var anonymous = random.NextDouble() < 0.4;
            var reporter = anonymous ? ReporterContact.None : new ReporterContact(
                GivenNames[random.Next(GivenNames.Length)], FamilyNames[random.Next(FamilyNames.Length)],
                $"09{random.Next(10_000_000, 99_999_999)}", null, null, null);
            var (report, problems) = Report.Submit(category, new ReportLocation(lat, lon, null, null, commune),
                definition.Descriptions[random.Next(definition.Descriptions.Length)], DemoAttributes(category, random), null, reporter, "demo:citizen", agency, at);
            if (report is null)
            {
                throw new InvalidOperationException($"Demo report refused: {string.Join("; ", problems)}");
            }

            Advance(report, category, agency, ageDays, random, at, officers[random.Next(officers.Length)]);
            db.Reports.Add(report);
            if (i % 100 == 99)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves a report as far as a report of its age usually got, each step some hours after the last.</summary>
    private static void Advance(Report report, ServiceCategory category, AgencyName? agency, double ageDays, Random random, DemoClock at, string officer)
    {
        var roll = random.NextDouble();
        // How far this one got: recent reports are often still open; old ones are nearly all finished.
        var stage = ageDays switch
        {
            < 2 => roll < 0.5 ? 0 : roll < 0.8 ? 1 : 2,
            < 14 => roll < 0.1 ? 0 : roll < 0.25 ? 2 : roll < 0.5 ? 3 : roll < 0.85 ? 4 : 5,
            _ => roll < 0.02 ? 3 : roll < 0.25 ? 4 : 5,
        };
        var step = TimeSpan.FromHours(Math.Max(1, category.DeadlineHours / 6.0));
        void Later() => at.Now = at.Now.Add(step * (0.3 + random.NextDouble()));

        if (random.NextDouble() < 0.04 && stage > 0)
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
            at.Now = at.Now.AddHours(category.DeadlineHours * (random.NextDouble() < 0.85 ? random.NextDouble() * 0.7 : 1 + random.NextDouble()));
            report.Resolve(officer, "Đã xử lý xong. Cảm ơn bạn đã phản ánh. / Fixed. Thank you for reporting.", null, at);
        }

        if (stage >= 5)
        {
            at.Now = at.Now.AddDays(3);
            report.Close("system", null, "Tự động đóng sau 3 ngày không có ý kiến.", at);
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> DemoAttributes(ServiceCategory category, Random random)
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

    /// <summary>Points that fall in a commune of the jurisdiction, found by asking the directory (never reading its tables).</summary>
    private async Task<List<(double Lat, double Lon, string Commune)>> PlacesAsync(string jurisdiction, Random random, CancellationToken cancellationToken)
    {
        var places = new List<(double, double, string)>();
        for (var tries = 0; tries < 400 && places.Count < 150; tries++)
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

    private static readonly string[] GivenNames = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phúc", "Quân", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];

    private static readonly string[] FamilyNames = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thị", "Huỳnh Văn", "Võ Thị", "Đặng Quốc", "Bùi Thị", "Đỗ Văn", "Ngô Thị"];

    private sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
