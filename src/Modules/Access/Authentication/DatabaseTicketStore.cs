using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Access.Authentication;

/// <summary>
/// Server-side sessions for the sign-in cookie (ADR 0011): the cookie holds a random key, the ticket lives in the
/// Access module's <c>sessions</c> table, shared by every node. Sign-out removes the row, so a replayed cookie is
/// refused on the next request; expired rows are swept when new sessions start.
/// </summary>
internal sealed class DatabaseTicketStore(IServiceScopeFactory scopes, TimeProvider clock) : ITicketStore
{
    /// <summary>The cookie's own lifetime, used when a ticket carries no expiry.</summary>
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromHours(12);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = Base64UrlKey();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        await db.Sessions.Where(s => s.ExpiresAtUtc <= now).ExecuteDeleteAsync(cancellationToken);
        db.Sessions.Add(new SignInSession(Hash(key), UserId(ticket), Serialize(ticket), ExpiresAt(ticket, now), now));
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        var session = await db.Sessions.FindAsync([Hash(key)], cancellationToken);
        if (session is null)
        {
            // Signed out meanwhile (on another node, say): a renewal must not bring it back.
            return;
        }

        session.Renew(Serialize(ticket), ExpiresAt(ticket, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        var id = Hash(key);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return session is null || session.IsExpired(clock.GetUtcNow().UtcDateTime) ? null : TicketSerializer.Default.Deserialize(session.Ticket);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        var id = Hash(key);
        await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Base64UrlKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static byte[] Serialize(AuthenticationTicket ticket) => TicketSerializer.Default.Serialize(ticket);

    private static DateTime ExpiresAt(AuthenticationTicket ticket, DateTime nowUtc) =>
        ticket.Properties.ExpiresUtc?.UtcDateTime ?? nowUtc.Add(FallbackLifetime);

    private static Guid? UserId(AuthenticationTicket ticket) =>
        Guid.TryParse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

/// <summary>Puts the database session store on the Identity application cookie.</summary>
internal static class SessionStoreSetup
{
    public static IServiceCollection AddDatabaseSessions(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((options, store) => options.SessionStore = store);
        return services;
    }
}
