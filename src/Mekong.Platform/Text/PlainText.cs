using System.Globalization;

namespace Mekong.Platform.Text;

/// <summary>Rules for short names people type (a display name, a key's name): one line of visible text.</summary>
public static class PlainText
{
    /// <summary>
    /// False when the text holds a control character (tab, line break, NUL), an invisible format character
    /// (zero-width space, right-to-left override: they make a name look like another) or a line separator.
    /// </summary>
    public static bool IsSingleLine(string text)
    {
        foreach (var c in text)
        {
            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="text"/> is not an acceptable name of at most <paramref name="maxLength"/> characters, or null.</summary>
    public static string? NameProblem(string? text, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
        {
            return $"{what} must have 1 to {maxLength} characters.";
        }

        return IsSingleLine(text) ? null : $"{what} must be one line of visible text: no tabs, line breaks or invisible characters.";
    }
}
