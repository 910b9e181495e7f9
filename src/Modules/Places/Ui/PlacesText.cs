using System.Globalization;
using Mekong.Modules.Places.Routing;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Places.Ui;

/// <summary>Marker for the places screens' strings (PlacesText.resx Vietnamese, PlacesText.en.resx English) and their formats.</summary>
internal sealed class PlacesText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => English ? "en" : "vi";

    /// <summary>"850 m", "12,3 km" (vi) / "12.3 km" (en).</summary>
    public static string Distance(double metres) => metres < 1000
        ? Math.Round(metres / 10) * 10 + " m"
        : (metres / 1000).ToString(metres < 100_000 ? "0.0" : "0", CultureInfo.CurrentCulture) + " km";

    public static string Duration(double seconds, IStringLocalizer<PlacesText> text)
    {
        var minutes = Math.Max(1, (int)Math.Round(seconds / 60));
        return minutes < 60 ? text["Minutes", minutes] : text["HoursMinutes", minutes / 60, minutes % 60];
    }

    public static string ProfileName(RoutingProfile profile, IStringLocalizer<PlacesText> text) => text["Profile" + profile];

    /// <summary>A point as the APIs and links write it: <c>lat,lon</c> with the invariant culture.</summary>
    public static string Point(double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(lat, 6)},{Math.Round(lon, 6)}");

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string TelHref(string phone) => new(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
}
