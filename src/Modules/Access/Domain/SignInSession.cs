namespace Mekong.Modules.Access.Domain;

/// <summary>
/// One signed-in browser. The cookie carries only a random session key (protected by Data Protection); the row,
/// found by the key's SHA-256, holds the sign-in ticket. Signing out deletes the row, so a copied cookie stops
/// working at once (ADR 0011).
/// </summary>
internal sealed class SignInSession
{
    private SignInSession()
    {
        Id = string.Empty;
        Ticket = [];
    }

    public SignInSession(string id, Guid? userId, byte[] ticket, DateTime expiresAtUtc, DateTime createdAtUtc)
    {
        Id = id;
        UserId = userId;
        Ticket = ticket;
        ExpiresAtUtc = expiresAtUtc;
        CreatedAtUtc = createdAtUtc;
    }

    /// <summary>SHA-256 of the session key, hex: the key itself is never stored.</summary>
    public string Id { get; private set; }

    public Guid? UserId { get; private set; }

    /// <summary>The serialized authentication ticket (claims and properties).</summary>
    public byte[] Ticket { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public bool IsExpired(DateTime nowUtc) => ExpiresAtUtc <= nowUtc;

    /// <summary>A sliding renewal: the cookie handler re-issued the ticket with a later expiry.</summary>
    public void Renew(byte[] ticket, DateTime expiresAtUtc)
    {
        Ticket = ticket;
        ExpiresAtUtc = expiresAtUtc;
    }
}
