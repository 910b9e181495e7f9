using System.Globalization;
using Mekong.Platform;

namespace Mekong.Modules.News.Ui.Admin;

/// <summary>The newsroom screens' strings (NewsAdminText.resx Vietnamese, .en.resx English) and their date fields.</summary>
internal sealed class NewsAdminText
{
    /// <summary>A <c>datetime-local</c> value in Vietnam time.</summary>
    public static string? Local(DateTimeOffset? at) => at is { } t ? VietnamTime.ToLocal(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;

    /// <summary>A <c>datetime-local</c> value read as Vietnam time; empty is null; unreadable is an error.</summary>
    public static bool TryParseLocal(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        at = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
        return true;
    }

    public static string When(DateTimeOffset? at) =>
        at is { } t ? VietnamTime.ToLocal(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";
}
