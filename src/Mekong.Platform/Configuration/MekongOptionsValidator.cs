using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Configuration;

/// <summary>Checks the settings that data annotations cannot, and names the configuration key in every message.</summary>
internal sealed class MekongOptionsValidator(IConfiguration configuration) : IValidateOptions<MekongOptions>
{
    public ValidateOptionsResult Validate(string? name, MekongOptions options)
    {
        var failures = new List<string>();
        var provider = configuration[$"{MekongOptions.Section}:Database:Provider"];
        if (!string.IsNullOrWhiteSpace(provider) && !Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out _))
        {
            failures.Add($"Mekong:Database:Provider is '{provider}'; use 'Sqlite' or 'PostgreSQL'.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Mekong:DataDirectory must not be empty.");
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"Mekong:DataDirectory '{options.DataDirectory}' is not a valid path.");
        }

        if (options.Database.Provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Mekong")))
        {
            failures.Add("ConnectionStrings:Mekong is required when Mekong:Database:Provider is PostgreSQL.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Mekong:PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.Map.TileUrl) && !options.Map.TileUrl.Contains("{z}", StringComparison.Ordinal))
        {
            failures.Add("Mekong:Map:TileUrl must be a tile template with {z}, {x} and {y}.");
        }

        ValidateRateLimits(options.RateLimits, failures);
        ValidateReverseProxy(options.ReverseProxy, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private const int MaxPerMinute = 1_000_000;

    private static void ValidateRateLimits(RateLimitOptions limits, List<string> failures)
    {
        void Check(string key, int value)
        {
            if (value is < 1 or > MaxPerMinute)
            {
                failures.Add($"Mekong:RateLimits:{key} is {value}; use a number of requests a minute from 1 to {MaxPerMinute}.");
            }
        }

        Check("PublicRead:AnonymousPerMinute", limits.PublicRead.AnonymousPerMinute);
        Check("PublicRead:IdentifiedPerMinute", limits.PublicRead.IdentifiedPerMinute);
        Check("AnonymousWrite:AnonymousPerMinute", limits.AnonymousWrite.AnonymousPerMinute);
        Check("AnonymousWrite:IdentifiedPerMinute", limits.AnonymousWrite.IdentifiedPerMinute);
        Check("Login:PerMinute", limits.Login.PerMinute);
    }

    private static void ValidateReverseProxy(ReverseProxyOptions proxy, List<string> failures)
    {
        for (var i = 0; i < proxy.KnownProxies.Length; i++)
        {
            if (!System.Net.IPAddress.TryParse(proxy.KnownProxies[i], out _))
            {
                failures.Add($"Mekong:ReverseProxy:KnownProxies:{i} '{proxy.KnownProxies[i]}' is not an IP address (e.g. 127.0.0.1 or 10.0.0.5).");
            }
        }

        for (var i = 0; i < proxy.KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(proxy.KnownNetworks[i], out _))
            {
                failures.Add($"Mekong:ReverseProxy:KnownNetworks:{i} '{proxy.KnownNetworks[i]}' is not a network in CIDR notation (e.g. 10.0.0.0/24).");
            }
        }

        if (proxy.ForwardLimit is < 1 or > 10)
        {
            failures.Add($"Mekong:ReverseProxy:ForwardLimit is {proxy.ForwardLimit}; use the number of proxies in a row, from 1 to 10.");
        }
    }
}
