using System.Globalization;

namespace Mekong.Modules.PublicServices.Ui.Portal;

/// <summary>The public-services pages' strings (PublicServicesText.resx Vietnamese, .en.resx English).</summary>
internal sealed class PublicServicesText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
