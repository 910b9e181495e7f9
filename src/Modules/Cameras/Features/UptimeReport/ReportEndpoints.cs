using System.Security.Claims;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Mekong.Modules.Cameras.Features.UptimeReport;

/// <summary>
/// <c>GET /api/v1/cameras/reports/contractors?month=YYYY-MM</c> (JSON; <c>format=csv</c> or the <c>.csv</c> path for
/// CSV), for operators: the monthly uptime report per contractor (ADR 0039). No month: the current one, so far.
/// </summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapUptimeReport(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/contractors", Json).RequireAuthorization(Policies.Operator).WithName("CameraContractorReport").ProducesValidationProblem()
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        api.MapGet("/reports/contractors.csv", Csv).RequireAuthorization(Policies.Operator).WithName("CameraContractorReportCsv").ProducesValidationProblem()
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return api;
    }

    /// <summary>The month asked for, or the field errors: <c>YYYY-MM</c>, not after the current month.</summary>
    public static DateOnly? ParseMonth(string? month, TimeProvider clock, FieldErrors errors)
    {
        var today = VietnamTime.Today(clock);
        var current = new DateOnly(today.Year, today.Month, 1);
        if (string.IsNullOrWhiteSpace(month))
        {
            return current;
        }

        if (!ContractorReport.TryParseMonth(month.Trim(), out var parsed))
        {
            errors.Add("month", "month is a year and month, YYYY-MM (e.g. 2026-11).");
            return null;
        }

        if (parsed > current)
        {
            errors.Add("month", $"month {parsed:yyyy-MM} has not begun yet.");
            return null;
        }

        return parsed;
    }

    private static async Task<Results<Ok<ContractorReportResult>, ContentHttpResult, ValidationProblem>> Json(
        ClaimsPrincipal user, ContractorReport report, TimeProvider clock, string? month, string? format, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var wanted = ParseMonth(month, clock, errors);
        var csv = false;
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "json":
                break;
            case "csv":
                csv = true;
                break;
            default:
                errors.Add("format", "format is json (the default) or csv.");
                break;
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var result = await report.ComputeAsync(user, wanted!.Value, cancellationToken);
        return csv ? CsvOf(result, response) : TypedResults.Ok(result);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem>> Csv(
        ClaimsPrincipal user, ContractorReport report, TimeProvider clock, string? month, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var wanted = ParseMonth(month, clock, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return CsvOf(await report.ComputeAsync(user, wanted!.Value, cancellationToken), response);
    }

    private static ContentHttpResult CsvOf(ContractorReportResult result, HttpResponse response)
    {
        response.Headers.ContentDisposition = $"attachment; filename=\"camera-contractors-{result.Month}.csv\"";
        return TypedResults.Text(ContractorReport.Csv(result), "text/csv; charset=utf-8");
    }
}
