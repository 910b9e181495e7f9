using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.Series;

internal sealed record LatestItem(long Device, string Measurement, string Unit, DateTimeOffset Ts, double Value, DateTimeOffset ReceivedAt);

internal sealed record LatestResponse(IReadOnlyList<LatestItem> Items);

/// <summary>One point: a raw reading (min = max = avg, count 1) or a bucket of a rollup.</summary>
internal sealed record PointResponse(DateTimeOffset T, double Avg, double Min, double Max, int Count);

/// <summary>A series over [from, to) at <c>resolution</c> (raw, 1m, 1h, 1d); <c>truncated</c>: more points were there than the limit.</summary>
internal sealed record SeriesResponse(long Device, string Measurement, string Unit, DateTimeOffset From, DateTimeOffset To, string Resolution, bool Truncated, IReadOnlyList<PointResponse> Points);

/// <summary>
/// The read side (ADR 0027): the latest values of many devices (one read of the latest table), a raw range, and an
/// aggregated range for charts that picks the finest rollup giving at most <c>points</c> buckets, and CSV of either.
/// </summary>
internal static class SeriesEndpoints
{
    public const int DefaultPoints = 1000;
    public const int MaxPoints = 10_000;
    public const int MaxRaw = 100_000;

    public static async Task<Results<Ok<LatestResponse>, ValidationProblem>> Latest(
        ClaimsPrincipal user, string? devices, string? jurisdiction, TelemetryDbContext db, ReadingStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = DeviceEndpoints.Scope(user, jurisdiction, errors);
        List<long>? asked = null;
        if (!string.IsNullOrWhiteSpace(devices))
        {
            asked = [];
            foreach (var part in devices.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || asked.Count >= 5000)
                {
                    errors.Add("devices", "devices is a comma list of at most 5,000 device ids.");
                    break;
                }

                asked.Add(id);
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = db.Devices.AsNoTracking();
        if (scope is not null)
        {
            query = query.Where(d => d.JurisdictionCode == scope);
        }

        if (asked is not null)
        {
            query = query.Where(d => asked.Contains(d.Id));
        }

        var ids = await query.Select(d => d.Id).ToListAsync(cancellationToken);
        var latest = await store.LatestAsync(ids, cancellationToken);
        var items = latest
            .Select(l => (Value: l, Measurement: DeviceTypes.Measurement(l.MeasurementId)))
            .Where(x => x.Measurement is not null)
            .OrderBy(x => x.Value.DeviceId).ThenBy(x => x.Value.MeasurementId)
            .Select(x => new LatestItem(x.Value.DeviceId, x.Measurement!.Code, x.Measurement.Unit, x.Value.At, x.Value.Value, x.Value.ReceivedAt))
            .ToList();
        return TypedResults.Ok(new LatestResponse(items));
    }

    public static async Task<Results<Ok<SeriesResponse>, ValidationProblem, ProblemHttpResult>> Series(
        ClaimsPrincipal user, long device, string? measurement, string? from, string? to, string? resolution, int? points,
        DeviceRegistry registry, ReadingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (series, problem, errors) = await ReadAsync(user, device, measurement, from, to, resolution, points, registry, store, clock, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (series is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return TypedResults.Ok(series);
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Csv(
        ClaimsPrincipal user, long device, string? measurement, string? from, string? to, string? resolution, int? points,
        DeviceRegistry registry, ReadingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (series, problem, errors) = await ReadAsync(user, device, measurement, from, to, resolution, points, registry, store, clock, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (series is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var csv = new StringBuilder("device,measurement,unit,resolution,ts,avg,min,max,count\n");
        foreach (var p in series.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{series.Device},{series.Measurement},{series.Unit},{series.Resolution},{p.T.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ},{p.Avg:R},{p.Min:R},{p.Max:R},{p.Count}\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"device-{series.Device}-{series.Measurement}-{series.Resolution}.csv");
    }

    private static async Task<(SeriesResponse? Series, ProblemHttpResult? Problem, FieldErrors Errors)> ReadAsync(
        ClaimsPrincipal user, long deviceId, string? measurementCode, string? fromText, string? toText, string? resolutionText, int? points,
        DeviceRegistry registry, ReadingStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (await registry.FindAsync(user, deviceId, cancellationToken) is not { } device)
        {
            return (null, DeviceEndpoints.NotFound(deviceId), errors);
        }

        var measurement = measurementCode is null && device.Type.Measurements.Count == 1 ? device.Type.Measurements[0] : device.Type.Find(measurementCode ?? string.Empty);
        if (measurement is null)
        {
            errors.Add("measurement", $"A {device.TypeCode} device measures {string.Join(", ", device.Type.Measurements.Select(m => m.Code))}.");
        }

        var now = clock.GetUtcNow();
        var to = Instant(errors, "to", toText) ?? now;
        var from = Instant(errors, "from", fromText) ?? to.AddDays(-1);
        if (from >= to)
        {
            errors.Add("from", "from is before to.");
        }
        else if (to - from > TimeSpan.FromDays(3660))
        {
            errors.Add("from", "A series spans at most ten years.");
        }

        var limit = points ?? DefaultPoints;
        if (limit is < 2 or > MaxPoints)
        {
            errors.Add("points", $"points is from 2 to {MaxPoints:N0}.");
        }

        Resolution? chosen = resolutionText switch
        {
            null or "auto" => null,
            "raw" => Resolution.Raw,
            "1m" => Resolution.Minute,
            "1h" => Resolution.Hour,
            "1d" => Resolution.Day,
            _ => (Resolution?)(Resolution)(-1),
        };
        if (chosen is (Resolution)(-1))
        {
            errors.Add("resolution", "The resolution is auto, raw, 1m, 1h or 1d.");
        }

        if (!errors.IsEmpty)
        {
            return (null, null, errors);
        }

        var resolution = chosen ?? Pick(to - from, limit);
        var max = resolution == Resolution.Raw && chosen == Resolution.Raw ? Math.Max(limit, MaxRaw) : limit;
        var rows = resolution == Resolution.Raw
            ? await store.RawAsync(device.Id, measurement!.Id, from, to, max + 1, cancellationToken)
            : await store.RollupAsync(resolution, device.Id, measurement!.Id, Buckets.Floor(resolution, from), to, max + 1, cancellationToken);
        var truncated = rows.Count > max;
        return (new SeriesResponse(
            device.Id, measurement.Code, measurement.Unit, from, to, Buckets.Name(resolution), truncated,
            rows.Take(max).Select(p => new PointResponse(p.At, p.Average, p.Min, p.Max, p.Count)).ToList()), null, errors);
    }

    /// <summary>
    /// Raw for an hour or less (at most 3,600 readings at 1 Hz), else the finest rollup that gives at most
    /// <paramref name="points"/> buckets over the span: a day of 1 Hz data is 1,440 one-minute buckets, not 86,400 readings.
    /// </summary>
    public static Resolution Pick(TimeSpan span, int points)
    {
        if (span <= TimeSpan.FromHours(1))
        {
            return Resolution.Raw;
        }

        foreach (var r in new[] { Resolution.Minute, Resolution.Hour })
        {
            if (span / Buckets.Width(r) <= points)
            {
                return r;
            }
        }

        return Resolution.Day;
    }

    private static DateTimeOffset? Instant(FieldErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors.Add(field, $"{field} is an ISO 8601 date-time (2026-12-01T00:00:00Z).");
        return null;
    }
}
