using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Telemetry.Features.Mqtt;

/// <summary>
/// <c>Mekong:Telemetry:Mqtt</c>: the embedded MQTT broker devices publish to (ADR 0027). Off unless enabled, so that a
/// server (or a test host) does not take port 1883 by surprise; TLS on <see cref="TlsPort"/> only when a certificate is set.
/// </summary>
internal sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mekong:Telemetry:Mqtt";

    public bool Enabled { get; set; }

    /// <summary>The address to listen on: 0.0.0.0 for every interface, 127.0.0.1 for this machine only.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    [Range(1, 65535)]
    public int TlsPort { get; set; } = 8883;

    /// <summary>A PKCS#12 (.pfx) file with the server certificate and key; when set, MQTT over TLS listens on <see cref="TlsPort"/>.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Readings from many publishes are written together, up to this many per write.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"{Section}:BindAddress '{BindAddress}' is not an IP address.", [nameof(BindAddress)]);
        }

        if (CertificatePath is not null && !File.Exists(CertificatePath))
        {
            yield return new ValidationResult($"{Section}:CertificatePath '{CertificatePath}' does not exist.", [nameof(CertificatePath)]);
        }
    }
}
