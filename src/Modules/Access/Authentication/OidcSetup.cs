using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Access;

/// <summary>Settings of the optional OpenID Connect log-in (a provincial or national single sign-on).</summary>
internal sealed class OidcOptions
{
    public const string Section = "Mekong:Authentication:Oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Label of the button on the log-in page, e.g. "VNeID" or "SSO tỉnh".</summary>
    public string DisplayName { get; set; } = "SSO";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

internal static class OidcSetup
{
    public const string Scheme = "oidc";

    /// <summary>Adds the OpenID Connect handler only when <c>Mekong:Authentication:Oidc:Authority</c> and <c>ClientId</c> are set.</summary>
    public static AuthenticationBuilder AddMekongOidc(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var settings = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (!settings.IsConfigured)
        {
            return builder;
        }

        return builder.AddOpenIdConnect(Scheme, settings.DisplayName, options =>
        {
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.ResponseType = "code";
            options.UsePkce = true;
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.CallbackPath = "/signin-oidc";
            options.Scope.Add("email");
            options.GetClaimsFromUserInfoEndpoint = true;
            options.MapInboundClaims = true;
        });
    }
}
