using Microsoft.AspNetCore.DataProtection;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// Keeps webhook secrets encrypted at rest. Behind this small interface so that it can move to the Platform's
/// secret protector (issue 13, "Protected secrets") without touching the callers.
/// </summary>
internal interface IWebhookSecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}

/// <summary>ASP.NET Core Data Protection under a purpose of its own: a key ring leak of another purpose does not open these.</summary>
internal sealed class DataProtectionWebhookSecrets(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    public const string Purpose = "Mekong.Notifications.WebhookSecret.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
