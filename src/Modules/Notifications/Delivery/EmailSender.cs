using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>Sends one message over SMTP with MailKit: a connection per message (notifications are few; no pool to go stale).</summary>
internal sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured)
        {
            throw new InvalidOperationException($"E-mail is not configured: set {SmtpOptions.Section}:Host.");
        }

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000, CheckCertificateRevocation = smtp.CheckCertificateRevocation };
        client.ServerCertificateValidationCallback = CertificateCheck(smtp);

        var security = smtp.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            try
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
            }
            catch (AuthenticationException ex)
            {
                // MailKit's message is the server's answer (e.g. "535: authentication failed"), never what was sent.
                throw new SmtpAuthenticationFailedException(
                    $"The mail server refused the user name and password ({SmtpOptions.Section}:UserName, {SmtpOptions.Section}:Password): {ex.Message}", ex);
            }
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public MailboxAddress From => new(options.Value.FromName, options.Value.FromAddress ?? string.Empty);

    /// <summary>
    /// A certificate a public authority vouches for is accepted as the platform checks it; otherwise only the one named
    /// by <see cref="SmtpOptions.CertificateSha256"/>, or one whose chain ends at <see cref="SmtpOptions.TrustedCaFile"/>
    /// (with the host name still checked). Validation is never switched off.
    /// </summary>
    private static RemoteCertificateValidationCallback CertificateCheck(SmtpOptions smtp)
    {
        var pinned = string.IsNullOrEmpty(smtp.CertificateSha256) ? null : SmtpOptionsValidator.Normalize(smtp.CertificateSha256);
        var authorities = string.IsNullOrEmpty(smtp.TrustedCaFile) ? null : LoadAuthorities(smtp.TrustedCaFile);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null)
            {
                return false;
            }

            if (pinned is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pinned)
            {
                return true;
            }

            if (authorities is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = smtp.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
            return chain.Build(leaf);
        };
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Path.GetFullPath(path));
        return authorities;
    }
}

/// <summary>The mail server refused the account: retried like any failure (a password may be rotated meanwhile), with a message that names the settings.</summary>
internal sealed class SmtpAuthenticationFailedException(string message, Exception inner) : Exception(message, inner);
