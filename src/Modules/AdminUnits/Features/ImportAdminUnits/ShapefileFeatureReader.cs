using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// ESRI Shapefile: a <c>.shp</c> with its <c>.dbf</c>, <c>.prj</c> and <c>.cpg</c> beside it, or one <c>.zip</c> holding
/// them. The <c>.dbf</c> text is decoded with the code page the <c>.cpg</c> names (Vietnamese offices often use
/// Windows-1258); without a <c>.cpg</c> the <c>.dbf</c> header's language driver decides.
/// </summary>
internal sealed class ShapefileFeatureReader(ImportLimits limits) : IFeatureReader
{
    public FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        if (file.Extension == ".zip")
        {
            using var zip = ZipEntries.Open(file.Open(), file.FileName, limits);
            var shapes = zip.Entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) && !e.FullName.StartsWith("__MACOSX", StringComparison.Ordinal)).ToList();
            if (shapes.Count != 1)
            {
                throw new ImportFileException(shapes.Count == 0
                    ? ImportMessages.Format("ZipNoShp", file.FileName)
                    : ImportMessages.Format("ZipManyShp", file.FileName, shapes.Count, string.Join(", ", shapes.Select(s => s.FullName))));
            }

            var stem = shapes[0].FullName[..^4];
            FileStream? Companion(string extension)
            {
                var entry = zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, stem + extension, StringComparison.OrdinalIgnoreCase));
                return entry is null ? null : zip.Unpack(entry, cancellationToken);
            }

            using var shp = Companion(".shp")!;
            return Read(file.FileName, shp, Companion(".dbf"), Companion(".prj"), Companion(".cpg"), cancellationToken);
        }

        using var main = file.Open();
        if (!main.CanSeek)
        {
            throw new ImportFileException(ImportMessages.Get("ShpNotZip"));
        }

        return Read(file.FileName, main, file.OpenCompanion(".dbf"), file.OpenCompanion(".prj"), file.OpenCompanion(".cpg"), cancellationToken);
    }

    private FeatureSet Read(string fileName, Stream shp, Stream? dbf, Stream? prj, Stream? cpg, CancellationToken cancellationToken)
    {
        using var dbfStream = dbf ?? throw new ImportFileException(ImportMessages.Format("NoDbf", fileName));
        foreach (var (stream, extension) in new[] { (shp, ".shp"), (dbfStream, ".dbf") })
        {
            if (stream.CanSeek && stream.Length > limits.MaxFileBytes)
            {
                throw ImportFileException.OverLimit("LimitEntry", fileName, Path.ChangeExtension(fileName, extension), limits.MaxFileBytes);
            }
        }

        var notes = new List<string>();
        string? wkt = null;
        if (prj is not null)
        {
            wkt = FeatureReaders.ReadSidecar(prj, Path.ChangeExtension(fileName, ".prj"), limits, Encoding.UTF8).Trim();
        }

        Encoding? encoding = null;
        if (cpg is not null)
        {
            var name = FeatureReaders.ReadSidecar(cpg, Path.ChangeExtension(fileName, ".cpg"), limits, Encoding.ASCII).Trim();
            encoding = CodePage(name) ?? throw new ImportFileException(ImportMessages.Format("UnknownCodePage", fileName, name));
            notes.Add(ImportMessages.Format("CpgNote", encoding.WebName, name));
        }

        // The record headers are checked before the library reads a record: it allocates what a record claims.
        CheckRecords(shp, fileName, cancellationToken);
        var features = new List<SourceFeature>();
        using var shapefile = Shapefile.OpenRead(shp, dbfStream, new ShapefileReaderOptions { Encoding = encoding });
        if (encoding is null)
        {
            notes.Add(ImportMessages.Format("DbfNote", shapefile.Encoding.WebName));
        }

        var number = 0;
        while (shapefile.Read(out var deleted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            if (deleted)
            {
                continue;
            }

            var attributes = FeatureReaders.NewAttributes();
            foreach (var field in shapefile.Fields)
            {
                attributes[field.Name] = field.Value switch
                {
                    null => null,
                    string text => FeatureReaders.Clean(text),
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    var other => FeatureReaders.Clean(other.ToString()),
                };
            }

            var geometry = shapefile.Geometry;
            features.Add(new SourceFeature(number, attributes, geometry is { IsEmpty: false } ? geometry.Copy() : null));
        }

        return new FeatureSet("ESRI Shapefile", wkt, CrsRequired: true, notes, features);
    }

    /// <summary>
    /// Walks the <c>.shp</c> record headers (8 bytes each, then the shape type and, for polygons, lines and patches,
    /// the part and point counts) and refuses a record that claims more parts or points than the limits allow, or more
    /// bytes than the record holds, before any of it is read into memory.
    /// </summary>
    private void CheckRecords(Stream shp, string fileName, CancellationToken cancellationToken)
    {
        var start = shp.Position;
        var length = shp.Length;
        var header = new byte[8 + 44];
        long position = 100;
        long points = 0;
        var records = 0;
        while (position + 8 <= length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            shp.Position = position;
            var read = shp.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            records++;
            var contentBytes = 2L * BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            if (contentBytes < 4 || position + 8 + contentBytes > length || read < 12)
            {
                throw new ImportFileException(ImportMessages.Format("ShpDamaged", fileName, records));
            }

            var type = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            long parts = 0, count = 0, needed = 4;
            switch (type)
            {
                case 3 or 5 or 13 or 15 or 23 or 25 or 31 when read >= header.Length:
                    parts = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8 + 36));
                    count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8 + 40));
                    needed = 44 + ((type == 31 ? 8 : 4) * parts) + (16 * count);
                    break;
                case 8 or 18 or 28 when read >= 8 + 40:
                    count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8 + 36));
                    needed = 40 + (16 * count);
                    break;
                case 1 or 11 or 21:
                    count = 1;
                    break;
            }

            if (parts < 0 || count < 0)
            {
                throw new ImportFileException(ImportMessages.Format("ShpDamaged", fileName, records));
            }

            FeatureReaders.Count(ref points, records, count, parts, limits);
            if (needed > contentBytes)
            {
                throw new ImportFileException(ImportMessages.Format("ShpDamaged", fileName, records));
            }

            position += 8 + contentBytes;
        }

        shp.Position = start;
    }

    /// <summary>What a <c>.cpg</c> may say: "UTF-8", "UTF8", "1258", "CP1258", "ANSI 1258", "windows-1258", "65001".</summary>
    internal static Encoding? CodePage(string text)
    {
        var name = text.Trim();
        if (name.Replace("-", string.Empty, StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase) || name == "65001")
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        var digits = new string(name.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0 && digits.Length == name.Count(char.IsAsciiDigit) && int.TryParse(digits, CultureInfo.InvariantCulture, out var codePage)
            && (name.Length == digits.Length || name.StartsWith("CP", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ANSI", StringComparison.OrdinalIgnoreCase) || name.StartsWith("windows", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                return Encoding.GetEncoding(codePage);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                return null;
            }
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
