using System.Runtime.InteropServices;

namespace Mekong.Platform.Secrets;

/// <summary>The few POSIX calls .NET has no API for: the process umask and fsync of a directory (so a rename is durable).</summary>
internal static partial class Posix
{
    private const int ReadOnly = 0;

    /// <summary>Sets the file-mode creation mask; returns the previous one. No-op on Windows.</summary>
    public static uint SetUmask(uint mask) => OperatingSystem.IsWindows() ? 0 : umask(mask);

    /// <summary>Flushes a directory's entries to disk after a file was renamed into it. Best effort: a file system that cannot fsync a directory is not an error.</summary>
    public static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = open(path, ReadOnly);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = fsync(fd);
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);
}
