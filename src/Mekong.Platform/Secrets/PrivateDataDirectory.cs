using Mekong.Platform.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mekong.Platform.Secrets;

/// <summary>
/// The data directory holds the database, the key ring, uploads and stored files: it is private to the service
/// account. Called first thing in the composition root, before anything (the key ring, SQLite, the file store) can
/// write into it: the process umask becomes 077, so every file and folder Mekong creates is 0600/0700, and the
/// directory itself is created (or tightened) to 0700.
/// </summary>
public static class PrivateDataDirectory
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Resolves <c>Mekong:DataDirectory</c> (default <c>data</c>), makes it owner-only and returns its full path.</summary>
    public static string Prepare(IConfiguration configuration)
    {
        var configured = configuration[$"{MekongOptions.Section}:DataDirectory"] is { Length: > 0 } value ? value : "data";
        string path;
        try
        {
            path = Path.GetFullPath(configured);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidOperationException($"Mekong:DataDirectory '{configured}' is not a valid path: {ex.Message}", ex);
        }

        Posix.SetUmask(0b000_111_111);
        try
        {
            CreateOwnerOnly(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Mekong:DataDirectory '{path}' cannot be created or made private: {ex.Message}", ex);
        }

        return path;
    }

    /// <summary>Creates <paramref name="path"/> as 0700, or takes group and world access away from an existing one.</summary>
    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnly);
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerOnly & (UnixFileMode)0b111_111_111) != 0)
        {
            File.SetUnixFileMode(path, mode & OwnerOnly);
        }
    }
}
