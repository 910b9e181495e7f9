namespace Mekong.Platform;

/// <summary>Mekong stores UTC and shows Vietnam time (UTC+7, no daylight saving).</summary>
public static class VietnamTime
{
    public static TimeZoneInfo Zone { get; } = FindZone();

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without tzdata: Vietnam has kept UTC+7 without daylight saving since 1975.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Indochina Time", "ICT");
        }
    }
}
