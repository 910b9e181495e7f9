using System.Globalization;
using Mekong.Modules.Reports.Domain;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>
/// The filters of GET requests, as the specification states them: <c>service_request_id</c> (a comma list, which
/// overrides everything else), <c>service_code</c> (comma list), <c>start_date</c>/<c>end_date</c> (W3C datetimes, a
/// span of at most 90 days, the most recent 90 days when neither is given) and <c>status</c> (<c>open</c>,
/// <c>closed</c>, comma list). An empty argument is the same as an absent one. Mekong's extension beside them (docs/open311.md):
/// <c>bbox=minLon,minLat,maxLon,maxLat</c> or <c>lat</c> + <c>long</c> + <c>radius</c> (metres), see <see cref="GeoArea"/>.
/// </summary>
internal sealed record RequestQuery(
    IReadOnlyList<long>? Ids,
    IReadOnlyList<string>? ServiceCodes,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<ReportStatus>? Statuses,
    IReadOnlyList<string> Problems,
    GeoArea? Area = null)
{
    public const int MaxIds = Open311Endpoints.MaxRequests;

    private static readonly TimeSpan Window = TimeSpan.FromDays(Open311Endpoints.DefaultWindowDays);

    public static RequestQuery Parse(IQueryCollection query, DateTimeOffset now)
    {
        var problems = new List<string>();
        IReadOnlyList<long>? ids = null;
        if (List(query["service_request_id"]) is { } idTexts)
        {
            if (idTexts.Count > MaxIds)
            {
                problems.Add($"service_request_id lists at most {MaxIds} ids.");
            }

            // An id that is not one of ours matches nothing, as an unknown number would.
            ids = idTexts.Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct().ToList();
        }

        var codes = List(query["service_code"]);
        IReadOnlyList<ReportStatus>? statuses = null;
        if (List(query["status"]) is { } statusTexts)
        {
            var unknown = statusTexts.Where(s => s is not ("open" or "closed")).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"status is open, closed or both (comma separated), not '{Open311Context.Shorten(string.Join(",", unknown))}'.");
            }
            else
            {
                statuses = Enum.GetValues<ReportStatus>().Where(s => statusTexts.Contains(s.Open311Status())).ToList();
            }
        }

        var start = Date(query["start_date"], "start_date", problems);
        var end = Date(query["end_date"], "end_date", problems);
        DateTimeOffset? from = null, to = null;
        if (problems.Count == 0)
        {
            (from, to) = (start, end) switch
            {
                (null, null) => (now - Window, now),
                ({ } s, null) => (s, s + Window),
                (null, { } e) => (e - Window, e),
                ({ } s, { } e) => (s, e),
            };
            if (to < from)
            {
                problems.Add("end_date is before start_date.");
            }
            else if (to - from > Window)
            {
                problems.Add($"start_date and end_date may not span more than {Open311Endpoints.DefaultWindowDays} days.");
            }
        }

        var area = GeoArea.Parse(query, problems);
        return new RequestQuery(ids, codes, from, to, statuses, problems, area);
    }

    private static List<string>? List(Microsoft.Extensions.Primitives.StringValues values)
    {
        // "can be declared multiple times, comma delimited": both service_code=a,b and service_code=a&service_code=b.
        var items = values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return items.Count == 0 ? null : items;
    }

    private static DateTimeOffset? Date(Microsoft.Extensions.Primitives.StringValues value, string field, List<string> problems)
    {
        var text = value.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (W3cDateTime.TryParse(text, out var at))
        {
            return at;
        }

        problems.Add($"{field} must be a W3C datetime with a time zone, e.g. 2026-01-01T00:00:00Z ('{Open311Context.Shorten(text)}' is not).");
        return null;
    }
}
