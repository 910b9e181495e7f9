using System.Globalization;
using Mekong.Platform;

namespace Mekong.Modules.Reports.Ui.Cases;

/// <summary>The deadline clock and dates of the officers' screens (stored in UTC, shown in Vietnam time).</summary>
internal static class CaseFormat
{
    public static string Date(DateTimeOffset value) => VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary><c>late</c> past the deadline, <c>soon</c> within <paramref name="warnBefore"/>, <c>ok</c> otherwise, <c>done</c> for a closed report.</summary>
    public static string ClockState(bool open, DateTimeOffset expected, DateTimeOffset now, TimeSpan warnBefore) =>
        !open ? "done" : expected <= now ? "late" : expected - now <= warnBefore ? "soon" : "ok";

    /// <summary>"2 d 3 h", "5 h 10 min", "12 min": the time left or past.</summary>
    public static string Span(TimeSpan span, bool english)
    {
        span = span.Duration();
        if (span.TotalDays >= 1)
        {
            return english ? $"{(int)span.TotalDays} d {span.Hours} h" : $"{(int)span.TotalDays} ngày {span.Hours} giờ";
        }

        if (span.TotalHours >= 1)
        {
            return english ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalHours} giờ {span.Minutes} phút";
        }

        return english ? $"{Math.Max(1, span.Minutes)} min" : $"{Math.Max(1, span.Minutes)} phút";
    }
}
