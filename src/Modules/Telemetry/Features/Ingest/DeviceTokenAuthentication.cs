using System.Security.Claims;
using System.Text.Encodings.Web;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Platform.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Ingest;

/// <summary>
/// A device's own credential on HTTP: <c>Authorization: Bearer mkd_…</c>. The principal it makes holds no role, only
/// the device and its jurisdiction, so it passes <see cref="TelemetryPolicies.Ingest"/> and nothing else.
/// </summary>
internal sealed class DeviceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeviceDirectory devices)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TelemetryDevice";
    public const string DeviceClaim = "mekong:device";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(Domain.Device.TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var device = await devices.AuthenticateAsync(token, Context.RequestAborted);
        if (device is null)
        {
            return AuthenticateResult.Fail("The device token is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(DeviceClaim, device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(MekongClaims.Jurisdiction, device.JurisdictionCode),
                new Claim(MekongClaims.DisplayName, $"device {device.Id}"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

internal static class TelemetryPolicies
{
    /// <summary>Writes readings: a device with its own token, or an operator's or administrator's key or session.</summary>
    public const string Ingest = "mekong:telemetry-ingest";

    public static IServiceCollection AddTelemetryAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DeviceTokenAuthenticationHandler>(DeviceTokenAuthenticationHandler.SchemeName, _ => { });
        // The policy asks the device scheme and the host's default scheme (API key or cookie), whatever that one is named.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthenticationOptions>>((authorization, authentication) =>
            authorization.AddPolicy(Ingest, policy => policy
                .AddAuthenticationSchemes([DeviceTokenAuthenticationHandler.SchemeName, .. authentication.Value.DefaultScheme is { } d ? [d] : Array.Empty<string>()])
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasClaim(c => c.Type == DeviceTokenAuthenticationHandler.DeviceClaim)
                    || context.User.IsInRole(Roles.Administrator) || context.User.IsInRole(Roles.Operator))));
        return services;
    }

    public static IngestCaller CallerOf(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(DeviceTokenAuthenticationHandler.DeviceClaim) is { } device)
        {
            return new IngestCaller(long.Parse(device, System.Globalization.CultureInfo.InvariantCulture), ActorScope.JurisdictionOf(user), false);
        }

        return new IngestCaller(null, ActorScope.JurisdictionOf(user), ActorScope.IsInstallationAdministrator(user));
    }
}
