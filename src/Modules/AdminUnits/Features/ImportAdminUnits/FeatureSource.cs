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
internal sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Another import holds every slot (<see cref="ImportLimits.MaxConcurrentImports"/>): try again later, not a fault of the file.</summary>
    public bool Busy { get; init; }

    /// <summary>A file over one of <see cref="ImportLimits"/>: the message names the limit and its setting.</summary>
    public static ImportFileException OverLimit(string key, params object?[] args) => new(ImportMessages.Format(key, args));
}

/// <summary>One reader per format; they share nothing but this.</summary>
internal interface IFeatureReader
{
    FeatureSet Read(ImportFile file, CancellationToken cancellationToken);
}

internal static class FeatureReaders
{
    static FeatureReaders() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static FeatureSet Read(ImportFile file, ImportLimits limits, CancellationToken cancellationToken)
    {
        IFeatureReader reader = file.Extension switch
        {
            ".geojson" or ".json" => new GeoJsonFeatureReader(limits),
            ".shp" or ".zip" => new ShapefileFeatureReader(limits),
            ".csv" => new CsvFeatureReader(limits),
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

    /// <summary>
    /// Copies a stream to <paramref name="path"/> and stops with <paramref name="over"/> once it passes
    /// <paramref name="maxBytes"/>: what an entry's header declares is not trusted.
    /// </summary>
    public static long CopyCapped(Stream source, string path, long maxBytes, Func<ImportFileException> over, CancellationToken cancellationToken)
    {
        using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += read;
            if (total > maxBytes)
            {
                throw over();
            }

            target.Write(buffer, 0, read);
        }

        return total;
    }

    /// <summary>Reads a small text file (<c>.prj</c>, <c>.cpg</c>) to its end, refusing one above <see cref="ImportLimits.MaxSidecarBytes"/>.</summary>
    public static string ReadSidecar(Stream stream, string name, ImportLimits limits, Encoding encoding)
    {
        using (stream)
        {
            var buffer = new byte[limits.MaxSidecarBytes + 1];
            var count = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (count > limits.MaxSidecarBytes)
            {
                throw ImportFileException.OverLimit("LimitSidecar", name, limits.MaxSidecarBytes);
            }

            // As StreamReader reads it: a byte order mark decides the encoding and is not part of the text.
            using var reader = new StreamReader(new MemoryStream(buffer, 0, count), encoding, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Counts a feature against the file's budgets: features, points, and parts of this one feature.</summary>
    public static void Count(ref long points, int features, long featurePoints, long featureParts, ImportLimits limits)
    {
        if (features > limits.MaxFeatures)
        {
            throw ImportFileException.OverLimit("LimitFeatures", limits.MaxFeatures);
        }

        if (featureParts > limits.MaxPartsPerFeature)
        {
            throw ImportFileException.OverLimit("LimitParts", features, featureParts, limits.MaxPartsPerFeature);
        }

        points += featurePoints;
        if (featurePoints < 0 || points > limits.MaxPoints)
        {
            throw ImportFileException.OverLimit("LimitPoints", features, limits.MaxPoints);
        }
    }

    public static Dictionary<string, string?> NewAttributes() => new(StringComparer.OrdinalIgnoreCase);
}
