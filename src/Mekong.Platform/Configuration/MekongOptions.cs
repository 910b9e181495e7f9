using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Configuration;

/// <summary>The <c>Mekong</c> configuration section: what every module may read.</summary>
public sealed class MekongOptions
{
    public const string Section = "Mekong";

    /// <summary>Where the SQLite database, keys, uploads and artefacts live. Relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Demo mode seeds the synthetic province and demo accounts. On by default so that a fresh clone runs.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>Public base address used in links the server hands out (paging <c>next</c>, e-mails). Empty: taken from the request.</summary>
    public string? PublicBaseUrl { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    public MapOptions Map { get; set; } = new();

    public RedisOptions Redis { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public ReverseProxyOptions ReverseProxy { get; set; } = new();

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start. When false and migrations are pending the server refuses to start.</summary>
    public bool ApplyMigrations { get; set; } = true;
}

public sealed class MapOptions
{
    /// <summary>Optional raster tile URL template (<c>https://tiles.example/{z}/{x}/{y}.png</c>). Empty: the map draws only Mekong's own layers, so it works offline.</summary>
    public string? TileUrl { get; set; }

    public string? TileAttribution { get; set; }
}

public sealed class RedisOptions
{
    /// <summary>StackExchange.Redis connection string for the SignalR backplane when several nodes run. Empty: single node.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Requests a minute per client (anonymous: per address; signed in or with a key: per identity), per node.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Reads of public data (<c>/api/v1/admin-units</c>, <c>/api/v1/jurisdictions</c>, ...).</summary>
    public ClientRateLimit PublicRead { get; set; } = new() { AnonymousPerMinute = 600, IdentifiedPerMinute = 6000 };

    /// <summary>Anonymous writes (citizen reports, later): tight.</summary>
    public ClientRateLimit AnonymousWrite { get; set; } = new() { AnonymousPerMinute = 10, IdentifiedPerMinute = 600 };

    /// <summary>Log-in attempts per address, beside Identity's lock-out.</summary>
    public LoginRateLimit Login { get; set; } = new();
}

public sealed class ClientRateLimit
{
    public int AnonymousPerMinute { get; set; }

    public int IdentifiedPerMinute { get; set; }
}

public sealed class LoginRateLimit
{
    public int PerMinute { get; set; } = 10;
}

/// <summary>
/// The reverse proxies (nginx, a load balancer) whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> headers
/// are believed. Empty: no forwarded header is read, from anyone.
/// </summary>
public sealed class ReverseProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. <c>127.0.0.1</c> or <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to read back through (the entries of <c>X-Forwarded-For</c> taken from the right).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
