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
}

/// <summary>
/// Uploaded boundary files under <c>&lt;data&gt;/uploads/import/&lt;32 hex&gt;/</c>: the file, renamed by what its content
/// is (never by the name the browser sent), and <c>upload.json</c>. Deleted after apply, or after a day.
/// </summary>
internal sealed partial class ImportUploads(IOptions<MekongOptions> options, TimeProvider clock)
{
    /// <summary>The largest file the screen accepts; the endpoint's request limit is this plus room for the form.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    public const long MaxRequestBytes = MaxFileBytes + (1024 * 1024);

    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Root => Path.Combine(options.Value.ResolveDataDirectory(), "uploads", "import");

    /// <summary>An upload id is exactly 32 lower-case hex digits; anything else never reaches the file system.</summary>
    public static bool IsValidId(string? id) => id is not null && IdFormat().IsMatch(id);

    /// <summary>Copies the upload to disk, checks what it is by its first bytes, and returns its folder's id.</summary>
    public async Task<(string? Id, UploadProblem Problem)> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
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
                if (length > MaxFileBytes)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var problem = length == 0 ? UploadProblem.Empty : length > MaxFileBytes ? UploadProblem.TooLarge : UploadProblem.None;
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
        return (id, UploadProblem.None);
    }

    public string FilePath(ImportUpload upload) => Path.Combine(Root, upload.Id, upload.StoredName);

    public static string StoredNameOf(string folder) =>
        Directory.EnumerateFiles(folder, "file.*").Select(Path.GetFileName).First()!;

    public async Task WriteAsync(ImportUpload upload, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(Path.Combine(Root, upload.Id, "upload.json"), JsonSerializer.Serialize(upload, Json), cancellationToken);

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

    /// <summary>Removes uploads older than a day: nobody finished them.</summary>
    public void DeleteAbandoned()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        var before = clock.GetUtcNow() - KeptFor;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (IsValidId(Path.GetFileName(folder)) && Directory.GetCreationTimeUtc(folder) < before.UtcDateTime)
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
    }

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
