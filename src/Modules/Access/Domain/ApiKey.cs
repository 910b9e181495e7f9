using System.Security.Cryptography;
using System.Text;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Access.Domain;

/// <summary>
/// A key an agency's system sends in <c>X-Api-Key</c>. The secret is shown once at creation; only its SHA-256 is
/// stored (the secret has 256 bits of entropy, so a fast hash is enough). The public prefix finds the row.
/// </summary>
internal sealed class ApiKey
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private ApiKey()
    {
        Name = Prefix = SecretHash = Role = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The visible part, <c>mk_XXXXXXXX</c>: lets a person tell keys apart and the server find the row.</summary>
    public string Prefix { get; private set; }

    public string SecretHash { get; private set; }

    public string Role { get; private set; }

    public string? JurisdictionCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBy { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public const int NameMaxLength = 100;

    /// <summary>Why <paramref name="name"/> cannot name a key (empty, over 100 characters, control or invisible characters), or null.</summary>
    public static string? NameProblem(string? name) => Mekong.Platform.Text.PlainText.NameProblem(name, NameMaxLength, "An API key's name");

    /// <summary>Creates a key; the returned plain text is the only time the secret exists outside the caller.</summary>
    public static (ApiKey Key, string PlainText) Issue(string name, string role, string? jurisdictionCode, string? createdBy, TimeProvider clock)
    {
        if (NameProblem(name) is { } problem)
        {
            throw DomainException.Invalid(problem);
        }

        if (!Roles.TryNormalize(role, out var normalizedRole))
        {
            throw DomainException.Invalid($"Role '{role}' is not one of {string.Join(", ", Roles.All)}.");
        }

        if (normalizedRole == Roles.DepartmentOfficer)
        {
            throw DomainException.Invalid("API keys are for systems; a DepartmentOfficer is a person bound to a department.");
        }

        var prefix = "mk_" + RandomNumberGenerator.GetString(Alphabet, 8);
        var secret = RandomNumberGenerator.GetString(Alphabet, 43);
        var plain = $"{prefix}_{secret}";
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = Hash(plain),
            Role = normalizedRole,
            JurisdictionCode = string.IsNullOrWhiteSpace(jurisdictionCode) ? null : jurisdictionCode.Trim(),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        return (key, plain);
    }

    /// <summary>The prefix of a presented key, or null when it does not have the shape of a Mekong key.</summary>
    public static string? PrefixOf(string presented) =>
        presented.Length == 55 && presented.StartsWith("mk_", StringComparison.Ordinal) && presented[11] == '_' ? presented[..11] : null;

    public bool Matches(string presented) => Matches(presented, SecretHash);

    /// <summary>Compares a presented key with a stored hash in fixed time (also used on a cached copy of the row).</summary>
    public static bool Matches(string presented, string secretHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(secretHash));

    public void Revoke(TimeProvider clock)
    {
        RevokedAt ??= clock.GetUtcNow();
    }

    /// <summary>Use is recorded at most once an hour, so a busy key does not write on every request.</summary>
    public static bool IsUseStale(DateTimeOffset? lastUsedAt, DateTimeOffset now) => lastUsedAt is not { } last || now - last >= TimeSpan.FromHours(1);

    private static string Hash(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
}
