using System.ComponentModel.DataAnnotations;
using Mekong.Platform.Caching;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Access.Authentication;

/// <summary><c>Mekong:ApiKeys</c>.</summary>
internal sealed class ApiKeyOptions
{
    public const string Section = "Mekong:ApiKeys";

    /// <summary>
    /// How long a node trusts what it read about a key (0 to 60 s; 0: read the database on every request). This is the
    /// bound on how long a key revoked on another node (or with the CLI) still works here; on the revoking node it stops at once.
    /// </summary>
    [Range(0, 60, ErrorMessage = "Mekong:ApiKeys:CacheSeconds must be between 0 and 60 (seconds).")]
    public int CacheSeconds { get; set; } = 5;
}

/// <summary>What authentication needs of an API key row, cached per node by its public prefix.</summary>
internal sealed record ApiKeySnapshot(Guid Id, string Name, string SecretHash, string Role, string? JurisdictionCode, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// The per-node API key cache (docs/adr/0015-files-secrets-and-caches.md): a request with a known key costs no
/// database read for <see cref="ApiKeyOptions.CacheSeconds"/>. Revoking on this node drops the entry at once.
/// </summary>
internal sealed class ApiKeyCache(IOptions<ApiKeyOptions> options, TimeProvider clock)
{
    public ExpiringCache<string, ApiKeySnapshot?> Entries { get; } = new(TimeSpan.FromSeconds(options.Value.CacheSeconds), capacity: 10_000, clock);
}
