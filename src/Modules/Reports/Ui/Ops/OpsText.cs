using System.Globalization;
using Mekong.Platform;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Reports.Ui.Ops;

/// <summary>Marker for the operator console's and statistics' strings: OpsText.resx (Vietnamese) and OpsText.en.resx.</summary>
internal sealed class OpsText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Stored in UTC, shown in Vietnam's time.</summary>
    public static string Date(DateTimeOffset value) => VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>How long ago, in the largest whole unit: minutes, hours or days.</summary>
    public static string Age(TimeSpan age, IStringLocalizer<OpsText> text) =>
        age.TotalMinutes < 1 ? text["AgeNow"]
        : age.TotalHours < 1 ? text["AgeMinutes", (int)age.TotalMinutes]
        : age.TotalDays < 1 ? text["AgeHours", (int)age.TotalHours]
        : text["AgeDays", (int)age.TotalDays];
}
