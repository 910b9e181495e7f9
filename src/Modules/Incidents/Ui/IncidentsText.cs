using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.Incidents.Ui;

/// <summary>The incident screens' strings (IncidentsText.resx Vietnamese, .en.resx English).</summary>
internal sealed class IncidentsText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Pick(string vi, string en) => English ? en : vi;

    public static string Date(DateTimeOffset at) =>
        Mekong.Platform.VietnamTime.ToLocal(at).ToString(English ? "d MMM yyyy, HH:mm" : "HH:mm dd/MM/yyyy", CultureInfo.CurrentCulture);

    public static string Severity(IStringLocalizer<IncidentsText> l, string severity) => l["Severity" + severity];

    public static string Status(IStringLocalizer<IncidentsText> l, string status) => l["Status_" + status];

    public static string Link(Guid id) => $"/ops/incidents/{id}";
}
