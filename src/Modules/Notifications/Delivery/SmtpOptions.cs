using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.Modules.Notifications.Delivery;

internal enum SmtpSecurity
{
    /// <summary>Plain SMTP: only to a server on this machine (loopback).</summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS before anything else (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Tls,
}

/// <summary>
/// <c>Mekong:Smtp</c>: the mail server e-mail notifications go through. No host: e-mail deliveries are dead-lettered
/// with a message naming this section. <see cref="Password"/> is a secret: set it from the environment
/// (<c>Mekong__Smtp__Password</c>) or user secrets, never in appsettings.json; it is never logged or returned.
/// Deliberately a class, not a record: a record's ToString would print the password.
/// </summary>
internal sealed class SmtpOptions
{
    public const string Section = "Mekong:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? FromAddress { get; set; }

    public string FromName { get; set; } = "Mekong IOC";

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// SHA-256 fingerprint (hex) of a server certificate to accept although no trusted authority signed it: an
    /// internal mail relay with its own certificate. Other certificates must still validate normally.
    /// </summary>
    public string? CertificateSha256 { get; set; }

    /// <summary>
    /// A PEM file of the certificate authority (or authorities) that signed the mail server's certificate: a province's
    /// own CA. The server's name must still match. Beside, not instead of, the system's trusted authorities.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>Whether to ask the authority whether the server's certificate was revoked (needs its CRL/OCSP address reachable).</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{SmtpOptions.Section}:Port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS).");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailboxAddress.TryParse(options.FromAddress, out _) || !options.FromAddress.Contains('@', StringComparison.Ordinal))
        {
            failures.Add($"{SmtpOptions.Section}:FromAddress must be the e-mail address notifications are sent from, e.g. ioc@province.gov.vn.");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{SmtpOptions.Section}:UserName and {SmtpOptions.Section}:Password go together: set both to authenticate, or neither.");
        }

        if (options.Security == SmtpSecurity.None && !string.IsNullOrEmpty(options.Password) && !IsLoopback(options.Host!))
        {
            failures.Add($"{SmtpOptions.Section}:Security is None: the password would cross the network in clear text. Use StartTls or Tls, or a server on this machine.");
        }

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"{SmtpOptions.Section}:TimeoutSeconds must be between 1 and 600.");
        }

        if (!string.IsNullOrEmpty(options.CertificateSha256) && Normalize(options.CertificateSha256).Length != 64)
        {
            failures.Add($"{SmtpOptions.Section}:CertificateSha256 must be a SHA-256 fingerprint: 64 hexadecimal digits (colons allowed).");
        }

        if (!string.IsNullOrEmpty(options.TrustedCaFile) && !CanReadCertificates(options.TrustedCaFile))
        {
            failures.Add($"{SmtpOptions.Section}:TrustedCaFile '{options.TrustedCaFile}' must be a readable PEM file with at least one certificate.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool CanReadCertificates(string path)
    {
        try
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            certificates.ImportFromPemFile(Path.GetFullPath(path));
            return certificates.Count > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    public static string Normalize(string fingerprint) => fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
