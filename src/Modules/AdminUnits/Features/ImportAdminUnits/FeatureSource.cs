using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// A boundary file to import: a path on disk (the CLI) or a stream with its name (an upload). A Shapefile needs its
/// companions (<c>.dbf</c>, <c>.prj</c>, <c>.cpg</c>): beside the <c>.shp</c> on disk, or in the same <c>.zip</c>.
/// </summary>
internal sealed class ImportFile
{
    private readonly Func<string, Stream?> _companion;

    private ImportFile(string fileName, Func<Stream> open, Func<string, Stream?> companion)
    {
        FileName = fileName;
        Open = open;
        _companion = companion;
    }

    public string FileName { get; }

    public Func<Stream> Open { get; }

    public string Extension => Path.GetExtension(FileName).ToLowerInvariant();

    public static ImportFile FromPath(string path)
    {
        var full = Path.GetFullPath(path);
        return new ImportFile(Path.GetFileName(full), () => File.OpenRead(full), extension =>
        {
            var directory = Path.GetDirectoryName(full)!;
            var stem = Path.GetFileNameWithoutExtension(full);
            var match = Directory.EnumerateFiles(directory, stem + ".*")
                .FirstOrDefault(f => string.Equals(Path.GetFileName(f), stem + extension, StringComparison.OrdinalIgnoreCase));
            return match is null ? null : File.OpenRead(match);
        });
    }

    /// <summary>An uploaded file. A lone <c>.shp</c> cannot be read this way: upload the Shapefile as a <c>.zip</c>.</summary>
    public static ImportFile FromStream(Stream content, string fileName) => new(fileName, () => content, _ => null);

    public Stream? OpenCompanion(string extension) => _companion(extension);
}

/// <summary>One feature as a file holds it: attributes by name (case-insensitive) and geometry in the file's coordinates.</summary>
internal sealed record SourceFeature(int Number, IReadOnlyDictionary<string, string?> Attributes, Geometry? Geometry, string? Problem = null);

/// <summary>What a reader found in a file.</summary>
internal sealed record FeatureSet(string Format, string? DeclaredCrs, bool CrsRequired, IReadOnlyList<string> Notes, IReadOnlyList<SourceFeature> Features);

/// <summary>A file that cannot be read at all: nothing is imported and the message says why.</summary>
internal sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One reader per format; they share nothing but this.</summary>
internal interface IFeatureReader
{
    FeatureSet Read(ImportFile file, CancellationToken cancellationToken);
}

internal static class FeatureReaders
{
    static FeatureReaders() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        IFeatureReader reader = file.Extension switch
        {
            ".geojson" or ".json" => new GeoJsonFeatureReader(),
            ".shp" or ".zip" => new ShapefileFeatureReader(),
            ".csv" => new CsvFeatureReader(),
            _ => throw new ImportFileException(ImportMessages.Format("UnknownFormat", file.FileName)),
        };

        try
        {
            return reader.Read(file, cancellationToken);
        }
        catch (Exception ex) when (ex is not (ImportFileException or OperationCanceledException))
        {
            throw new ImportFileException(ImportMessages.Format("Unreadable", file.FileName, reader.GetType().Name.Replace("FeatureReader", string.Empty, StringComparison.Ordinal), ex.Message), ex);
        }
    }

    /// <summary>Text as Vietnamese expects it: NFC (Windows-1258 and some tools write tone marks as combining characters).</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim().TrimEnd('\0');
        return trimmed.Length == 0 ? null : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Copies an entry or file into memory: the Shapefile reader seeks, and zip entries do not.</summary>
    public static MemoryStream Buffer(Stream stream)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    public static Dictionary<string, string?> NewAttributes() => new(StringComparer.OrdinalIgnoreCase);

    public static ZipArchive OpenZip(Stream stream) => new(stream, ZipArchiveMode.Read, leaveOpen: false);
}
