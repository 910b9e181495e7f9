using System.Globalization;
using Mekong.Modules.News.Domain;
using Microsoft.Extensions.Localization;

namespace Mekong.Modules.News.Ui.Portal;

/// <summary>The news pages' strings (NewsText.resx Vietnamese, .en.resx English).</summary>
internal sealed class NewsText
{
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";

    public static string Category(IStringLocalizer<NewsText> l, ArticleCategory category) => l["Category" + category];

    public static string Date(DateTimeOffset at) =>
        Mekong.Platform.VietnamTime.ToLocal(at).ToString(Language == "en" ? "d MMM yyyy, HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.CurrentCulture);
}
