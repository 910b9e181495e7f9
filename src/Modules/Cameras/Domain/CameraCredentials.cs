using System.Text.Json;
using Mekong.Platform.Secrets;

namespace Mekong.Modules.Cameras.Domain;

/// <summary>A camera's user name and password in plain text: only in memory, on the way to the camera or from an import.</summary>
internal sealed record CameraCredentials(string Username, string Password)
{
    public static readonly SecretPurpose Purpose = new("cameras.credentials");

    public override string ToString() => $"{Username}:[redacted]";

    public ProtectedSecret Protect(ISecretProtector protector) =>
        protector.Protect(Purpose, JsonSerializer.Serialize(new[] { Username, Password }));

    public static CameraCredentials? Reveal(ISecretProtector protector, ProtectedSecret? secret)
    {
        if (secret is not { IsEmpty: false } stored)
        {
            return null;
        }

        var parts = JsonSerializer.Deserialize<string[]>(protector.Reveal(Purpose, stored));
        return parts is [var user, var password] ? new CameraCredentials(user, password) : null;
    }
}
