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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
