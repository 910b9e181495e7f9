using System.Globalization;
using Mekong.Platform.Paging;

namespace Mekong.Platform.Errors;

/// <summary>
/// Parses query-string values into typed values, recording a field error instead of throwing, so a request with
/// three bad parameters gets one 400 that names all three.
/// </summary>
public static class QueryParsing
{
    public static DateOnly? Date(this FieldErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, $"'{text}' is not a date in the form YYYY-MM-DD.");
        return null;
    }

    public static double? Number(this FieldErrors errors, string field, string? text, double min, double max, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(field, $"{field} is required.");
            }

            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            errors.Add(field, $"'{text}' is not a number.");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(field, $"{field} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    public static int Limit(this FieldErrors errors, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return KeysetCursor.DefaultLimit;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= KeysetCursor.MaxLimit)
        {
            return limit;
        }

        errors.Add("limit", $"limit must be a whole number from 1 to {KeysetCursor.MaxLimit}.");
        return KeysetCursor.DefaultLimit;
    }

    public static string? Cursor(this FieldErrors errors, string? text)
    {
        if (KeysetCursor.TryDecode(text, out var key))
        {
            return key;
        }

        errors.Add("cursor", "cursor is not one this server handed out; follow the 'next' link as given.");
        return null;
    }
}
