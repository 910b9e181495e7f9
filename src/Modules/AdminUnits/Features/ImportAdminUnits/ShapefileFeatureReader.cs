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
internal sealed class ShapefileFeatureReader : IFeatureReader
{
    public FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        if (file.Extension == ".zip")
        {
            using var zip = FeatureReaders.OpenZip(file.Open());
            var shapes = zip.Entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) && !e.FullName.StartsWith("__MACOSX", StringComparison.Ordinal)).ToList();
            if (shapes.Count != 1)
            {
                throw new ImportFileException(shapes.Count == 0
                    ? ImportMessages.Format("ZipNoShp", file.FileName)
                    : ImportMessages.Format("ZipManyShp", file.FileName, shapes.Count, string.Join(", ", shapes.Select(s => s.FullName))));
            }

            var stem = shapes[0].FullName[..^4];
            MemoryStream? Companion(string extension)
            {
                var entry = zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, stem + extension, StringComparison.OrdinalIgnoreCase));
                if (entry is null)
                {
                    return null;
                }

                using var s = entry.Open();
                return FeatureReaders.Buffer(s);
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

    private static FeatureSet Read(string fileName, Stream shp, Stream? dbf, Stream? prj, Stream? cpg, CancellationToken cancellationToken)
    {
        using var dbfStream = dbf ?? throw new ImportFileException(ImportMessages.Format("NoDbf", fileName));
        var notes = new List<string>();
        string? wkt = null;
        if (prj is not null)
        {
            using var reader = new StreamReader(prj, Encoding.UTF8);
            wkt = reader.ReadToEnd().Trim();
        }

        Encoding? encoding = null;
        if (cpg is not null)
        {
            using var reader = new StreamReader(cpg, Encoding.ASCII);
            var name = reader.ReadToEnd().Trim();
            encoding = CodePage(name) ?? throw new ImportFileException(ImportMessages.Format("UnknownCodePage", fileName, name));
            notes.Add(ImportMessages.Format("CpgNote", encoding.WebName, name));
        }

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
