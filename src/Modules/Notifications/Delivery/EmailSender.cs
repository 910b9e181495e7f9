using System.Net.Security;
using System.Security.Cryptography;
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

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        if (!string.IsNullOrEmpty(smtp.CertificateSha256))
        {
            var pinned = SmtpOptionsValidator.Normalize(smtp.CertificateSha256);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pinned);
        }

        var security = smtp.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public MailboxAddress From => new(options.Value.FromName, options.Value.FromAddress ?? string.Empty);
}
