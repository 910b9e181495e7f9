using Mekong.Modules.Access.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Access.Features.SignIn;

/// <summary>The log-in form's fields (posted by the /login page, antiforgery-checked).</summary>
internal sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    public bool RememberMe { get; set; }
}

/// <summary>
/// Cookie log-in and log-out for people. Failures redirect back to the form with a reason code; lock-out after
/// repeated failures comes from Identity, and the endpoint is rate limited per address.
/// </summary>
internal static class SignInEndpoints
{
    public static async Task<RedirectHttpResult> SignIn(
        [FromForm] SignInForm form, SignInManager<MekongUser> signIn, ILoggerFactory loggers)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return TypedResults.Redirect(FormUrl("missing", returnUrl, form.Email));
        }

        var user = await signIn.UserManager.FindByEmailAsync(form.Email.Trim());
        if (user is null)
        {
            return TypedResults.Redirect(FormUrl("invalid", returnUrl, form.Email));
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        var logger = loggers.CreateLogger("Mekong.Access.SignIn");
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return TypedResults.Redirect(returnUrl);
        }

        logger.LogWarning("Failed sign-in for user {UserId} (locked out: {LockedOut})", user.Id, result.IsLockedOut);
        return TypedResults.Redirect(FormUrl(result.IsLockedOut ? "locked" : "invalid", returnUrl, form.Email));
    }

    public static async Task<RedirectHttpResult> SignOut(SignInManager<MekongUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.Redirect("/");
    }

    /// <summary>Starts a log-in at the configured OpenID Connect provider.</summary>
    public static ChallengeHttpResult External(string? returnUrl, SignInManager<MekongUser> signIn)
    {
        var properties = signIn.ConfigureExternalAuthenticationProperties(
            OidcSetup.Scheme, "/account/external-callback?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl(returnUrl)));
        return TypedResults.Challenge(properties, [OidcSetup.Scheme]);
    }

    /// <summary>
    /// Back from the provider: the person must already exist in Mekong (an administrator created them with their
    /// e-mail and a role); the first time, the external login is linked to that user.
    /// </summary>
    public static async Task<RedirectHttpResult> ExternalCallback(string? returnUrl, HttpContext http, SignInManager<MekongUser> signIn)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return TypedResults.Redirect(FormUrl("external", SafeReturnUrl(returnUrl), null));
        }

        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (!result.Succeeded && !result.IsLockedOut)
        {
            var email = info.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? info.Principal.FindFirst("email")?.Value;
            var user = email is null ? null : await signIn.UserManager.FindByEmailAsync(email);
            if (user is not null && (await signIn.UserManager.AddLoginAsync(user, info)).Succeeded)
            {
                await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
                result = Microsoft.AspNetCore.Identity.SignInResult.Success;
            }
        }

        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        return result.Succeeded
            ? TypedResults.Redirect(SafeReturnUrl(returnUrl))
            : TypedResults.Redirect(FormUrl(result.IsLockedOut ? "locked" : "unknown-external", SafeReturnUrl(returnUrl), null));
    }

    /// <summary>Only local paths: an open redirect would let a phishing link borrow our log-in page.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/ops";

    private static string FormUrl(string error, string returnUrl, string? email) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}" + (string.IsNullOrWhiteSpace(email) ? string.Empty : "&email=" + Uri.EscapeDataString(email.Trim()));
}
