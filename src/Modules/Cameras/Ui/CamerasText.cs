using System.Globalization;
using Mekong.Platform;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Cameras.Ui;

/// <summary>Marker for the camera screens' strings: CamerasText.resx (Vietnamese) and CamerasText.en.resx.</summary>
internal sealed class CamerasText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string CameraLink(Guid id) => $"/ops/cameras/{id}";

    /// <summary>Stored in UTC, shown in Vietnam's time.</summary>
    public static string Date(DateTimeOffset? value) => value is { } v ? VietnamTime.ToLocal(v).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "–";

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.CurrentCulture) + " %" : "–";

    public static string Age(DateTimeOffset? at, DateTimeOffset now, IStringLocalizer<CamerasText> text)
    {
        if (at is not { } a)
        {
            return "–";
        }

        var age = now - a;
        return age.TotalMinutes < 1 ? text["AgeNow"]
            : age.TotalHours < 1 ? text["AgeMinutes", (int)age.TotalMinutes]
            : age.TotalDays < 1 ? text["AgeHours", (int)age.TotalHours]
            : text["AgeDays", (int)age.TotalDays];
    }

    public static string StateName(string state, IStringLocalizer<CamerasText> text) =>
        text["State" + char.ToUpperInvariant(state[0]) + state[1..]] is { ResourceNotFound: false } found ? found.Value : state;

    public static string TypeName(string type, IStringLocalizer<CamerasText> text) =>
        type.Length > 0 && text["Type" + char.ToUpperInvariant(type[0]) + type[1..]] is { ResourceNotFound: false } found ? found.Value : type;

    public static string FaultName(string fault, IStringLocalizer<CamerasText> text) =>
        text["Fault" + string.Concat(fault.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]))] is { ResourceNotFound: false } found ? found.Value : fault;
}
