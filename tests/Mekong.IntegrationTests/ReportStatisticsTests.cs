using System.Net;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.ReportStatistics;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// The statistics per category, commune and department on a hand-made fixture (its own jurisdiction, March 2021,
/// figures worked out by hand below), with the same exact figures on SQLite and PostgreSQL; the CSV export's format.
/// </summary>
public abstract class ReportStatisticsTests(AppFixture app)
{
    private const string Code = "97";
    private static readonly DateOnly From = new(2021, 3, 1);
    private static readonly DateOnly To = new(2021, 3, 31);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Figures_per_category_are_computed_in_the_database_exactly()
    {
        var statistics = await StatisticsAsync(StatisticsDimension.Category);

        Assert.Equal(["drain", "water"], statistics.Groups.Select(g => g.Key));
        // water: W0 4 h, W1 10 h, W2 30 h (late), W3 20 h, W4 still open and past its deadline.
        var water = statistics.Groups.Single(g => g.Key == "water");
        Assert.Equal(("Nước sạch", 5L, 4L, 3L, 0.75, 15.0, 1L, 1L), (water.Name, water.Volume, water.Resolved, water.ResolvedOnTime, water.OnTimeShare!.Value, water.MedianHoursToResolve!.Value, water.Open, water.OpenOverdue));
        // drain: D1 5 h, D2 rejected (not resolved), D3 first resolved after 50 h (late), reopened and resolved again.
        var drain = statistics.Groups.Single(g => g.Key == "drain");
        Assert.Equal((3L, 2L, 1L, 0.5, 27.5, 0L, 0L), (drain.Volume, drain.Resolved, drain.ResolvedOnTime, drain.OnTimeShare!.Value, drain.MedianHoursToResolve!.Value, drain.Open, drain.OpenOverdue));
        // All eight: durations 4, 5, 10, 20, 30, 50 → median 15; on time 4 of 6.
        Assert.Equal((8L, 6L, 4L, 15.0, 1L, 1L), (statistics.Total.Volume, statistics.Total.Resolved, statistics.Total.ResolvedOnTime, statistics.Total.MedianHoursToResolve!.Value, statistics.Total.Open, statistics.Total.OpenOverdue));
        Assert.Equal(4.0 / 6, statistics.Total.OnTimeShare!.Value, 12);
        // Ratings: W1 5 and W2 2 for water, D1 4 for drains; unrated reports do not count.
        Assert.Equal((3.5, 2L), (water.AverageRating!.Value, water.Ratings));
        Assert.Equal((4.0, 1L), (drain.AverageRating!.Value, drain.Ratings));
    }

    [Fact]
    public async Task Figures_per_commune_and_per_department()
    {
        var communes = await StatisticsAsync(StatisticsDimension.Commune);
        Assert.Equal(["97001", "97002"], communes.Groups.Select(g => g.Key));
        var first = communes.Groups[0];
        Assert.Equal((5L, 4L, 3L, 7.5, 0L), (first.Volume, first.Resolved, first.ResolvedOnTime, first.MedianHoursToResolve!.Value, first.Open));
        var second = communes.Groups[1];
        Assert.Equal((3L, 2L, 1L, 35.0, 1L, 1L), (second.Volume, second.Resolved, second.ResolvedOnTime, second.MedianHoursToResolve!.Value, second.Open, second.OpenOverdue));

        // Only water is routed to a department (SXD); drain goes to the communes.
        var departments = await StatisticsAsync(StatisticsDimension.Department);
        var sxd = Assert.Single(departments.Groups);
        Assert.Equal(("SXD", 5L, 15.0), (sxd.Key, sxd.Volume, sxd.MedianHoursToResolve!.Value));
        Assert.Equal(5L, departments.Total.Volume);
    }

    [Fact]
    public async Task The_csv_is_utf8_with_a_bom_one_line_per_group_quoted_and_safe_from_formulas()
    {
        await SeedAsync();
        var key = await IssueKeyAsync("Operator");

        var response = await app.Factory.WithApiKey(key).GetAsync($"/api/v1/reports/statistics.csv?group=category&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.Equal(
        [
            "group,key,name,volume,resolved,resolved_on_time,on_time_share,median_hours_to_resolve,open,open_overdue,average_rating,ratings",
            // The category's name starts with '=' and holds a comma and quotes: defused, then quoted as RFC 4180 says.
            "category,drain,\"'=Cống, \"\"ngầm\"\"\",3,2,1,0.5,27.5,0,0,4,1",
            "category,water,Nước sạch,5,4,3,0.75,15,1,1,3.5,2",
        ], lines);

        var json = await app.Factory.WithApiKey(key).GetJsonAsync($"/api/v1/reports/statistics?group=commune&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");
        Assert.Equal(8, json.GetProperty("total").GetProperty("volume").GetInt32());
    }

    [Fact]
    public async Task Statistics_are_for_officers_of_the_jurisdiction_and_bad_arguments_are_named()
    {
        await SeedAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync("/api/v1/reports/statistics", Ct)).StatusCode);
        var viewer = await IssueKeyAsync("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Factory.WithApiKey(viewer).GetAsync("/api/v1/reports/statistics.csv", Ct)).StatusCode);

        var officer = app.Factory.WithApiKey(await IssueKeyAsync("Operator"));
        var problem = await Http.ProblemAsync(await officer.GetAsync("/api/v1/reports/statistics?group=weather&from=2021-03-31&to=2021-03-01&jurisdiction=90", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "group", "jurisdiction"], Http.ErrorFields(problem).Order(StringComparer.Ordinal));
        var tooLong = await Http.ProblemAsync(await officer.GetAsync("/api/v1/reports/statistics?from=2000-01-01&to=2021-03-01", Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["to"], Http.ErrorFields(tooLong));
    }

    [Fact]
    public async Task The_page_shows_the_table_and_a_chart_of_the_same_figures()
    {
        await SeedAsync();
        var admin = await app.AdminAsync();
        // The demo administrator belongs to jurisdiction 90: the page shows 90's figures, here an empty month.
        var html = await admin.GetStringAsync($"/reports/statistics?group=category&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}", Ct);
        Assert.Contains("id=\"stats-empty\"", html, StringComparison.Ordinal);
        var recent = await admin.GetStringAsync("/reports/statistics?group=category", Ct);
        Assert.Contains("id=\"stats-table\"", recent, StringComparison.Ordinal);
        Assert.Contains("id=\"stats-chart\"", recent, StringComparison.Ordinal);
        Assert.Contains("_content/Mekong.Web/lib/chartjs/chart.umd.min.js", recent, StringComparison.Ordinal);
        Assert.Contains("/api/v1/reports/statistics.csv?group=category", recent, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", recent, StringComparison.Ordinal);
        var script = await admin.GetAsync("/_content/Mekong.Web/lib/chartjs/chart.umd.min.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private async Task<StatisticsResponse> StatisticsAsync(StatisticsDimension dimension)
    {
        await SeedAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportStatisticsHandler>()
            .HandleAsync(new StatisticsRequest(Code, dimension, From, To), english: false, Ct);
    }

    private async Task<string> IssueKeyAsync(string role)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var (issued, errors) = await scope.ServiceProvider.GetRequiredService<IssueApiKeyHandler>()
            .HandleAsync(new IssueApiKeyRequest($"stats-{Guid.NewGuid():N}", role, Code), actor: null, Ct);
        Assert.True(issued is not null, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return issued.Key;
    }

    /// <summary>
    /// The fixture, in jurisdiction 97 (nothing else is there): W* of category water (24 h deadline, routed to department
    /// SXD), D* of drain (48 h, routed to the commune), in communes 97001 and 97002, plus three reports outside March
    /// 2021 in Vietnam time (one just inside: 28 Feb 17:30 UTC is 1 March 00:30 there).
    /// </summary>
    private async Task SeedAsync()
    {
        await Gate.WaitAsync(Ct);
        try
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var geo = scope.ServiceProvider.GetRequiredService<AdminUnitsDbContext>();
            if (!await geo.Jurisdictions.AnyAsync(j => j.Code == Code, Ct))
            {
                geo.Jurisdictions.Add(Jurisdiction.Create(Code, "Tỉnh Thống Kê", "Statistics Province", isSynthetic: true, TimeProvider.System));
                await geo.SaveChangesAsync(Ct);
            }

            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            if (await db.Categories.AnyAsync(c => c.JurisdictionCode == Code, Ct))
            {
                return;
            }

            var clock = new SettableClock(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var water = ServiceCategory.Define(Code, "water", "Nước sạch", "Clean water", "Hạ tầng", new ResponsibleUnit(ResponsibleKind.Department, "SXD"), 24, clock);
            var drain = ServiceCategory.Define(Code, "drain", "=Cống, \"ngầm\"", "Drains", "Hạ tầng", null, 48, clock);
            db.Categories.AddRange(water, drain);

            Report Make(ServiceCategory category, string commune, DateTimeOffset requested)
            {
                clock.Now = requested;
                var (report, problems) = Report.Submit(category, new ReportLocation(20.1, 105.1, null, null, commune), "thống kê",
                    new Dictionary<string, IReadOnlyList<string>>(), null, new ReporterContact("Ẩn", "Danh", "0900000000", null, null, null), "test", new AgencyName("Đơn vị", "Unit"), clock);
                Assert.Empty(problems);
                db.Reports.Add(report!);
                return report!;
            }

            void Work(Report report)
            {
                clock.Now = report.RequestedAt.AddMinutes(1);
                report.Acknowledge("officer", null, null, clock);
                clock.Now = report.RequestedAt.AddMinutes(2);
                report.Assign(report.Unit!, new AgencyName("Đơn vị", "Unit"), "officer", null, null, clock);
                clock.Now = report.RequestedAt.AddMinutes(3);
                report.StartWork("officer", null, null, clock);
            }

            void ResolveAfter(Report report, double hours)
            {
                Work(report);
                clock.Now = report.RequestedAt.AddHours(hours);
                report.Resolve("officer", "Xong.", null, clock);
            }

            var day = new DateTimeOffset(2021, 3, 1, 1, 0, 0, TimeSpan.Zero);
            ResolveAfter(Make(water, "97001", new DateTimeOffset(2021, 2, 28, 17, 30, 0, TimeSpan.Zero)), 4); // W0, inside by Vietnam time
            var w1 = Make(water, "97001", day.AddDays(1));
            ResolveAfter(w1, 10); // W1, rated 5
            w1.Rate(5, "Nhanh.", clock);
            var w2 = Make(water, "97001", day.AddDays(2));
            ResolveAfter(w2, 30); // W2, late, rated 2
            w2.Rate(2, null, clock);
            ResolveAfter(Make(water, "97002", day.AddDays(3)), 20); // W3
            var w4 = Make(water, "97002", day.AddDays(4)); // W4, open and overdue
            clock.Now = w4.RequestedAt.AddHours(1);
            w4.Acknowledge("officer", null, null, clock);
            var d1 = Make(drain, "97001", day.AddDays(5));
            ResolveAfter(d1, 5);
            clock.Now = d1.RequestedAt.AddDays(3);
            d1.Close("system", null, null, clock);
            d1.Rate(4, null, clock); // D1, rated after closing
            var d2 = Make(drain, "97001", day.AddDays(6));
            clock.Now = d2.RequestedAt.AddHours(2);
            d2.Reject("officer", "Không thuộc thẩm quyền.", null, clock);
            var d3 = Make(drain, "97002", day.AddDays(7));
            ResolveAfter(d3, 50); // late; reopened and resolved again: the first resolution counts
            clock.Now = d3.RequestedAt.AddHours(55);
            d3.Reopen("citizen", "Vẫn còn tắc.", null, clock);
            clock.Now = d3.RequestedAt.AddHours(60);
            d3.StartWork("officer", null, null, clock);
            clock.Now = d3.RequestedAt.AddHours(61);
            d3.Resolve("officer", null, null, clock);
            ResolveAfter(Make(water, "97001", new DateTimeOffset(2021, 3, 31, 17, 30, 0, TimeSpan.Zero)), 1); // 1 April in Vietnam: outside
            ResolveAfter(Make(water, "97001", new DateTimeOffset(2021, 4, 5, 1, 0, 0, TimeSpan.Zero)), 1); // outside
            ResolveAfter(Make(drain, "97002", new DateTimeOffset(2021, 2, 27, 1, 0, 0, TimeSpan.Zero)), 1); // outside
            await db.SaveChangesAsync(Ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class ReportStatisticsTests_Sqlite(SqliteApp app) : ReportStatisticsTests(app), IClassFixture<SqliteApp>;

public sealed class ReportStatisticsTests_PostgreSql(PostgreSqlApp app) : ReportStatisticsTests(app), IClassFixture<PostgreSqlApp>;
