using Mekong.Modules.Access.Domain;
using Mekong.Platform.Errors;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Access.Features.SignIn;

/// <summary>The log-in form's fields (posted by the /login page, antiforgery-checked).</summary>
internal sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    public bool RememberMe { get; set; }
}

/// <summary>The sign-out form's fields (posted by every signed-in page, antiforgery-checked).</summary>
internal sealed class SignOutForm
{
    public string? ReturnUrl { get; set; }
}

/// <summary>
/// A password hash of nothing, computed once: checking a password against it costs what checking a real one does,
/// so an unknown e-mail or a locked account answers as slowly as a wrong password (no timing tells them apart).
/// </summary>
internal sealed class DummyPasswordHash
{
    private readonly Lazy<string> _hash;

    public DummyPasswordHash(IOptions<PasswordHasherOptions> options) =>
        _hash = new Lazy<string>(() => new PasswordHasher<MekongUser>(options)
            .HashPassword(new MekongUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public string Value => _hash.Value;
}

/// <summary>
/// Cookie log-in and log-out for people. Every failure redirects back to the form with the same reason code
/// (<c>invalid</c>): an unknown e-mail, a wrong password and a locked account look alike and cost the same password
/// check, so the form does not tell who has an account. Lock-out after repeated failures comes from Identity, and
/// the endpoint is rate limited per address.
/// </summary>
internal static class SignInEndpoints
{
    public const string DefaultReturnUrl = "/ops";

    public static async Task<RedirectHttpResult> SignIn(
        [FromForm] SignInForm form, SignInManager<MekongUser> signIn, IPasswordHasher<MekongUser> hasher, DummyPasswordHash dummy, ILoggerFactory loggers)
    {
        var returnUrl = LocalUrls.LocalOr(form.ReturnUrl, DefaultReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return TypedResults.Redirect(FormUrl("missing", returnUrl));
        }

        var logger = loggers.CreateLogger("Mekong.Access.SignIn");
        var user = await signIn.UserManager.FindByEmailAsync(form.Email.Trim());
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            // Identity checks no password for these: do the same work it does for a wrong one.
            hasher.VerifyHashedPassword(user ?? new MekongUser(), dummy.Value, form.Password);
            if (user is not null)
            {
                logger.LogWarning("Sign-in refused for locked-out user {UserId}", user.Id);
            }

            return TypedResults.Redirect(FormUrl("invalid", returnUrl));
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return TypedResults.Redirect(returnUrl);
        }

        logger.LogWarning("Failed sign-in for user {UserId} (locked out: {LockedOut})", user.Id, result.IsLockedOut);
        return TypedResults.Redirect(FormUrl("invalid", returnUrl));
    }

    /// <summary>Ends the session: the cookie is deleted and its server-side session removed, so a copy of it no longer works.</summary>
    public static async Task<RedirectHttpResult> SignOut([FromForm] SignOutForm? form, SignInManager<MekongUser> signIn)
    {
        // The binder gives no form object when the post has none of its fields (only the antiforgery token).
        await signIn.SignOutAsync();
        return TypedResults.Redirect(LocalUrls.LocalOr(form?.ReturnUrl, "/"));
    }

    /// <summary>Starts a log-in at the configured OpenID Connect provider.</summary>
    public static Results<ChallengeHttpResult, ProblemHttpResult> External(string? returnUrl, SignInManager<MekongUser> signIn, IOptions<OidcOptions> oidc)
    {
        if (!oidc.Value.IsConfigured)
        {
            return TypedResults.Problem(type: ProblemTypes.NotFound, title: "Single sign-on is not configured", statusCode: StatusCodes.Status404NotFound,
                detail: "This installation has no single sign-on provider (Mekong:Authentication:Oidc); sign in with e-mail and password at /login.");
        }

        var properties = signIn.ConfigureExternalAuthenticationProperties(
            OidcSetup.Scheme, "/account/external-callback?returnUrl=" + Uri.EscapeDataString(LocalUrls.LocalOr(returnUrl, DefaultReturnUrl)));
        return TypedResults.Challenge(properties, [OidcSetup.Scheme]);
    }

    /// <summary>
    /// Back from the provider: the person must already exist in Mekong (an administrator created them with their
    /// e-mail and a role); the first time, the external login is linked to that user.
    /// </summary>
    public static async Task<RedirectHttpResult> ExternalCallback(string? returnUrl, HttpContext http, SignInManager<MekongUser> signIn)
    {
        var target = LocalUrls.LocalOr(returnUrl, DefaultReturnUrl);
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return TypedResults.Redirect(FormUrl("external", target));
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
            ? TypedResults.Redirect(target)
            : TypedResults.Redirect(FormUrl(result.IsLockedOut ? "locked" : "unknown-external", target));
    }

    /// <summary>Back to the form with a reason code; never the e-mail, which would end up in browser history and proxy logs.</summary>
    private static string FormUrl(string error, string returnUrl) => $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
