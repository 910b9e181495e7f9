using System.Buffers.Binary;
using System.IO.Compression;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// A zip opened under <see cref="ImportLimits"/>: the entry count is read from the end record before the archive lists
/// its entries, every entry's declared size and compression ratio is checked, and an entry is unpacked to a file of a
/// temporary folder (never into memory) with its bytes counted as they come, since a crafted header can lie.
/// </summary>
internal sealed class ZipEntries : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly ImportLimits _limits;
    private readonly string _name;
    private readonly DirectoryInfo _folder;
    private long _unpacked;

    private ZipEntries(ZipArchive zip, ImportLimits limits, string name)
    {
        _zip = zip;
        _limits = limits;
        _name = name;
        _folder = Directory.CreateTempSubdirectory("mekong-import-");
    }

    public IReadOnlyList<ZipArchiveEntry> Entries => _zip.Entries;

    public static ZipEntries Open(Stream stream, string name, ImportLimits limits)
    {
        if (!stream.CanSeek)
        {
            throw new ImportFileException(ImportMessages.Get("ShpNotZip"));
        }

        var declared = DeclaredEntryCount(stream);
        if (declared > limits.MaxZipEntries)
        {
            throw ImportFileException.OverLimit("LimitZipEntries", name, declared, limits.MaxZipEntries);
        }

        stream.Position = 0;
        var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        try
        {
            if (zip.Entries.Count > limits.MaxZipEntries)
            {
                throw ImportFileException.OverLimit("LimitZipEntries", name, zip.Entries.Count, limits.MaxZipEntries);
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                CheckSize(entry, entry.Length, name, limits);
                total += entry.Length;
                if (total > limits.MaxUnpackedBytes)
                {
                    throw ImportFileException.OverLimit("LimitUnpacked", name, limits.MaxUnpackedBytes);
                }
            }

            return new ZipEntries(zip, limits, name);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Unpacks one entry to a temporary file and opens it for reading (seekable, as the Shapefile reader needs).</summary>
    public FileStream Unpack(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N"));
        var ratioCap = Math.Max(entry.CompressedLength, 1) * (long)_limits.MaxCompressionRatio;
        var caps = new (long Bytes, Func<ImportFileException> Over)[]
        {
            (_limits.MaxFileBytes, () => ImportFileException.OverLimit("LimitEntry", _name, entry.FullName, _limits.MaxFileBytes)),
            (_limits.MaxUnpackedBytes - _unpacked, () => ImportFileException.OverLimit("LimitUnpacked", _name, _limits.MaxUnpackedBytes)),
            (Math.Max(ratioCap, 64 * 1024), () => ImportFileException.OverLimit("LimitRatio", _name, entry.FullName, _limits.MaxCompressionRatio)),
        };
        var (cap, over) = caps.MinBy(c => c.Bytes);
        using (var source = entry.Open())
        {
            _unpacked += FeatureReaders.CopyCapped(source, path, cap, over, cancellationToken);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose);
    }

    public void Dispose()
    {
        _zip.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still open (deleted on close): the folder is in the system's temporary directory.
        }
    }

    private static void CheckSize(ZipArchiveEntry entry, long length, string name, ImportLimits limits)
    {
        // Tiny entries (a .cpg) may pack badly or well; only a ratio on something worth unpacking is a bomb's mark.
        if (length > 64 * 1024 && length > Math.Max(entry.CompressedLength, 1) * (long)limits.MaxCompressionRatio)
        {
            throw ImportFileException.OverLimit("LimitRatio", name, entry.FullName, limits.MaxCompressionRatio);
        }

        if (length > limits.MaxFileBytes)
        {
            throw ImportFileException.OverLimit("LimitEntry", name, entry.FullName, limits.MaxFileBytes);
        }
    }

    /// <summary>
    /// The entry count of the end of central directory record (or its zip64 form), read before
    /// <see cref="ZipArchive"/> builds an object for every entry the central directory lists.
    /// </summary>
    private static long DeclaredEntryCount(Stream stream)
    {
        var tail = (int)Math.Min(stream.Length, 22 + 65535 + 20);
        var buffer = new byte[tail];
        stream.Position = stream.Length - tail;
        stream.ReadExactly(buffer);
        for (var i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != 0x06054b50)
            {
                continue;
            }

            long entries = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
            // A zip64 locator just before: the real count is in the zip64 end record it points to.
            if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i - 20)) == 0x07064b50)
            {
                var offset = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i - 20 + 8));
                if (offset >= 0 && offset + 56 <= stream.Length)
                {
                    var record = new byte[56];
                    stream.Position = offset;
                    stream.ReadExactly(record);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(record) == 0x06064b50)
                    {
                        var count = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
                        entries = count > long.MaxValue ? long.MaxValue : (long)count;
                    }
                }
            }

            return entries;
        }

        return 0; // not a zip: ZipArchive says so in its own words
    }
}
