namespace Mekong.Modules.Telemetry.Domain;

/// <summary>One value of one measurement of one device at one instant: the unit of storage. The key is (device, measurement, time).</summary>
internal readonly record struct Reading(long DeviceId, short MeasurementId, DateTimeOffset At, double Value);

/// <summary>The resolutions the series are kept at: raw and the three continuous rollups (ADR 0027).</summary>
internal enum Resolution
{
    Raw,
    Minute,
    Hour,
    Day,
}

internal static class Buckets
{
    /// <summary>Vietnam keeps UTC+7 all year: a day's rollup is the local calendar day, without a time-zone database.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static long UnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>The start of the bucket <paramref name="unixMs"/> falls in, in Unix milliseconds.</summary>
    public static long Start(Resolution resolution, long unixMs)
    {
        const long minute = 60_000, hour = 3_600_000, day = 86_400_000;
        var offset = (long)VietnamOffset.TotalMilliseconds;
        return resolution switch
        {
            Resolution.Minute => Floor(unixMs, minute),
            Resolution.Hour => Floor(unixMs, hour),
            Resolution.Day => Floor(unixMs + offset, day) - offset,
            _ => unixMs,
        };
    }

    /// <summary>The start of the bucket <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset Floor(Resolution resolution, DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Start(resolution, UnixMs(at)));

    public static TimeSpan Width(Resolution resolution) => resolution switch
    {
        Resolution.Minute => TimeSpan.FromMinutes(1),
        Resolution.Hour => TimeSpan.FromHours(1),
        Resolution.Day => TimeSpan.FromDays(1),
        _ => TimeSpan.Zero,
    };

    public static string Name(Resolution resolution) => resolution switch
    {
        Resolution.Minute => "1m",
        Resolution.Hour => "1h",
        Resolution.Day => "1d",
        _ => "raw",
    };

    private static long Floor(long value, long width) => value - (((value % width) + width) % width);
}
