using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Features.Deadlines;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// The deadline job on both databases, with its own clock: a warning to the unit's officers before the deadline,
/// the overdue mark and the escalation to the unit's head after it, each once, each an internal history entry;
/// category administration; the officer directory of the Access module.
/// </summary>
public abstract class CaseDeadlineTests(AppFixture app)
{
    private readonly AppFixture _app = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private async Task RunJobAsync(TimeProvider clock)
    {
        await using var scope = _app.Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<DeadlineJob>(scope.ServiceProvider, clock);
        await job.RunAsync(Ct);
    }

    private async Task<(DateTimeOffset Expected, DateTimeOffset? Warned, DateTimeOffset? Overdue, DateTimeOffset? Escalated, List<string> Kinds)> StateAsync(long id)
    {
        await using var scope = _app.Factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == id, Ct);
        return (report.ExpectedAt, report.DeadlineWarnedAt, report.OverdueAt, report.EscalatedAt, report.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.Kind.ToString()).ToList());
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        await using var scope = _app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.IdempotencyKey).ToListAsync(Ct);
    }

    [Fact]
    public async Task The_job_warns_before_the_deadline_then_marks_overdue_and_escalates_to_the_head_each_once()
    {
        var id = await CaseWorkTests.SubmitAsync(_app.Factory, "pothole");
        var (expected, _, _, _, _) = await StateAsync(id);
        var clock = new MovableClock(expected - TimeSpan.FromHours(5));

        await RunJobAsync(clock);
        Assert.Null((await StateAsync(id)).Warned);

        clock.Now = expected - TimeSpan.FromHours(3);
        await RunJobAsync(clock);
        await RunJobAsync(clock);
        var warned = await StateAsync(id);
        Assert.Equal(clock.Now, warned.Warned);
        Assert.Equal(["Status", "DeadlineWarning"], warned.Kinds);

        await using (var scope = _app.Factory.Services.CreateAsyncScope())
        {
            var officers = scope.ServiceProvider.GetRequiredService<IOfficerDirectory>();
            var sxd = new OfficerUnit(OfficerUnitKind.Department, "SXD");
            var all = await officers.OfficersOfAsync(Demo.Jurisdiction, sxd, Ct);
            var heads = await officers.HeadsOfAsync(Demo.Jurisdiction, sxd, Ct);
            Assert.Equal([CaseWorkTests.SxdHead], heads.Select(h => h.User.Email));
            // Each of the unit's officers, in the bell and by e-mail (subscriptions, such as the operators', may add more).
            var warnings = await KeysAsync($"reports.deadline-warning.{id}.");
            Assert.Equal(2, all.Count);
            foreach (var o in all)
            {
                Assert.Equal(2, warnings.Count(k => k.EndsWith($"{o.User.Id:N}", StringComparison.Ordinal)));
            }

            clock.Now = expected + TimeSpan.FromMinutes(1);
            await RunJobAsync(clock);
            await RunJobAsync(clock);
            var late = await StateAsync(id);
            Assert.Equal((clock.Now, clock.Now), (late.Overdue!.Value, late.Escalated!.Value));
            Assert.Equal(["Status", "DeadlineWarning", "Overdue"], late.Kinds);
            var escalations = await KeysAsync($"reports.escalated.{id}.");
            // The head, in the bell and by e-mail; not the officers who were warned.
            Assert.Equal(2, escalations.Count(k => k.EndsWith($"{heads[0].User.Id:N}", StringComparison.Ordinal)));
            Assert.DoesNotContain(escalations, k => all.Any(o => !o.IsHead && k.EndsWith($"{o.User.Id:N}", StringComparison.Ordinal)));
        }

        // Marked: the queue's overdue filter finds it.
        var officer = await CaseWorkTests.SignedInAsync(_app.Factory, CaseWorkTests.SxdOfficer);
        var overdue = await officer.GetJsonAsync($"/api/v1/reports/queue?overdue=true&q={id}");
        Assert.Equal(1, overdue.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_administrator_manages_categories_with_every_open311_datatype_and_field_errors()
    {
        var admin = await _app.AdminAsync();
        var code = $"it-{Guid.NewGuid():N}"[..20];
        var attributes = new object[]
        {
            new { code = "a_string", datatype = "string", required = true, order = 1, descriptionVi = "Chuỗi", values = Array.Empty<object>() },
            new { code = "a_number", datatype = "number", required = false, order = 2, descriptionVi = "Số", values = Array.Empty<object>() },
            new { code = "a_datetime", datatype = "datetime", required = false, order = 3, descriptionVi = "Thời điểm", values = Array.Empty<object>() },
            new { code = "a_text", datatype = "text", required = false, order = 4, descriptionVi = "Văn bản", values = Array.Empty<object>() },
            new { code = "a_single", datatype = "singlevaluelist", required = false, order = 5, descriptionVi = "Một", values = new[] { new { key = "x", nameVi = "X", nameEn = "X" } } },
            new { code = "a_multi", datatype = "multivaluelist", required = false, order = 6, descriptionVi = "Nhiều", values = new[] { new { key = "y", nameVi = "Y", nameEn = "Y" }, new { key = "z", nameVi = "Z", nameEn = "Z" } } },
        };
        var body = new { code, nameVi = "Thử nghiệm", nameEn = "Trial", group = "Thử", responsibleKind = "outside_body", responsibleCode = "Công ty Chiếu sáng", outsideContact = "sucodien@example.vn", deadlineHours = 36, isPublic = true, isEmergency = true, attributes };

        var created = await Http.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/report-categories", body, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var definition = await _app.Factory.CreateClient().GetJsonAsync($"/open311/v2/services/{code}.json");
        Assert.Equal(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"], definition.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("datatype").GetString()));

        await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/report-categories", body, Ct), HttpStatusCode.BadRequest);
        var bad = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/report-categories", new
        {
            code = "bad code",
            nameVi = "",
            responsibleKind = "department",
            responsibleCode = "NOPE",
            deadlineHours = 0,
            isPublic = true,
            isEmergency = false,
            attributes = new[] { new { code = "l", datatype = "singlevaluelist", required = false, order = 1, descriptionVi = "L", values = Array.Empty<object>() } },
        }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["attributes[0]", "code", "deadlineHours", "nameVi", "responsibleCode"], Http.ErrorFields(bad).Order(StringComparer.Ordinal));

        var updated = await Http.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/report-categories/{id}", body with { }, Ct), HttpStatusCode.OK);
        Assert.Equal(36, updated.GetProperty("deadlineHours").GetInt32());
        var deactivated = await Http.JsonAsync(await admin.PostAsync($"/api/v1/admin/report-categories/{id}/deactivate", null, Ct), HttpStatusCode.OK);
        Assert.False(deactivated.GetProperty("isActive").GetBoolean());
        await Http.ProblemAsync(await admin.PutAsJsonAsync($"/api/v1/admin/report-categories/{Guid.NewGuid()}", body, Ct), HttpStatusCode.NotFound);

        var officer = await CaseWorkTests.SignedInAsync(_app.Factory, CaseWorkTests.SxdOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/admin/report-categories", body, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_commune_officer_and_head_are_created_from_the_cli_and_the_directory_knows_their_unit()
    {
        AdminUnitInfo commune;
        await using (var scope = _app.Factory.Services.CreateAsyncScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().LocateAsync(9.5, 106.0, null, Ct))!;
        }

        var email = $"chutich-{Guid.NewGuid():N}@phusa.example";
        var result = await ServerCli.RunAsync(_app.Factory.Storage, null, "users", "create", "--email", email, "--role", "DepartmentOfficer", "--jurisdiction", Demo.Jurisdiction, "--commune", commune.Code, "--head");
        Assert.True(result.ExitCode == 0, result.ToString());

        await using (var scope = _app.Factory.Services.CreateAsyncScope())
        {
            var officers = scope.ServiceProvider.GetRequiredService<IOfficerDirectory>();
            var heads = await officers.HeadsOfAsync(Demo.Jurisdiction, new OfficerUnit(OfficerUnitKind.Commune, commune.Code), Ct);
            var head = Assert.Single(heads, h => h.User.Email == email);
            Assert.Equal([new OfficerUnit(OfficerUnitKind.Commune, commune.Code)], await officers.UnitsOfAsync(head.User.Id, Ct));
        }

        var admin = await _app.AdminAsync();
        var refused = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"x-{Guid.NewGuid():N}@phusa.example", role = "DepartmentOfficer", commune = "00000" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["commune"], Http.ErrorFields(refused));
        var both = await Http.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"y-{Guid.NewGuid():N}@phusa.example", role = "Viewer", unitHead = true }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["unitHead"], Http.ErrorFields(both));
    }
}

/// <summary>A wrong deadline setting stops the server, naming the key.</summary>
public sealed class DeadlineSettingsTests
{
    [Theory]
    [InlineData("Mekong__Reports__Deadlines__WarnBefore", "-01:00:00", "Mekong:Reports:Deadlines:WarnBefore")]
    [InlineData("Mekong__Reports__Deadlines__Interval", "00:00:00", "Mekong:Reports:Deadlines:Interval")]
    [InlineData("Mekong__Reports__Deadlines__BatchSize", "0", "BatchSize")]
    public async Task A_wrong_deadline_setting_stops_the_server_naming_the_key(string variable, string value, string key)
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { [variable] = value }, "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Mekong cannot start", result.Error, StringComparison.Ordinal);
        Assert.Contains(key, result.Error, StringComparison.Ordinal);
    }
}

public sealed class CaseDeadlineTests_Sqlite(SqliteApp app) : CaseDeadlineTests(app), IClassFixture<SqliteApp>;

public sealed class CaseDeadlineTests_PostgreSql(PostgreSqlApp app) : CaseDeadlineTests(app), IClassFixture<PostgreSqlApp>;
