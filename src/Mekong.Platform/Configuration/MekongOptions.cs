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
