using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mekong.Platform.Configuration;
using Mekong.Platform.Files.Storage;
using Mekong.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Files;

/// <summary>
/// The local backend: blobs under <c>{DataDirectory}/files/sha256/ab/cd/abcd…</c>, named by the SHA-256 of their bytes
/// (so a path never comes from input: only 64 lower-case hex digits make one), written to a temporary file, fsynced
/// and renamed into place, so a reader or a crash never sees half a blob. Who holds which blob lives in the
/// <c>files</c> tables; the blob goes when its last holder releases it.
/// </summary>
internal sealed partial class LocalFileStore(FilesDbContext db, IOptions<FileStoreOptions> options, FileStoreRoot root, TimeProvider clock) : IFileStore
{
    public async Task<FileSaveResult> SaveAsync(FileOwner owner, Stream content, FileKind kind, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var upload = root.TemporaryPath();
        try
        {
            // The upload is copied to a private temporary file first, counting: never more than MaxBytes on disk or in memory.
            var (length, head) = await CopyBoundedAsync(content, upload, limits.MaxBytes, cancellationToken);
            if (length < 0)
            {
                return Rejected(FileRejectionReason.TooLarge, $"The file is larger than {limits.MaxBytes:N0} bytes.");
            }

            if (length == 0)
            {
                return Rejected(FileRejectionReason.Empty, "The file is empty.");
            }

            var type = FileSniffer.Sniff(head);
            var allowed = kind == FileKind.Image ? FileSniffer.Images : FileSniffer.Documents;
            if (type is null || !allowed.Contains(type))
            {
                return Rejected(FileRejectionReason.TypeNotAllowed, $"The content is not one of {string.Join(", ", allowed)} (checked by its bytes, not its name).");
            }

            var blobs = new List<(string Name, StoredVariant Variant, Func<string, Task> Write)>();
            if (kind == FileKind.Image)
            {
                IReadOnlyList<ImageProcessor.Encoded>? images;
                FileRejection? rejection;
                await root.ImageDecodes.WaitAsync(cancellationToken);
                try
                {
                    (images, rejection) = ImageProcessor.Process(upload, type, limits);
                }
                finally
                {
                    root.ImageDecodes.Release();
                }

                if (rejection is not null)
                {
                    return new FileSaveResult(null, rejection);
                }

                foreach (var image in images!)
                {
                    var hash = Convert.ToHexStringLower(SHA256.HashData(image.Bytes));
                    blobs.Add((image.Name, new StoredVariant(hash, image.ContentType, image.Bytes.Length, image.Width, image.Height), path => File.WriteAllBytesAsync(path, image.Bytes, cancellationToken)));
                }
            }
            else
            {
                string hash;
                await using (var read = File.OpenRead(upload))
                {
                    hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));
                }

                blobs.Add(("original", new StoredVariant(hash, type, length, null, null), path => Task.Run(() => File.Copy(upload, path, overwrite: true), cancellationToken)));
            }

            await root.Gate.WaitAsync(cancellationToken);
            try
            {
                foreach (var (_, variant, write) in blobs.DistinctBy(b => b.Variant.Hash))
                {
                    await WriteBlobAsync(variant.Hash, write, cancellationToken);
                    if (!await db.References.AnyAsync(r => r.OwnerKey == owner.Key && r.Hash == variant.Hash, cancellationToken))
                    {
                        db.References.Add(new FileReference { OwnerKey = owner.Key, Hash = variant.Hash, ContentType = variant.ContentType, Length = variant.Length, CreatedAt = clock.GetUtcNow() });
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            finally
            {
                root.Gate.Release();
            }

            var original = blobs[0].Variant;
            return new FileSaveResult(new StoredFile(original, blobs.Skip(1).ToDictionary(b => b.Name, b => b.Variant, StringComparer.Ordinal)), null);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    public async Task<FileContent?> OpenAsync(FileOwner owner, string hash, CancellationToken cancellationToken)
    {
        if (!IsHash(hash))
        {
            return null;
        }

        var reference = await db.References.AsNoTracking().FirstOrDefaultAsync(r => r.OwnerKey == owner.Key && r.Hash == hash, cancellationToken);
        var path = root.BlobPath(hash);
        if (reference is null || !File.Exists(path))
        {
            return null;
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new FileContent(stream, hash, reference.ContentType, stream.Length);
    }

    public async Task ReleaseAsync(FileOwner owner, CancellationToken cancellationToken)
    {
        await root.Gate.WaitAsync(cancellationToken);
        try
        {
            var hashes = await db.References.Where(r => r.OwnerKey == owner.Key).Select(r => r.Hash).ToListAsync(cancellationToken);
            await db.References.Where(r => r.OwnerKey == owner.Key).ExecuteDeleteAsync(cancellationToken);
            foreach (var hash in hashes)
            {
                if (!await db.References.AnyAsync(r => r.Hash == hash, cancellationToken))
                {
                    File.Delete(root.BlobPath(hash));
                }
            }
        }
        finally
        {
            root.Gate.Release();
        }
    }

    private async Task WriteBlobAsync(string hash, Func<string, Task> write, CancellationToken cancellationToken)
    {
        var path = root.BlobPath(hash);
        if (File.Exists(path))
        {
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = root.TemporaryPath();
        try
        {
            await write(temporary);
            await using (var flush = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
            {
                flush.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            Posix.FsyncDirectory(folder);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<(long Length, byte[] Head)> CopyBoundedAsync(Stream content, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var head = new byte[16];
        var headLength = 0;
        long total = 0;
        var buffer = new byte[81920];
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return (-1, head);
            }

            if (headLength < head.Length)
            {
                var take = Math.Min(head.Length - headLength, read);
                Array.Copy(buffer, 0, head, headLength, take);
                headLength += take;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (total, head[..headLength]);
    }

    private static FileSaveResult Rejected(FileRejectionReason reason, string detail) => new(null, new FileRejection(reason, detail));

    internal static bool IsHash(string value) => HashPattern().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}

/// <summary>The store's folder and its per-process gates (one per node: several nodes on one shared folder are covered in the ADR).</summary>
internal sealed class FileStoreRoot(IOptions<MekongOptions> mekong, IOptions<FileStoreOptions> options)
{
    public string Path { get; } = System.IO.Path.Combine(mekong.Value.ResolveDataDirectory(), "files");

    /// <summary>Saving and releasing take turns, so a blob released by its last owner is not deleted under a new one.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public SemaphoreSlim ImageDecodes { get; } = new(options.Value.ConcurrentImageDecodes, options.Value.ConcurrentImageDecodes);

    public string BlobPath(string hash)
    {
        if (!LocalFileStore.IsHash(hash))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(hash));
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "sha256", hash[..2], hash[2..4], hash));
        return path.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : throw new InvalidOperationException("A blob path left the store.");
    }

    public string TemporaryPath()
    {
        var folder = System.IO.Path.Combine(Path, "tmp");
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }
}
