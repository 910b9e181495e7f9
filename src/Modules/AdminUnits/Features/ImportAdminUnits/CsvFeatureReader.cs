using System.Text;
using NetTopologySuite.IO;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) with a header row and the geometry as WKT in a
/// column named <c>wkt</c> or <c>geometry</c>: what spreadsheets and <c>GET /api/v1/admin-units.csv</c> produce.
/// </summary>
internal sealed class CsvFeatureReader(ImportLimits limits) : IFeatureReader
{
    public FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        if (reader.BaseStream.CanSeek && reader.BaseStream.Length > limits.MaxFileBytes)
        {
            throw ImportFileException.OverLimit("LimitFile", file.FileName, limits.MaxFileBytes);
        }

        using var rows = Csv.Parse(reader, limits.MaxFeatureBytes).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new ImportFileException(ImportMessages.Format("CsvEmpty", file.FileName));
        }

        var header = rows.Current.Select(h => h.Trim()).ToList();
        var geometryColumn = header.FindIndex(h => h.Equals("wkt", StringComparison.OrdinalIgnoreCase));
        if (geometryColumn < 0)
        {
            geometryColumn = header.FindIndex(h => h.Equals("geometry", StringComparison.OrdinalIgnoreCase));
        }

        if (geometryColumn < 0)
        {
            throw new ImportFileException(ImportMessages.Format("CsvNoGeometryColumn", file.FileName, string.Join(", ", header)));
        }

        var wktReader = new WKTReader();
        var features = new List<SourceFeature>();
        var number = 0;
        long points = 0;
        while (rows.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = rows.Current;
            if (row.Count == 1 && string.IsNullOrWhiteSpace(row[0]))
            {
                continue;
            }

            number++;
            var attributes = FeatureReaders.NewAttributes();
            for (var i = 0; i < header.Count && i < row.Count; i++)
            {
                if (i != geometryColumn)
                {
                    attributes[header[i]] = FeatureReaders.Clean(row[i]);
                }
            }

            var (parts, positions) = row.Count == header.Count ? CountPositions(row[geometryColumn]) : (0, 0);
            FeatureReaders.Count(ref points, number, positions, parts, limits);
            if (row.Count != header.Count)
            {
                features.Add(new SourceFeature(number, attributes, null, ImportMessages.Format("CsvFieldCount", row.Count, header.Count)));
                continue;
            }

            var wkt = row[geometryColumn];
            if (string.IsNullOrWhiteSpace(wkt))
            {
                features.Add(new SourceFeature(number, attributes, null));
                continue;
            }

            try
            {
                features.Add(new SourceFeature(number, attributes, wktReader.Read(wkt)));
            }
            catch (ParseException ex)
            {
                features.Add(new SourceFeature(number, attributes, null, ImportMessages.Format("CsvBadWkt", ex.Message)));
            }
        }

        return new FeatureSet("CSV (WKT)", null, CrsRequired: false, [], features);
    }

    /// <summary>Rings (a '(' that opens coordinates) and positions of WKT, counted before the WKT reader makes objects of them.</summary>
    internal static (long Parts, long Positions) CountPositions(string wkt)
    {
        long parts = 0, positions = 0;
        var inRing = false;
        foreach (var ch in wkt)
        {
            switch (ch)
            {
                case '(':
                    inRing = true;
                    break;
                case ')':
                    if (inRing)
                    {
                        parts++;
                        positions++;
                    }

                    inRing = false;
                    break;
                case ',' when inRing:
                    positions++;
                    break;
            }
        }

        return (parts, positions);
    }
}

/// <summary>RFC 4180 reading and writing.</summary>
internal static class Csv
{
    /// <summary>Rows of fields; a row longer than <paramref name="maxRowChars"/> stops the reading with an error naming the limit.</summary>
    public static IEnumerable<List<string>> Parse(TextReader reader, int maxRowChars = int.MaxValue)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        var rowChars = 0;
        var rowNumber = 1;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            if (++rowChars > maxRowChars)
            {
                throw ImportFileException.OverLimit("LimitRow", rowNumber, maxRowChars);
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    any = false;
                    rowChars = 0;
                    rowNumber++;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new ImportFileException(ImportMessages.Get("CsvUnbalancedQuote"));
        }

        if (any)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    /// <summary>A field quoted when it must be: commas, quotes, line breaks, or spaces at either end.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
