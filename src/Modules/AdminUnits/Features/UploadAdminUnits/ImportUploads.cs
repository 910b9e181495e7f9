using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.AdminUnits.Features.UploadAdminUnits;

/// <summary>Which property of the file holds what; null where the file has no such property.</summary>
internal sealed record ImportMapping(string Code, string Name, string? NameEn, string? Parent, string? Population, string? Households);

/// <summary>An uploaded boundary file waiting between the steps of the import screen.</summary>
internal sealed record ImportUpload(
    string Id, string OriginalName, string StoredName, string Jurisdiction, string Level, DateOnly ValidFrom, string? SourceCrs,
    string UploadedBy, DateTimeOffset UploadedAt, FilePreview? Preview, ImportMapping? Mapping = null);

/// <summary>Why an upload was refused; the screen shows the matching resx string.</summary>
internal enum UploadProblem
{
    None,
    Empty,
    TooLarge,
    LooseShapefile,
    UnknownContent,

    /// <summary>The installation holds as many unfinished uploads (or bytes) as <see cref="ImportUploadOptions"/> allow.</summary>
    Full,
}

/// <summary>
/// <c>Mekong:ImportUploads</c>: how many unfinished uploads the installation keeps, and for how long, so that one
/// administrator uploading again and again cannot fill the disk for everyone.
/// </summary>
internal sealed class ImportUploadOptions
{
    public const string Section = "Mekong:ImportUploads";

    /// <summary>Uploads waiting between the steps of the import screen, all administrators together.</summary>
    [Range(1, 10_000)]
    public int MaxCount { get; set; } = 20;

    /// <summary>Their total size; a file larger than the room left is refused as full.</summary>
    [Range(1, 10_000_000)]
    public int MaxTotalMegabytes { get; set; } = 2048;

    /// <summary>After this an unfinished upload is gone (and its room is given to the next).</summary>
    [Range(1, 24 * 7)]
    public int KeptForHours { get; set; } = 24;

    public long MaxTotalBytes => MaxTotalMegabytes * 1024L * 1024;
}

/// <summary>
/// Uploaded boundary files under <c>&lt;data&gt;/uploads/import/&lt;32 hex&gt;/</c>: the file, renamed by what its content
/// is (never by the name the browser sent), <c>saved-at</c> and <c>upload.json</c>. Deleted after apply, or once
/// expired (<see cref="ImportUploadOptions.KeptForHours"/>); their number and total size are capped.
/// </summary>
internal sealed partial class ImportUploads(IOptions<MekongOptions> options, IOptions<ImportUploadOptions> limits, TimeProvider clock) : IDisposable
{
    /// <summary>The largest file the screen accepts; the endpoint's request limit is this plus room for the form.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    public const long MaxRequestBytes = MaxFileBytes + (1024 * 1024);

    private const string SavedAtFile = "saved-at";

    private const string CheckFile = "check.json";

    private readonly SemaphoreSlim _gate = new(1, 1);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private TimeSpan KeptFor => TimeSpan.FromHours(limits.Value.KeptForHours);

    public string Root => Path.Combine(options.Value.ResolveDataDirectory(), "uploads", "import");

    /// <summary>An upload id is exactly 32 lower-case hex digits; anything else never reaches the file system.</summary>
    public static bool IsValidId(string? id) => id is not null && IdFormat().IsMatch(id);

    /// <summary>
    /// Copies the upload to disk, checks what it is by its first bytes, and returns its folder's id. Expired uploads
    /// make room first (oldest first); when the unfinished ones still fill the caps, the upload is refused as full.
    /// </summary>
    public async Task<(string? Id, UploadProblem Problem)> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        // One at a time: the caps are checked and used under the gate (the body is already buffered by the form reader).
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await SaveWithinCapsAsync(content, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Id, UploadProblem Problem)> SaveWithinCapsAsync(Stream content, CancellationToken cancellationToken)
    {
        DeleteAbandoned();
        var kept = Kept();
        var room = limits.Value.MaxTotalBytes - kept.Sum(k => k.Bytes);
        if (kept.Count >= limits.Value.MaxCount || room <= 0)
        {
            return (null, UploadProblem.Full);
        }

        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "upload.part");
        long length;
        await using (var file = File.Create(temporary))
        {
            var buffer = new byte[81920];
            length = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > MaxFileBytes || length > room)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var problem = length == 0 ? UploadProblem.Empty
            : length > MaxFileBytes ? UploadProblem.TooLarge
            : length > room ? UploadProblem.Full
            : UploadProblem.None;
        string? extension = null;
        if (problem == UploadProblem.None)
        {
            (extension, problem) = Sniff(temporary);
        }

        if (problem != UploadProblem.None)
        {
            Directory.Delete(folder, recursive: true);
            return (null, problem);
        }

        File.Move(temporary, Path.Combine(folder, "file" + extension));
        await File.WriteAllTextAsync(Path.Combine(folder, SavedAtFile), clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return (id, UploadProblem.None);
    }

    public void Dispose() => _gate.Dispose();

    public string FilePath(ImportUpload upload) => Path.Combine(Root, upload.Id, upload.StoredName);

    public static string StoredNameOf(string folder) =>
        Directory.EnumerateFiles(folder, "file.*").Select(Path.GetFileName).First()!;

    public async Task WriteAsync(ImportUpload upload, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(Path.Combine(Root, upload.Id, "upload.json"), JsonSerializer.Serialize(upload, Json), cancellationToken);

    /// <summary>Keeps the outcome of the upload's latest check (run in the background) beside it, for the screen to show.</summary>
    public async Task WriteCheckAsync(ImportUpload upload, ImportCheck check, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, upload.Id, CheckFile);
        await File.WriteAllTextAsync(path + ".part", JsonSerializer.Serialize(check), cancellationToken);
        File.Move(path + ".part", path, overwrite: true);
    }

    public async Task<ImportCheck?> FindCheckAsync(ImportUpload upload, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, upload.Id, CheckFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<ImportCheck>(await File.ReadAllTextAsync(path, cancellationToken)) : null;
    }

    /// <summary>A new mapping makes the last check stale.</summary>
    public void DeleteCheck(ImportUpload upload) => File.Delete(Path.Combine(Root, upload.Id, CheckFile));

    public async Task<ImportUpload?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        var meta = Path.Combine(Root, id!, "upload.json");
        if (!File.Exists(meta))
        {
            return null;
        }

        var upload = JsonSerializer.Deserialize<ImportUpload>(await File.ReadAllTextAsync(meta, cancellationToken), Json);
        return upload is null || upload.Id != id || clock.GetUtcNow() - upload.UploadedAt > KeptFor ? null : upload;
    }

    public void Delete(string id)
    {
        if (IsValidId(id) && Directory.Exists(Path.Combine(Root, id)))
        {
            Directory.Delete(Path.Combine(Root, id), recursive: true);
        }
    }

    /// <summary>Removes expired uploads, oldest first: nobody finished them.</summary>
    public void DeleteAbandoned()
    {
        var before = clock.GetUtcNow() - KeptFor;
        foreach (var (folder, _, _) in Kept().Where(k => k.SavedAt < before))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // In use by a request right now: the next upload tries again.
            }
        }
    }

    /// <summary>The upload folders on disk, oldest first, with when they were saved and their size.</summary>
    private List<(string Folder, DateTimeOffset SavedAt, long Bytes)> Kept()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Where(folder => IsValidId(Path.GetFileName(folder)))
            .Select(folder => (folder, SavedAt(folder), new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length)))
            .OrderBy(k => k.Item2)
            .ToList();
    }

    /// <summary>The clock's time when saved; for a folder without it (an upload cut off mid-copy), the file system's.</summary>
    private static DateTimeOffset SavedAt(string folder) =>
        File.Exists(Path.Combine(folder, SavedAtFile))
        && DateTimeOffset.TryParse(File.ReadAllText(Path.Combine(folder, SavedAtFile)), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var savedAt)
            ? savedAt
            : new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);

    /// <summary>A zip (a Shapefile with its companions), GeoJSON, or CSV text — by content, not by the name's extension.</summary>
    internal static (string? Extension, UploadProblem Problem) Sniff(string path)
    {
        var head = new byte[4096];
        int count;
        using (var file = File.OpenRead(path))
        {
            count = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var bytes = head.AsSpan(0, count);
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return (".zip", UploadProblem.None);
        }

        if (bytes.StartsWith(new byte[] { 0x00, 0x00, 0x27, 0x0A }))
        {
            return (null, UploadProblem.LooseShapefile); // a .shp alone: its attributes and coordinate system are in other files
        }

        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            bytes = bytes[3..];
        }

        if (bytes.Contains((byte)0))
        {
            return (null, UploadProblem.UnknownContent);
        }

        var text = Encoding.UTF8.GetString(bytes).TrimStart();
        if (text.StartsWith('{'))
        {
            return (".geojson", UploadProblem.None);
        }

        var firstLine = text.Split('\n', 2)[0];
        return firstLine.Contains(',', StringComparison.Ordinal) || firstLine.Contains(';', StringComparison.Ordinal)
            ? (".csv", UploadProblem.None)
            : (null, UploadProblem.UnknownContent);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdFormat();
}
