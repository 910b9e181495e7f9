using System.Globalization;

namespace Mekong.Platform.Text;

/// <summary>
/// Rules for short text people type (a display name, a key's name, a province's or a commune's name): a bounded
/// length and one line of visible text. A NUL, a line break or an escape would break CSV exports, logs and the pages
/// that show it; an invisible format character (zero-width space, right-to-left override) makes a name look like another.
/// </summary>
public static class PlainText
{
    /// <summary>
    /// False when the text holds a control character (tab, line break, NUL), an invisible format character, a line or
    /// paragraph separator, a private-use or unassigned code point, or half of a surrogate pair.
    /// </summary>
    public static bool IsSingleLine(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.Surrogate:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Why <paramref name="text"/> is not acceptable, as the end of a sentence ("is at most 200 characters."); null
    /// when it is, and for no text at all (whether a field is required is the caller's rule).
    /// </summary>
    public static string? Problem(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return $"is at most {maxLength} characters.";
        }

        return IsSingleLine(text) ? null : "must be one line of visible text: no control characters, line breaks or invisible characters.";
    }

    /// <summary>Why <paramref name="text"/> is not an acceptable name of 1 to <paramref name="maxLength"/> characters, or null.</summary>
    public static string? NameProblem(string? text, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
        {
            return $"{what} must have 1 to {maxLength} characters.";
        }

        return IsSingleLine(text) ? null : $"{what} must be one line of visible text: no tabs, line breaks or invisible characters.";
    }
}
