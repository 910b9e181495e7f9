using System.Globalization;

namespace Mekong.Modules.Reports.Domain;

/// <summary>
/// The date/time form Open311 uses (the W3C note's subset of ISO 8601). Written in Vietnam time with its offset
/// (<c>2026-01-31T08:30:00+07:00</c>); read with an offset or <c>Z</c>, or as a date (midnight in Vietnam).
/// </summary>
internal static class W3cDateTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>Parses the text; the value is in UTC (PostgreSQL's timestamptz takes only offset 0).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        var parsed = TryParseAnyOffset(text, out value);
        value = value.ToUniversalTime();
        return parsed;
    }

    private static bool TryParseAnyOffset(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // A '+' in an unencoded query string arrives as a space; no valid form has one.
        text = text.Trim().Replace(' ', '+');
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            if (DateTimeOffset.TryParseExact(text.ToUpperInvariant(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            {
                return true;
            }

            return false;
        }

        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue);
            value = new DateTimeOffset(local, Platform.VietnamTime.Zone.GetUtcOffset(local));
            return true;
        }

        return false;
    }

    public static string Format(DateTimeOffset value) =>
        Platform.VietnamTime.ToLocal(value).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
