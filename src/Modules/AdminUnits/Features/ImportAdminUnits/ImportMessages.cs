using System.Globalization;
using System.Resources;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// The import report's words in <see cref="CultureInfo.CurrentUICulture"/>: ImportMessages.resx (Vietnamese, the
/// neutral culture) and ImportMessages.en.resx. Numbers, codes and dates are formatted invariantly in both languages
/// ("12.5 ha", "9.55, 105.9", "2025-07-01"): GIS staff copy them into QGIS, and a decimal comma there would be read as
/// a separator.
/// </summary>
internal static class ImportMessages
{
    public static readonly ResourceManager Resources = new(typeof(ImportMessages).FullName!, typeof(ImportMessages).Assembly);

    public static string Get(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"No import message '{key}'.");

    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Get(key), args);
}
