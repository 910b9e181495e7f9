namespace Mekong.Modules.Cameras.Domain;

/// <summary>
/// A maintenance contractor of a jurisdiction (ADR 0039): the company a camera's <see cref="Camera.Contractor"/> names,
/// where its tickets are sent, and the uptime it promised (the monthly report measures it against that).
/// </summary>
internal sealed class Contractor
{
    public const int EmailMaxLength = 254;

    private Contractor()
    {
        JurisdictionCode = Name = Email = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>The name cameras give in their <c>contractor</c> field (matched exactly).</summary>
    public string Name { get; private set; }

    public string Email { get; private set; }

    /// <summary>The contracted uptime, in percent (e.g. 98.5).</summary>
    public double UptimeTarget { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Contractor Create(string jurisdictionCode, string name, string email, double uptimeTarget, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JurisdictionCode = jurisdictionCode,
        Name = name.Trim(),
        Email = email.Trim(),
        UptimeTarget = uptimeTarget,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Change(string name, string email, double uptimeTarget, DateTimeOffset now)
    {
        Name = name.Trim();
        Email = email.Trim();
        UptimeTarget = uptimeTarget;
        UpdatedAt = now;
    }
}
