using System.Globalization;

namespace Mekong.Modules.Telemetry.Ui;

/// <summary>Marker for the telemetry screens' strings: TelemetryText.resx (Vietnamese) and TelemetryText.en.resx.</summary>
internal sealed class TelemetryText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Stored in UTC, shown in Vietnam's time.</summary>
    public static string Date(DateTimeOffset value) => Mekong.Platform.VietnamTime.ToLocal(value).ToString("dd/MM HH:mm", CultureInfo.InvariantCulture);
}
