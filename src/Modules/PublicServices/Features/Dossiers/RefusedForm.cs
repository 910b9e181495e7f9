using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>
/// What a resident typed into a dossier form the server refused (ADR 0042), kept for the page they are sent back to: in a
/// cookie encrypted and time-limited by Data Protection, for the procedure pages only, read once. Not in the redirect's
/// address, where an identity number would end up in logs and the browser's history. Files are not kept: the browser
/// cannot be given them back.
/// </summary>
internal static class RefusedForm
{
    public const string CookieName = "ps-refused-form";
    private const string Purpose = "Mekong.PublicServices.RefusedForm.v1";
    private const int MaxCookieChars = 3500;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static void Keep(HttpContext http, IFormCollection form)
    {
        var values = form.Where(p => p.Key is not ("__RequestVerificationToken" or "procedure") && p.Key.Length <= 100)
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
        var text = protector.Protect(JsonSerializer.Serialize(values), Lifetime);
        if (text.Length > MaxCookieChars)
        {
            return; // too much to keep in a cookie: the page shows the errors and the resident types again
        }

        http.Response.Cookies.Append(CookieName, text, Options(http));
    }

    /// <summary>The kept values (empty when none, expired or tampered with); the cookie is removed.</summary>
    public static IReadOnlyDictionary<string, string> Take(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var text) || string.IsNullOrEmpty(text))
        {
            return new Dictionary<string, string>();
        }

        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(CookieName, Options(http));
        }

        try
        {
            var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
            return JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(text)) ?? new Dictionary<string, string>();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/public-services/procedures",
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
