using System.Diagnostics;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Demo;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Telemetry.Demo;

/// <summary>
/// About 500 sensors across the demo province's communes and four weeks of their history, kept compact (ADR 0027):
/// daily rollups for 28 days, hourly for 2, and the last 3 hours as raw readings (every 10 minutes) through the
/// store's own write, which makes their minute rollups and the latest values. Signals: semi-diurnal tides in the water
/// levels, dry-season salinity intrusion rising inland from the sea, a few rain storms with street flooding, traffic
/// peaks in the air quality, the day's heat and humidity.
/// </summary>
internal sealed class TelemetryDemoSeeder(TelemetryDbContext db, ReadingStore store, IAdminUnitDirectory adminUnits, AlertEngine alerts, ILogger<TelemetryDemoSeeder> logger) : IDemoSeeder
{
    public int Order => 40;

    public string Name => "telemetry";

    public static readonly (string Type, string Prefix, int Count)[] Fleet =
    [
        ("water-level", "MN", 120), ("salinity", "DM", 80), ("rainfall", "LM", 100), ("air-quality", "KK", 80), ("weather", "KT", 60), ("flood-depth", "NG", 60),
    ];

    public const int Places = 100;

    /// <summary>The raw window's step; the history before it is sampled hourly (one reading per hourly bucket).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DailyHistory = TimeSpan.FromDays(28);
    public static readonly TimeSpan HourlyHistory = TimeSpan.FromDays(2);
    public static readonly TimeSpan RawHistory = TimeSpan.FromHours(3);

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (await db.Devices.AnyAsync(d => d.JurisdictionCode == context.JurisdictionCode, cancellationToken))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var random = context.RandomFor(Name);
        var total = Fleet.Sum(f => f.Count);
        // A hundred places in communes, found by asking the directory (never reading its tables); the sensors stand
        // within ~300 m of them (a spatial query per sensor would cost the demo start seconds).
        var places = new List<(double Lat, double Lon, AdminUnitInfo Commune)>(Places);
        for (var tries = 0; tries < Places * 4 && places.Count < Places; tries++)
        {
            var lat = Math.Round(9.6 + ((random.NextDouble() - 0.5) * 0.5), 6);
            var lon = Math.Round(105.95 + ((random.NextDouble() - 0.5) * 0.5), 6);
            if (await adminUnits.LocateAsync(lat, lon, at: null, cancellationToken) is { Level: "commune" } unit && unit.JurisdictionCode == context.JurisdictionCode)
            {
                places.Add((lat, lon, unit));
            }
        }

        var located = watch.ElapsedMilliseconds;
        if (places.Count == 0)
        {
            logger.LogWarning("Demo sensors: the jurisdiction {Jurisdiction} has no communes to place them in", context.JurisdictionCode);
            return;
        }

        var devices = new List<Device>(total);
        var n = 0;
        foreach (var (type, prefix, count) in Fleet)
        {
            var deviceType = DeviceTypes.Find(type)!;
            for (var i = 1; i <= count; i++)
            {
                var (lat, lon, commune) = places[n++ % places.Count];
                lat = Math.Round(lat + ((random.NextDouble() - 0.5) * 0.005), 6);
                lon = Math.Round(lon + ((random.NextDouble() - 0.5) * 0.005), 6);
                var (device, _) = Device.Register(
                    context.JurisdictionCode, $"{prefix}-{i:000}", $"{deviceType.NameVi} {commune.NameVi}", type, lat, lon, commune.Code,
                    type is "air-quality" or "weather" ? "Sở Nông nghiệp và Môi trường" : "Chi cục Thủy lợi", context.Clock);
                // Demo devices have no token until someone issues one (the simulator does): nobody could know it.
                device.RevokeToken(context.Clock);
                devices.Add(device);
            }
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.BulkInsertAsync(devices, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var ids = await db.Devices.AsNoTracking().Where(d => d.JurisdictionCode == context.JurisdictionCode)
            .Select(d => new { d.Id, d.Code, d.TypeCode, d.Latitude, d.Longitude }).ToListAsync(cancellationToken);

        var now = context.Clock.GetUtcNow();
        var end = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / (long)Step.TotalMilliseconds * (long)Step.TotalMilliseconds);
        var rawStart = end - RawHistory;
        var hourlyStart = Buckets.Floor(Resolution.Hour, end - HourlyHistory);
        var dailyStart = Buckets.Floor(Resolution.Day, end - DailyHistory);
        var storms = Storms(random, dailyStart, end);
        var raw = new List<Reading>(ids.Count * 2 * (int)(RawHistory / Step));
        var hours = new Dictionary<(long, short, long), ReadingStore.Fold>();
        var days = new Dictionary<(long, short, long), ReadingStore.Fold>();
        foreach (var device in ids)
        {
            var type = DeviceTypes.Find(device.TypeCode)!;
            var phase = random.NextDouble() * Math.PI * 2;
            // 0 at the sea (east), 1 inland (west): salinity falls inland, tides shrink.
            var inland = Math.Clamp((106.2 - device.Longitude) / 0.5, 0, 1);
            foreach (var measurement in type.Measurements)
            {
                for (var at = dailyStart; at <= end; at += at > rawStart - TimeSpan.FromHours(1) ? Step : TimeSpan.FromHours(1))
                {
                    var value = Math.Clamp(Math.Round(Signal(measurement, at, phase, inland, storms, random), 3), measurement.Min, measurement.Max);
                    var ms = Buckets.UnixMs(at);
                    if (at > rawStart)
                    {
                        raw.Add(new Reading(device.Id, measurement.Id, at, value));
                        continue;
                    }

                    Fold(days, (device.Id, measurement.Id, Buckets.Start(Resolution.Day, ms)), value);
                    if (at >= hourlyStart)
                    {
                        Fold(hours, (device.Id, measurement.Id, Buckets.Start(Resolution.Hour, ms)), value);
                    }
                }
            }
        }

        var generated = watch.Elapsed;
        await store.WriteAsync(raw, cancellationToken);
        await store.MergeRollupsAsync(Resolution.Hour, hours.Select(h => new RollupRow(h.Key.Item1, h.Key.Item2, h.Key.Item3, h.Value)).ToList(), cancellationToken);
        await store.MergeRollupsAsync(Resolution.Day, days.Select(d => new RollupRow(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value)).ToList(), cancellationToken);
        // The demo's alert rules (ADR 0033), then the raw window through the evaluator, as if it had just arrived: the
        // console opens on the alerts the present readings raise (high tides, salt near the sea, the storm's flooding).
        db.AlertRules.AddRange(DemoRules.Select(spec => AlertRule.Create(context.JurisdictionCode, spec, context.Clock)));
        await db.SaveChangesAsync(cancellationToken);
        alerts.Invalidate();
        await alerts.ObserveAsync(raw, cancellationToken);
        logger.LogInformation(
            "Demo sensors: {Devices} devices, {Raw} raw readings, {Hours} hourly and {Days} daily rollups in {Elapsed} ms (places {Located} ms, devices and signals {Generated} ms)",
            ids.Count, raw.Count, hours.Count, days.Count, watch.ElapsedMilliseconds, located, (long)generated.TotalMilliseconds);
    }

    /// <summary>
    /// The demo's rules: a high water level (over 1.6 m for 10 minutes, clearing under 1.4 m), salinity intrusion (over
    /// 8 g/L, clearing under 7), street flooding (over 20 cm, critical), and one combination (salt and warm water at once).
    /// Thresholds sit inside the demo signals' range so that a few communes are in alert, not all.
    /// </summary>
    public static readonly AlertRuleSpec[] DemoRules =
    [
        new("water-level-high", "Mực nước cao trên 1,6 m", "Water level above 1.6 m", AlertSeverity.Warning, true, "water-level", null, null, true,
            [new AlertCondition(ConditionKind.Above, "water_level", Threshold: 1.6, Clear: 1.4, ForSeconds: 600)], 24 * 60),
        new("salinity-intrusion", "Xâm nhập mặn trên 8 g/L", "Salinity intrusion above 8 g/L", AlertSeverity.Warning, true, "salinity", null, null, true,
            [new AlertCondition(ConditionKind.Above, "salinity", Threshold: 8, Clear: 7, ForSeconds: 600)], 24 * 60),
        new("street-flooding", "Ngập đường trên 20 cm", "Street flooding above 20 cm", AlertSeverity.Critical, true, "flood-depth", null, null, true,
            [new AlertCondition(ConditionKind.Above, "flood_depth", Threshold: 20, Clear: 10)], 24 * 60),
        new("salt-and-heat", "Mặn cao và nước ấm", "High salinity and warm water", AlertSeverity.Info, true, "salinity", null, null, true,
            [new AlertCondition(ConditionKind.Above, "salinity", Threshold: 10), new AlertCondition(ConditionKind.Above, "water_temperature", Threshold: 29)], 24 * 60),
    ];

    private static void Fold(Dictionary<(long, short, long), ReadingStore.Fold> buckets, (long, short, long) key, double value) =>
        buckets[key] = buckets.TryGetValue(key, out var fold) ? fold.With(value) : new ReadingStore.Fold(1, value, value, value);

    /// <summary>A few afternoon storms over the period: start and length.</summary>
    private static List<(DateTimeOffset Start, TimeSpan Length, double Intensity)> Storms(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var storms = new List<(DateTimeOffset, TimeSpan, double)>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            if (random.NextDouble() < 0.2)
            {
                storms.Add((day.AddHours(7 + (random.NextDouble() * 6)), TimeSpan.FromMinutes(40 + random.Next(140)), 2 + (random.NextDouble() * 10)));
            }
        }

        // One in the last hours, so the live picture has rain and flooding to show.
        storms.Add((to.AddHours(-2), TimeSpan.FromHours(3), 8));
        return storms;
    }

    public static double Signal(Measurement measurement, DateTimeOffset at, double phase, double inland, List<(DateTimeOffset Start, TimeSpan Length, double Intensity)> storms, Random random)
    {
        var hours = at.ToUnixTimeSeconds() / 3600.0;
        var localHour = (hours + 7) % 24;
        var tide = (Math.Sin((2 * Math.PI * hours / 12.42) + phase) * 0.8) + (Math.Sin((2 * Math.PI * hours / 24.84) + (phase / 2)) * 0.3);
        var day = Math.Sin(2 * Math.PI * (localHour - 9) / 24);
        var rain = 0.0;
        foreach (var (start, length, intensity) in storms)
        {
            if (at >= start && at < start + length)
            {
                rain = intensity * (0.5 + random.NextDouble());
            }
        }

        var noise = random.NextDouble() - 0.5;
        return measurement.Code switch
        {
            "water_level" => 0.3 + (tide * (1.4 - (inland * 0.8))) + (noise * 0.04),
            // Dry season: the sea pushes salt up the rivers at high tide, a little more each week.
            "salinity" => Math.Max(0, ((1 - inland) * 9) + (tide * 2.5 * (1 - inland)) + ((hours % (24 * 28)) / (24 * 28) * 2) + (noise * 0.3)),
            "water_temperature" => 28 + (day * 1.2) + (noise * 0.2),
            "rainfall" => rain,
            "pm25" => 28 + (Math.Exp(-Math.Pow(localHour - 7.5, 2) / 2) * 30) + (Math.Exp(-Math.Pow(localHour - 18, 2) / 3) * 25) + (noise * 6),
            "pm10" => 45 + (Math.Exp(-Math.Pow(localHour - 7.5, 2) / 2) * 45) + (Math.Exp(-Math.Pow(localHour - 18, 2) / 3) * 40) + (noise * 10),
            "temperature" => 28 + (day * 4) + (noise * 0.4) - (rain > 0 ? 3 : 0),
            "humidity" => 78 - (day * 14) + (noise * 2) + (rain > 0 ? 12 : 0),
            "flood_depth" => rain > 0 ? Math.Max(0, (rain * 2.5) + (tide * 6)) : 0,
            _ => 0,
        };
    }
}
