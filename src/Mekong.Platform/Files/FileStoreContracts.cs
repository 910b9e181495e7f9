using System.Text.RegularExpressions;

namespace Mekong.Platform.Files;

/// <summary>
/// The record a stored file belongs to, e.g. <c>new FileOwner("reports", reportId.ToString())</c>. A content blob is
/// kept while at least one owner holds it and deleted with the last (<see cref="IFileStore.ReleaseAsync"/>).
/// </summary>
public sealed partial record FileOwner
{
    public FileOwner(string module, string id)
    {
        if (!Part().IsMatch(module) || !Part().IsMatch(id))
        {
            throw new ArgumentException($"A file owner is a module and an id of 1 to 100 letters, digits, '.', '_' or '-' ('{module}', '{id}').");
        }

        Module = module;
        Id = id;
    }

    public string Module { get; }

    public string Id { get; }

    public string Key => $"{Module}/{Id}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Part();
}

/// <summary>What a caller accepts: a photo (checked by decoding, metadata removed, resized variants) or a document (PDF).</summary>
public enum FileKind
{
    Image,
    Document,
}

/// <summary>One stored rendition, addressed by the SHA-256 of its bytes (lower-case hex).</summary>
public sealed record StoredVariant(string Hash, string ContentType, long Length, int? Width, int? Height);

/// <summary>
/// A saved file: <see cref="Original"/> is what was kept of the upload (for an image, re-encoded without EXIF/GPS);
/// images also have <c>thumb</c> (320 px) and <c>medium</c> (1,280 px) variants, longest side, never enlarged.
/// </summary>
public sealed record StoredFile(StoredVariant Original, IReadOnlyDictionary<string, StoredVariant> Variants);

/// <summary>Why an upload was refused; each maps to a 4xx problem (<see cref="FileResults.Rejected"/>).</summary>
public enum FileRejectionReason
{
    TooLarge,
    Empty,
    TypeNotAllowed,
    NotDecodable,
    DimensionsTooLarge,
}

public sealed record FileRejection(FileRejectionReason Reason, string Detail);

/// <summary>Either the stored file or why it was refused; nothing is written when refused.</summary>
public sealed record FileSaveResult(StoredFile? File, FileRejection? Rejection)
{
    public bool IsStored => File is not null;
}

/// <summary>An opened blob: the caller disposes <see cref="Content"/> (the endpoint helper does).</summary>
public sealed record FileContent(Stream Content, string Hash, string ContentType, long Length);

/// <summary>
/// One place for photos, snapshots, images and attachments (docs/adr/0015-files-secrets-and-caches.md): content-addressed,
/// written atomically under the data directory, checked by content, deleted with the last owner.
/// </summary>
public interface IFileStore
{
    Task<FileSaveResult> SaveAsync(FileOwner owner, Stream content, FileKind kind, CancellationToken cancellationToken);

    /// <summary>The blob, or null when <paramref name="owner"/> does not hold <paramref name="hash"/> (no serving of arbitrary hashes).</summary>
    Task<FileContent?> OpenAsync(FileOwner owner, string hash, CancellationToken cancellationToken);

    /// <summary>Drops every file the owner holds; a blob no other owner holds is deleted from disk.</summary>
    Task ReleaseAsync(FileOwner owner, CancellationToken cancellationToken);
}
