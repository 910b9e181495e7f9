using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Secrets;

/// <summary><c>Mekong:DataProtection</c>: how the key ring (cookie, antiforgery and secret keys) is protected at rest.</summary>
public sealed class DataProtectionOptions
{
    public const string Section = "Mekong:DataProtection";

    /// <summary>
    /// A PKCS#12 (.pfx) file whose RSA key encrypts the key ring. Several nodes must share it (and the keys folder).
    /// Empty: Mekong generates one at first start under <c>{DataDirectory}/secrets/</c>, owner-only.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>, if it has one (an environment variable or a secret store, not appsettings.json).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Older certificates whose keys may still need to be read while the ring rotates to a new one.</summary>
    public string[] PreviousCertificatePaths { get; set; } = [];

    /// <summary>Where the keys live. Empty: <c>{DataDirectory}/keys</c>.</summary>
    public string? KeysDirectory { get; set; }
}

/// <summary>
/// ASP.NET Core Data Protection for Mekong: keys persisted under the data directory and encrypted with a certificate
/// (docs/adr/0015-files-secrets-and-caches.md), so no master key lies on disk in plain text and the framework's
/// "No XML encryptor configured" warning does not apply.
/// </summary>
public static class DataProtectionSetup
{
    public const string GeneratedCertificateFile = "dataprotection.pfx";

    public static IServiceCollection AddMekongDataProtection(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(DataProtectionOptions.Section).Get<DataProtectionOptions>() ?? new DataProtectionOptions();
        var keys = string.IsNullOrWhiteSpace(options.KeysDirectory) ? Path.Combine(dataDirectory, "keys") : Path.GetFullPath(options.KeysDirectory);
        PrivateDataDirectory.CreateOwnerOnly(keys);
        var certificate = string.IsNullOrWhiteSpace(options.CertificatePath)
            ? GeneratedCertificate(Path.Combine(dataDirectory, "secrets"))
            : Load(options.CertificatePath, options.CertificatePassword, "Mekong:DataProtection:CertificatePath");
        var previous = options.PreviousCertificatePaths
            .Select((path, i) => Load(path, options.CertificatePassword, $"Mekong:DataProtection:PreviousCertificatePaths:{i}"))
            .ToArray();

        services.AddDataProtection()
            .SetApplicationName("Mekong")
            .PersistKeysToFileSystem(new DirectoryInfo(keys))
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        services.AddSingleton<ISecretProtector, SecretProtector>();
        return services;
    }

    private static X509Certificate2 Load(string path, string? password, string key)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(path), password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key} '{path}' cannot be read as a PKCS#12 certificate with its private key: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{key} '{path}' must hold an RSA certificate with its private key.");
        }

        return certificate;
    }

    /// <summary>The installation's own certificate: made once (RSA 3072, self-signed), kept owner-only beside, not inside, the keys folder.</summary>
    private static X509Certificate2 GeneratedCertificate(string folder)
    {
        PrivateDataDirectory.CreateOwnerOnly(folder);
        var path = Path.Combine(folder, GeneratedCertificateFile);
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=Mekong data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }))
            {
                stream.Write(created.Export(X509ContentType.Pkcs12));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                // Two processes starting at once on a fresh directory: the first rename wins, the other uses it.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return Load(path, password: null, "Mekong:DataProtection:CertificatePath (generated)");
    }
}
