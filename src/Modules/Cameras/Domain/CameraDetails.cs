using System.Text.RegularExpressions;
using Mekong.Platform.Spatial;

namespace Mekong.Modules.Cameras.Domain;

/// <summary>A field that is wrong and why (an API field error, an import row's reason).</summary>
internal sealed record DetailError(string Field, string Message);

/// <summary>What a camera is, as an administrator, an import row or the demo states it (credentials apart).</summary>
internal sealed partial record CameraDetails(
    string Code,
    string Name,
    string Type,
    double Latitude,
    double Longitude,
    string? Vendor = null,
    string? Model = null,
    string? OwnerAgency = null,
    string? Contractor = null,
    string? NetworkSegment = null,
    string? PowerFeeder = null,
    string? RtspMainUrl = null,
    string? RtspSubUrl = null,
    string? SnapshotUrl = null,
    string? OnvifUrl = null,
    IReadOnlyList<string>? TagList = null,
    DateOnly? InstalledOn = null)
{
    public IReadOnlyList<string> Tags => TagList ?? [];

    /// <summary>Every rule a camera's description breaks, by field (the names of the API and of the CSV columns).</summary>
    public IReadOnlyList<DetailError> Validate()
    {
        var errors = new List<DetailError>();
        if (string.IsNullOrWhiteSpace(Code) || Code.Trim().Length > Camera.CodeMaxLength || !CodePattern().IsMatch(Code.Trim()))
        {
            errors.Add(new("code", $"code is required: letters, digits, '-', '_' or '.', at most {Camera.CodeMaxLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > Camera.NameMaxLength)
        {
            errors.Add(new("name", $"name is required, at most {Camera.NameMaxLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(Type) || !TypePattern().IsMatch(Type.Trim().ToLowerInvariant()))
        {
            errors.Add(new("type", "type is required: a lower-case word such as traffic or security (a-z, 0-9, '-', at most 32)."));
        }

        if (!Geo.IsValidLatLon(Latitude, Longitude) || (Latitude == 0 && Longitude == 0))
        {
            errors.Add(new("latitude", "latitude and longitude must be a point in degrees (WGS 84)."));
        }

        Text(errors, "vendor", Vendor);
        Text(errors, "model", Model);
        Text(errors, "ownerAgency", OwnerAgency);
        Text(errors, "contractor", Contractor);
        Text(errors, "networkSegment", NetworkSegment);
        Text(errors, "powerFeeder", PowerFeeder);
        Url(errors, "rtspMainUrl", RtspMainUrl, "rtsp", "rtsps");
        Url(errors, "rtspSubUrl", RtspSubUrl, "rtsp", "rtsps");
        Url(errors, "snapshotUrl", SnapshotUrl, "http", "https");
        Url(errors, "onvifUrl", OnvifUrl, "http", "https");
        if (Tags.Count > 20 || Tags.Any(t => t.Length > 50 || t.Contains(';', StringComparison.Ordinal)))
        {
            errors.Add(new("tags", "tags: at most 20, each at most 50 characters, without ';'."));
        }

        return errors;
    }

    private static void Text(List<DetailError> errors, string field, string? value)
    {
        if (value is { Length: > Camera.TextMaxLength })
        {
            errors.Add(new(field, $"{field} is at most {Camera.TextMaxLength} characters."));
        }
    }

    private static void Url(List<DetailError> errors, string field, string? value, params string[] schemes)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > Camera.UrlMaxLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            errors.Add(new(field, $"{field} must be an absolute {string.Join(" or ", schemes)} URL of at most {Camera.UrlMaxLength} characters."));
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // A password in a URL would be shown wherever the URL is: credentials go in their own, protected, field.
            errors.Add(new(field, $"{field} must not hold a user name or password; give them as username and password."));
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex TypePattern();
}
