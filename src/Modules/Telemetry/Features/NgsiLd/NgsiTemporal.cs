using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Ingest;
using Mekong.Modules.Telemetry.Storage;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>
/// <c>GET /ngsi-ld/v1/temporal/entities/{id}</c> (ETSI GS CIM 009, 5.7.3, 6.19): the readings of an entity's
/// measurements over <c>timerel</c> (before, after, between) <c>timeAt</c>/<c>endTimeAt</c>, the newest
/// <c>lastN</c>, in the normalized or the simplified (temporalValues) form, and the aggregated form (4.5.19):
/// <c>aggrMethods</c> over periods of <c>aggrPeriodDuration</c>, each value <c>[value, startAt, endAt]</c>. The
/// methods the rollups hold (totalCount, sum, avg, min, max) are answered from the coarsest rollup whose buckets tile
/// the periods; the others (distinctCount, stddev, sumsq), or periods the buckets do not tile, from the raw readings.
/// </summary>
internal static partial class NgsiTemporal
{
    public const int MaxInstances = 10_000;
    public const int MaxRawAggregated = 500_000;

    private static readonly string[] RollupMethods = ["totalCount", "sum", "avg", "min", "max"];
    private static readonly string[] AllMethods = ["totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev", "sumsq"];

    /// <summary>Nothing is older than this (ingest refuses it), and it starts a Vietnamese day: every rollup is aligned to it.</summary>
    private static readonly DateTimeOffset Beginning = Buckets.Floor(Resolution.Day, IngestReadingsHandler.Earliest);

    public static async Task<IResult> Retrieve(
        string id, HttpContext http, ClaimsPrincipal user, NgsiEntities entities, ReadingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NgsiHttp.Negotiate(http.Request) is not { } media)
        {
            return NgsiHttp.NotAcceptableError().ToResult();
        }

        if (!NgsiVocabulary.IsUri(id))
        {
            return NgsiError.BadRequestData("An entity id is a URI.").ToResult();
        }

        var query = http.Request.Query;
        string? One(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        var now = clock.GetUtcNow();
        var (from, to, rangeError) = Range(One("timerel"), One("timeAt"), One("endTimeAt"));
        if (rangeError is not null)
        {
            return NgsiError.BadRequestData(rangeError).ToResult();
        }

        if (One("timeproperty") is { } timeProperty && timeProperty != "observedAt")
        {
            return NgsiError.BadRequestData("Readings have one time, observedAt (timeproperty=observedAt).").ToResult();
        }

        int? lastN = null;
        if (One("lastN") is { } lastText)
        {
            if (!int.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxInstances)
            {
                return NgsiError.BadRequestData($"lastN is from 1 to {MaxInstances:N0}.").ToResult();
            }

            lastN = n;
        }

        var options = One("options");
        var format = One("format");
        var methodsText = One("aggrMethods");
        var aggregated = NgsiHttp.HasOption(options, "aggregatedValues") || format == "aggregatedValues";
        if (aggregated != (methodsText is not null))
        {
            return NgsiError.BadRequestData("The aggregated form (options=aggregatedValues or format=aggregatedValues) and aggrMethods go together.").ToResult();
        }

        if (await entities.FindAsync(user, id, cancellationToken) is not { } device)
        {
            return NgsiError.NotFound($"There is no entity {NgsiEndpoints.Short(id)}.").ToResult();
        }

        var type = NgsiVocabulary.Of(device.Type);
        var asked = NgsiEndpoints.List(One("attrs"))?.Select(NgsiVocabulary.Term).ToHashSet(StringComparer.Ordinal);
        var attributes = type.Attributes.Where(a => asked is null || asked.Contains(a.Name)).ToList();
        var body = new JsonObject { ["id"] = NgsiEntities.IdOf(device), ["type"] = type.Name };
        if (aggregated)
        {
            var methods = NgsiEndpoints.List(methodsText) ?? [];
            if (methods.Count == 0 || methods.Any(m => !AllMethods.Contains(m)))
            {
                return NgsiError.BadRequestData($"aggrMethods is a comma list of {string.Join(", ", AllMethods)}.").ToResult();
            }

            TimeSpan? period = null;
            if (One("aggrPeriodDuration") is { } durationText)
            {
                if (!TryDuration(durationText, out var d))
                {
                    return NgsiError.BadRequestData("aggrPeriodDuration is an ISO 8601 duration of weeks, days, hours, minutes and seconds (P1D, PT1H, PT15M, P1W; P0D: the whole interval); years and months are not supported.").ToResult();
                }

                period = d == TimeSpan.Zero ? null : d;
            }

            foreach (var attribute in attributes)
            {
                var (values, error) = await AggregateAsync(store, device.Id, attribute, methods, from, to, period, now, cancellationToken);
                if (error is not null)
                {
                    return NgsiError.BadRequestData(error).ToResult();
                }

                var property = new JsonObject { ["type"] = "Property" };
                foreach (var method in methods.Distinct())
                {
                    var rows = values.Select(p => (p.Start, p.End, Value: p.Value(method))).ToList();
                    if (lastN is { } n)
                    {
                        rows = rows.TakeLast(n).ToList();
                    }

                    property[method] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(r.Value, NgsiEntities.Iso(r.Start), NgsiEntities.Iso(r.End))).ToArray());
                }

                body[attribute.Name] = property;
            }

            return NgsiHttp.Answer(http, media, body);
        }

        var simplified = NgsiHttp.HasOption(options, "temporalValues") || format == "temporalValues";
        var end = to ?? now + IngestReadingsHandler.FutureTolerance + TimeSpan.FromMilliseconds(1);
        (DateTimeOffset First, DateTimeOffset Last)? cut = null;
        foreach (var attribute in attributes)
        {
            List<SeriesPoint> points;
            if (lastN is { } n)
            {
                points = await store.RawNewestAsync(device.Id, attribute.Measurement.Id, from, end, n, cancellationToken);
                points.Reverse();
            }
            else
            {
                points = await store.RawAsync(device.Id, attribute.Measurement.Id, from, end, MaxInstances + 1, cancellationToken);
                if (points.Count > MaxInstances)
                {
                    points.RemoveAt(points.Count - 1);
                    cut ??= (points[0].At, points[^1].At);
                }
            }

            if (points.Count == 0)
            {
                continue;
            }

            body[attribute.Name] = simplified
                ? new JsonObject
                {
                    ["type"] = "Property",
                    ["values"] = new JsonArray(points.Select(p => (JsonNode)new JsonArray(p.Average, NgsiEntities.Iso(p.At))).ToArray()),
                }
                : new JsonArray(points.Select(p => (JsonNode)new JsonObject
                {
                    ["type"] = "Property",
                    ["value"] = p.Average,
                    ["observedAt"] = NgsiEntities.Iso(p.At),
                    ["unitCode"] = attribute.UnitCode,
                }).ToArray());
        }

        if (cut is { } range)
        {
            // More instances than one answer holds (6.3.10): 206 with the range given; ask again from its end.
            http.Response.Headers["Content-Range"] = $"date-time {NgsiEntities.Iso(range.First)}-{NgsiEntities.Iso(range.Last)}/*";
            return NgsiHttp.Answer(http, media, body, StatusCodes.Status206PartialContent);
        }

        return NgsiHttp.Answer(http, media, body);
    }

    /// <summary>[from, to) of the query; to null: open (up to now).</summary>
    private static (DateTimeOffset From, DateTimeOffset? To, string? Error) Range(string? timerel, string? timeAtText, string? endText)
    {
        if (timerel is null)
        {
            return timeAtText is null && endText is null
                ? (Beginning, null, null)
                : (Beginning, null, "timeAt and endTimeAt go with timerel (before, after or between).");
        }

        if (!TryInstant(timeAtText, out var timeAt))
        {
            return (Beginning, null, "timerel needs timeAt, a date-time with its offset (2026-12-01T00:00:00Z).");
        }

        switch (timerel)
        {
            case "before":
                return (Beginning, timeAt, endText is null ? null : "endTimeAt goes with timerel=between only.");
            case "after":
                return (timeAt, null, endText is null ? null : "endTimeAt goes with timerel=between only.");
            case "between":
                if (!TryInstant(endText, out var endAt))
                {
                    return (Beginning, null, "timerel=between needs endTimeAt, a date-time with its offset.");
                }

                return endAt > timeAt ? (timeAt, endAt, null) : (Beginning, null, "endTimeAt is after timeAt.");
            default:
                return (Beginning, null, "timerel is before, after or between.");
        }
    }

    private static bool TryInstant(string? text, out DateTimeOffset at)
    {
        at = default;
        if (text is null)
        {
            return false;
        }

        using var document = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(text));
        return IngestReadingsHandler.TryInstant(document.RootElement, out at);
    }

    /// <summary>One period's fold: count, sum, sum of squares, min, max and (raw only) the distinct values.</summary>
    private sealed class Period(DateTimeOffset start, DateTimeOffset end)
    {
        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public long Count { get; set; }

        public double Sum { get; set; }

        public double SumOfSquares { get; set; }

        public double Min { get; set; } = double.PositiveInfinity;

        public double Max { get; set; } = double.NegativeInfinity;

        public HashSet<double> Distinct { get; } = [];

        public double Value(string method) => method switch
        {
            "totalCount" => Count,
            "distinctCount" => Distinct.Count,
            "sum" => Sum,
            "avg" => Sum / Count,
            "min" => Min,
            "max" => Max,
            "sumsq" => SumOfSquares,
            // The population standard deviation of the period's values.
            _ => Math.Sqrt(Math.Max(0, (SumOfSquares / Count) - Math.Pow(Sum / Count, 2))),
        };
    }

    /// <summary>
    /// The periods [from + k·period, from + (k+1)·period) that hold readings, each folded. From a rollup when every
    /// method is one it holds and its buckets tile the periods and the interval; else from the raw readings.
    /// </summary>
    private static async Task<(List<Period> Periods, string? Error)> AggregateAsync(
        ReadingStore store, long device, NgsiAttribute attribute, IReadOnlyList<string> methods, DateTimeOffset from, DateTimeOffset? to,
        TimeSpan? period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var periods = new SortedDictionary<long, Period>();
        var openEnd = now + IngestReadingsHandler.FutureTolerance + TimeSpan.FromMilliseconds(1);
        Period At(DateTimeOffset t, DateTimeOffset end)
        {
            var index = period is { } p ? (long)Math.Floor((t - from) / p) : 0;
            if (!periods.TryGetValue(index, out var found))
            {
                var start = period is { } q ? from + (q * index) : from;
                var stop = period is { } r ? start + r : end;
                found = new Period(start, to is { } limit && stop > limit ? limit : stop);
                periods[index] = found;
            }

            return found;
        }

        if (methods.All(RollupMethods.Contains))
        {
            foreach (var resolution in new[] { Resolution.Day, Resolution.Hour, Resolution.Minute })
            {
                var width = Buckets.Width(resolution);
                var end = to ?? Ceiling(resolution, openEnd);
                if (!Aligned(resolution, from) || !Aligned(resolution, end) || period is { } p && p.Ticks % width.Ticks != 0)
                {
                    continue;
                }

                var rows = await store.FoldsAsync(resolution, device, attribute.Measurement.Id, from, end, MaxRawAggregated + 1, cancellationToken);
                if (rows.Count > MaxRawAggregated)
                {
                    return ([], $"The interval holds more than {MaxRawAggregated:N0} buckets; narrow it or lengthen aggrPeriodDuration.");
                }

                foreach (var row in rows)
                {
                    var target = At(row.Bucket, end);
                    target.Count += row.Count;
                    target.Sum += row.Sum;
                    target.Min = Math.Min(target.Min, row.Min);
                    target.Max = Math.Max(target.Max, row.Max);
                }

                return (periods.Values.ToList(), null);
            }
        }

        var rawEnd = to ?? openEnd;
        var raw = await store.RawAsync(device, attribute.Measurement.Id, from, rawEnd, MaxRawAggregated + 1, cancellationToken);
        if (raw.Count > MaxRawAggregated)
        {
            return ([], $"The interval holds more than {MaxRawAggregated:N0} readings to aggregate one by one; narrow it, or ask only {string.Join(", ", RollupMethods)} over periods and times of whole minutes, hours or days (answered from the rollups).");
        }

        foreach (var point in raw)
        {
            var target = At(point.At, rawEnd);
            target.Count++;
            target.Sum += point.Average;
            target.SumOfSquares += point.Average * point.Average;
            target.Min = Math.Min(target.Min, point.Average);
            target.Max = Math.Max(target.Max, point.Average);
            target.Distinct.Add(point.Average);
        }

        return (periods.Values.ToList(), null);
    }

    private static bool Aligned(Resolution resolution, DateTimeOffset at) => Buckets.Floor(resolution, at) == at;

    private static DateTimeOffset Ceiling(Resolution resolution, DateTimeOffset at)
    {
        var floor = Buckets.Floor(resolution, at);
        return floor == at ? at : floor + Buckets.Width(resolution);
    }

    /// <summary>ISO 8601 durations of weeks, days and time (P1W, P1D, PT1H30M, PT0.5S); months and years vary in length and are refused.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text is "P" or "PT" || text.EndsWith('T'))
        {
            return false;
        }

        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part("w") * 7 * 86400) + (Part("d") * 86400) + (Part("h") * 3600) + (Part("m") * 60) + Part("s");
        if (seconds > 3660 * 86400.0)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return duration == TimeSpan.Zero || duration >= TimeSpan.FromSeconds(1);
    }

    [GeneratedRegex(@"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+(?:\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
