using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Platform.Secrets;

/// <summary>
/// What a secret is for, e.g. <c>cameras.credentials</c>: each purpose has its own Data Protection sub-key, so a
/// secret protected for one purpose cannot be read as another (a leaked webhook secret column does not open cameras).
/// </summary>
public readonly record struct SecretPurpose
{
    public SecretPurpose(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>
/// A secret as it is stored: Data Protection ciphertext, never the plain text. An entity property of this type is
/// stored encrypted (<see cref="ProtectedSecretConverter"/>); only <see cref="ISecretProtector.Reveal"/> gives the
/// plain text back, to the code that sends it to a camera, an SMTP server or a webhook receiver.
/// It prints as a redaction and refuses to be serialised, so it can neither be logged nor returned by an API by mistake.
/// </summary>
[JsonConverter(typeof(ProtectedSecretJsonConverter))]
public readonly record struct ProtectedSecret
{
    internal ProtectedSecret(string ciphertext) => Ciphertext = ciphertext;

    /// <summary>What the database column holds.</summary>
    internal string Ciphertext { get; }

    public bool IsEmpty => string.IsNullOrEmpty(Ciphertext);

    public override string ToString() => "[protected secret]";

    /// <summary>Rebuilds a value read from storage (the converter's other half).</summary>
    internal static ProtectedSecret FromStored(string ciphertext) => new(ciphertext);
}

/// <summary>Encrypts module secrets at rest; each caller names its <see cref="SecretPurpose"/>.</summary>
public interface ISecretProtector
{
    ProtectedSecret Protect(SecretPurpose purpose, string plaintext);

    /// <summary>The plain text, or a <see cref="CryptographicException"/> when the value was protected for another purpose or with keys this installation no longer has.</summary>
    string Reveal(SecretPurpose purpose, ProtectedSecret secret);
}

internal sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private const string Root = "Mekong.Secrets.v1";

    public ProtectedSecret Protect(SecretPurpose purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return new ProtectedSecret(Protector(purpose).Protect(plaintext));
    }

    public string Reveal(SecretPurpose purpose, ProtectedSecret secret)
    {
        if (secret.IsEmpty)
        {
            throw new CryptographicException("The secret is empty.");
        }

        return Protector(purpose).Unprotect(secret.Ciphertext);
    }

    private IDataProtector Protector(SecretPurpose purpose) => provider.CreateProtector(Root, purpose.Name);
}

/// <summary>EF Core: stores a <see cref="ProtectedSecret"/> as its ciphertext string. Use <c>HasConversion&lt;ProtectedSecretConverter&gt;()</c>.</summary>
public sealed class ProtectedSecretConverter() : ValueConverter<ProtectedSecret, string>(
    secret => secret.Ciphertext,
    stored => ProtectedSecret.FromStored(stored));

/// <summary>A secret never leaves through JSON: writing one is a programming error, caught by the tests that call the API.</summary>
internal sealed class ProtectedSecretJsonConverter : JsonConverter<ProtectedSecret>
{
    public override ProtectedSecret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A protected secret cannot be read from JSON; accept the plain text in a request field and protect it.");

    public override void Write(Utf8JsonWriter writer, ProtectedSecret value, JsonSerializerOptions options) =>
        throw new JsonException("A protected secret is never serialised; map the entity to a response without it.");
}
