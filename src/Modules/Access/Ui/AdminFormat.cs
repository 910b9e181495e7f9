using System.Globalization;
using Mekong.Platform;

namespace Mekong.Modules.Access.Ui;

/// <summary>Dates on the admin pages: stored in UTC, shown in Vietnam's time.</summary>
internal static class AdminFormat
{
    public static string Date(DateTimeOffset value) =>
        VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset? value, string none) => value is { } v ? Date(v) : none;
}
