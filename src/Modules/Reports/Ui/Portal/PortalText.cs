using System.Globalization;
using Mekong.Platform;

namespace Mekong.Modules.Reports.Ui.Portal;

/// <summary>The residents' portal strings (PortalText.resx Vietnamese, PortalText.en.resx English) and its small formatting rules.</summary>
internal sealed class PortalText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => English ? "en" : "vi";

    /// <summary>Stored in UTC, shown in Vietnam's time.</summary>
    public static string Date(DateTimeOffset value) => VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", English ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>A colour per category group, so that the chooser and the map tell groups apart (with the name beside: never colour alone).</summary>
    public static string GroupColour(string group)
    {
        string[] palette = ["#1d4ed8", "#047857", "#b45309", "#be123c", "#6d28d9", "#0e7490", "#4d7c0f", "#c2410c", "#334155", "#a21caf"];
        var hash = 0;
        foreach (var c in group)
        {
            hash = unchecked((hash * 31) + c);
        }

        return palette[(int)((uint)hash % palette.Length)];
    }
}
