using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mekong.Modules.Reports.Features.OpsMap;
using Mekong.Modules.Reports.Ui.Ops;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Reports.Features.ReportStatistics;

/// <summary><c>GET /api/v1/reports/statistics</c> (JSON) and <c>/api/v1/reports/statistics.csv</c>: the same handler as the page.</summary>
internal static class ReportStatisticsEndpoints
{
    public static async Task<Results<Ok<StatisticsResponse>, ValidationProblem>> Json(
        ClaimsPrincipal user, string? jurisdiction, string? group, QueryDate? from, QueryDate? to, ReportStatisticsHandler handler, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var request = StatisticsRequest.Parse(errors, OpsScope.Of(errors, user, jurisdiction), group, from, to, clock);
        return request is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation)
            : TypedResults.Ok(await handler.HandleAsync(request, OpsText.English, cancellationToken));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Csv(
        ClaimsPrincipal user, string? jurisdiction, string? group, QueryDate? from, QueryDate? to, ReportStatisticsHandler handler, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var request = StatisticsRequest.Parse(errors, OpsScope.Of(errors, user, jurisdiction), group, from, to, clock);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var statistics = await handler.HandleAsync(request, OpsText.English, cancellationToken);
        var name = $"reports-{statistics.GroupBy}-{request.From:yyyyMMdd}-{request.To:yyyyMMdd}.csv";
        return TypedResults.File(StatisticsCsv.Write(statistics), "text/csv; charset=utf-8", name);
    }
}

/// <summary>
/// The CSV export: UTF-8 with a byte-order mark (Excel then reads Vietnamese right), one header line and one line per
/// group, CRLF line ends and RFC 4180 quoting. A text field that a spreadsheet would run as a formula (starting with
/// = + - @, a tab or a carriage return) is prefixed with an apostrophe. Numbers use a decimal point.
/// </summary>
internal static class StatisticsCsv
{
    public static readonly string[] Header =
        ["group", "key", "name", "volume", "resolved", "resolved_on_time", "on_time_share", "median_hours_to_resolve", "open", "open_overdue", "average_rating", "ratings"];

    public static byte[] Write(StatisticsResponse statistics)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var g in statistics.Groups)
        {
            Line(text, [
                statistics.GroupBy, Text(g.Key ?? string.Empty), Text(g.Name),
                Number(g.Volume), Number(g.Resolved), Number(g.ResolvedOnTime), Number(g.OnTimeShare, 4), Number(g.MedianHoursToResolve, 2),
                Number(g.Open), Number(g.OpenOverdue), Number(g.AverageRating, 2), Number(g.Ratings)]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Text a spreadsheet must show as text: a leading formula character is defused with an apostrophe.</summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value, int digits) => value is null ? string.Empty : Math.Round(value.Value, digits).ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
