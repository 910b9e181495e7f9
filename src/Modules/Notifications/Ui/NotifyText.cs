using System.Globalization;
using Mekong.Platform;

namespace Mekong.Modules.Notifications.Ui;

/// <summary>Marker for the module's strings: NotifyText.resx (Vietnamese) and NotifyText.en.resx.</summary>
internal sealed class NotifyText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Stored in UTC, shown in Vietnam's time.</summary>
    public static string Date(DateTimeOffset value) => VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
