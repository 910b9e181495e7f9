using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Platform.Errors;
using Mekong.Platform.Text;

namespace Mekong.Modules.Telemetry.Domain;

internal enum DeviceStatus
{
    /// <summary>Reporting; its readings are accepted.</summary>
    Active,

    /// <summary>Being serviced: readings are accepted, the map shows it grey, and (later) alerts stay quiet.</summary>
    Maintenance,

    /// <summary>Taken out of service: its readings are refused, its history kept.</summary>
    Retired,
}

/// <summary>
/// A sensor station of one jurisdiction (<i>trạm quan trắc</i>): its type (which measurements it sends), where it
/// stands and in which commune, who owns it, and its credential. The token is shown once when issued; only its SHA-256
/// is stored (256 bits of entropy: a fast hash is enough, as for API keys), and the token alone says which device writes.
/// </summary>
internal sealed partial class Device
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int AgencyMaxLength = 200;
    public const string TokenPrefix = "mkd_";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Device()
    {
        JurisdictionCode = Code = Name = TypeCode = OwnerAgency = string.Empty;
    }

    public long Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>The agency's own code for the station, unique in the jurisdiction (e.g. <c>MN-0012</c>).</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public string TypeCode { get; private set; }

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    /// <summary>The commune (<i>xã, phường</i>) the station stands in, from the admin-unit directory; null outside every commune.</summary>
    public string? CommuneCode { get; private set; }

    public string OwnerAgency { get; private set; }

    public DeviceStatus Status { get; private set; }

    public string? TokenHash { get; private set; }

    public DateTimeOffset? TokenIssuedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DeviceType Type => DeviceTypes.Find(TypeCode) ?? throw new InvalidOperationException($"Device {Id} has the unknown type '{TypeCode}'.");

    public static void Check(FieldErrors errors, string? code, string? name, string? type, double? latitude, double? longitude, string? ownerAgency)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Trim().Length > CodeMaxLength || !CodePattern().IsMatch(code.Trim()))
        {
            errors.Add("code", $"A device code is 1 to {CodeMaxLength} letters, digits, '-', '_' or '.'.");
        }

        if (PlainText.NameProblem(name, NameMaxLength, "A device's name") is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }

        if (DeviceTypes.Find(type) is null)
        {
            errors.Add("type", $"Type '{type}' is not one of {string.Join(", ", DeviceTypes.All.Select(t => t.Code))}.");
        }

        if (latitude is not (>= -90 and <= 90))
        {
            errors.Add("latitude", "The latitude is a number from -90 to 90.");
        }

        if (longitude is not (>= -180 and <= 180))
        {
            errors.Add("longitude", "The longitude is a number from -180 to 180.");
        }

        if (PlainText.NameProblem(ownerAgency, AgencyMaxLength, "The owner agency") is { } agencyProblem)
        {
            errors.Add("ownerAgency", agencyProblem);
        }
    }

    /// <summary>Registers a device (its values checked by <see cref="Check"/> first) and issues its first token.</summary>
    public static (Device Device, string Token) Register(
        string jurisdictionCode, string code, string name, string type, double latitude, double longitude, string? communeCode, string ownerAgency, TimeProvider clock)
    {
        var errors = new FieldErrors();
        Check(errors, code, name, type, latitude, longitude, ownerAgency);
        if (!errors.IsEmpty)
        {
            throw DomainException.Invalid(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        }

        var now = clock.GetUtcNow();
        var device = new Device
        {
            JurisdictionCode = jurisdictionCode,
            Code = code.Trim(),
            Name = name.Trim(),
            TypeCode = type,
            Latitude = latitude,
            Longitude = longitude,
            CommuneCode = communeCode,
            OwnerAgency = ownerAgency.Trim(),
            Status = DeviceStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (device, device.IssueToken(clock));
    }

    /// <summary>Moves or renames the device; its type (and so its history's meaning) stays.</summary>
    public void Update(string name, double latitude, double longitude, string? communeCode, string ownerAgency, DeviceStatus status, TimeProvider clock)
    {
        Name = name.Trim();
        Latitude = latitude;
        Longitude = longitude;
        CommuneCode = communeCode;
        OwnerAgency = ownerAgency.Trim();
        Status = status;
        UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>A new token replaces the old one at once; the returned text is the only time it exists outside the caller.</summary>
    public string IssueToken(TimeProvider clock)
    {
        var token = TokenPrefix + RandomNumberGenerator.GetString(Alphabet, 43);
        TokenHash = Hash(token);
        TokenIssuedAt = clock.GetUtcNow();
        UpdatedAt = TokenIssuedAt.Value;
        return token;
    }

    /// <summary>The device can no longer write until a new token is issued.</summary>
    public void RevokeToken(TimeProvider clock)
    {
        TokenHash = null;
        TokenIssuedAt = null;
        UpdatedAt = clock.GetUtcNow();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares in constant time, so the answer's timing says nothing about the stored hash.</summary>
    public static bool Matches(string? storedHash, string? token) =>
        storedHash is not null && token is not null && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(Hash(token)));

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex CodePattern();
}
