namespace Mekong.Platform.Text;

/// <summary>
/// What a name or other short text a user types may hold: a bounded length and no control characters (a NUL, a line
/// break or an escape in a province's name would break CSV exports, logs and the pages that show it).
/// </summary>
public static class FreeText
{
    /// <summary>Why <paramref name="text"/> is not acceptable, as the end of a sentence ("is at most 200 characters."); null when it is.</summary>
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

        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return "must not contain control characters or line breaks.";
            }

            if (char.IsSurrogate(c) && !HasValidSurrogates(text))
            {
                return "is not valid Unicode text.";
            }
        }

        return null;
    }

    private static bool HasValidSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
