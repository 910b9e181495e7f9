using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.PublicServices.Features.Statistics;

/// <summary>One line of the figures provinces are judged on: received, resolved on time and late, open past due, the share submitted fully online.</summary>
internal sealed record StatisticsRow(string Key, string Name, int Received, int Resolved, int OnTime, int Late, int OverdueOpen, int FullyOnline)
{
    public double? OnTimeRate => Resolved == 0 ? null : Math.Round((double)OnTime / Resolved, 4);

    public double? FullyOnlineShare => Received == 0 ? null : Math.Round((double)FullyOnline / Received, 4);
}

internal sealed record DossierStatisticsReport(string Jurisdiction, DateOnly From, DateOnly To, StatisticsRow Total, IReadOnlyList<StatisticsRow> ByMonth, IReadOnlyList<StatisticsRow> ByProcedure, IReadOnlyList<StatisticsRow> ByAgency);

/// <summary>
/// The statistics of dossiers received (<i>tiếp nhận</i>) in a period, in Vietnam's dates: totals, per month, procedure
/// and agency. No personal data. Computed from one projection of the period's dossiers (a province's year is some
/// hundred thousand rows; a rollup table is the next step if that grows, ADR 0030).
/// </summary>
internal sealed class DossierStatisticsHandler(PublicServicesDbContext db, TimeProvider clock)
{
    public async Task<DossierStatisticsReport> ComputeAsync(string jurisdiction, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.JurisdictionCode == jurisdiction && d.ReceivedAt >= start && d.ReceivedAt < end)
            .Select(d => new { d.ReceivedAt, d.ProcedureCode, d.ProcedureNameVi, d.AgencyCode, d.OnTime, d.FullyOnline, d.Status, d.DueDate })
            .ToListAsync(cancellationToken);
        var today = VietnamTime.Today(clock);
        var facts = rows.Select(r => new Fact(
            VietnamTime.ToLocal(r.ReceivedAt!.Value).ToString("yyyy-MM", CultureInfo.InvariantCulture), r.ProcedureCode, r.ProcedureNameVi, r.AgencyCode,
            r.OnTime, r.FullyOnline, r.DueDate is { } due && r.Status is DossierStatus.Received or DossierStatus.Processing && today > due)).ToList();

        return new DossierStatisticsReport(jurisdiction, from, to, Row("total", "Tổng", facts),
            facts.GroupBy(f => f.Month).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g.Key, g)).ToList(),
            facts.GroupBy(f => f.Procedure).Select(g => Row(g.Key, g.First().ProcedureName, g)).OrderByDescending(r => r.Received).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
            facts.GroupBy(f => f.Agency).Select(g => Row(g.Key, g.Key, g)).OrderByDescending(r => r.Received).ThenBy(r => r.Key, StringComparer.Ordinal).ToList());
    }

    private static StatisticsRow Row(string key, string name, IEnumerable<Fact> facts)
    {
        var list = facts as IReadOnlyCollection<Fact> ?? facts.ToList();
        return new StatisticsRow(key, name, list.Count, list.Count(f => f.OnTime is not null), list.Count(f => f.OnTime == true), list.Count(f => f.OnTime == false),
            list.Count(f => f.Overdue), list.Count(f => f.FullyOnline));
    }

    private sealed record Fact(string Month, string Procedure, string ProcedureName, string Agency, bool? OnTime, bool FullyOnline, bool Overdue);

    public static string Csv(DossierStatisticsReport report)
    {
        var csv = new StringBuilder("dimension,key,name,received,resolved,on_time,late,overdue_open,on_time_rate,fully_online,fully_online_share\r\n");
        void Add(string dimension, StatisticsRow r) => csv.AppendJoin(',', new[]
        {
            dimension, r.Key, r.Name, N(r.Received), N(r.Resolved), N(r.OnTime), N(r.Late), N(r.OverdueOpen), R(r.OnTimeRate), N(r.FullyOnline), R(r.FullyOnlineShare),
        }.Select(CsvText.Escape)).Append("\r\n");
        Add("total", report.Total);
        foreach (var r in report.ByMonth)
        {
            Add("month", r);
        }

        foreach (var r in report.ByProcedure)
        {
            Add("procedure", r);
        }

        foreach (var r in report.ByAgency)
        {
            Add("agency", r);
        }

        return csv.ToString();

        static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        static string R(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty;
    }
}

/// <summary><c>GET /api/v1/public-services/statistics</c> and <c>.csv</c> (policy Viewer: aggregate figures only).</summary>
internal static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapDossierStatistics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/public-services").WithTags("Public services: statistics").RequireAuthorization(Policies.Viewer);
        group.MapGet("/statistics", async Task<Results<Ok<DossierStatisticsReport>, ValidationProblem>> (string? from, string? to, string? jurisdiction, ClaimsPrincipal user, IAdminUnitDirectory directory, DossierStatisticsHandler handler, TimeProvider clock, CancellationToken ct) =>
        {
            var (j, f, t, errors) = await ParseAsync(from, to, jurisdiction, user, directory, clock, ct);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation) : TypedResults.Ok(await handler.ComputeAsync(j!, f, t, ct));
        }).WithName("GetDossierStatistics");
        group.MapGet("/statistics.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (string? from, string? to, string? jurisdiction, ClaimsPrincipal user, IAdminUnitDirectory directory, DossierStatisticsHandler handler, TimeProvider clock, CancellationToken ct) =>
        {
            var (j, f, t, errors) = await ParseAsync(from, to, jurisdiction, user, directory, clock, ct);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
            }

            var csv = DossierStatisticsHandler.Csv(await handler.ComputeAsync(j!, f, t, ct));
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"dossier-statistics-{j}-{f:yyyyMMdd}-{t:yyyyMMdd}.csv");
        }).WithName("ExportDossierStatisticsCsv");
        return app;
    }

    /// <summary>From and to are Vietnam dates (default: the last twelve months); a confined account sees its own jurisdiction.</summary>
    public static async Task<(string? Jurisdiction, DateOnly From, DateOnly To, Dictionary<string, string[]> Errors)> ParseAsync(
        string? from, string? to, string? jurisdiction, ClaimsPrincipal user, IAdminUnitDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var today = VietnamTime.Today(clock);
        var end = today;
        var start = today.AddMonths(-12).AddDays(1);
        if (!string.IsNullOrEmpty(to) && !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            errors["to"] = ["to is a date yyyy-mm-dd."];
        }

        if (!string.IsNullOrEmpty(from) && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            errors["from"] = ["from is a date yyyy-mm-dd."];
        }

        if (errors.Count == 0 && (start > end || end.DayNumber - start.DayNumber > 3 * 366))
        {
            errors["from"] = ["from is on or before to, at most three years apart."];
        }

        string? code;
        if (ActorScope.IsConfined(user, out var own))
        {
            code = own;
            if (!string.IsNullOrEmpty(jurisdiction) && jurisdiction != own)
            {
                errors["jurisdiction"] = ["You see your own jurisdiction's figures."];
            }
        }
        else
        {
            code = await CatalogueEndpoints.JurisdictionAsync(jurisdiction, directory, cancellationToken);
        }

        if (code is null)
        {
            errors["jurisdiction"] = ["No such jurisdiction."];
        }

        return (code, start, end, errors);
    }
}
