using System.Globalization;
using System.Text;
using System.Text.Json;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;

namespace Mekong.Modules.Cameras.Features.ImportExport;

/// <summary>One row of an import file, read into the registry's input with the line it came from.</summary>
internal sealed record CameraRow(int Line, CameraInput Input, IReadOnlyList<string> Problems);

/// <summary>
/// The camera file formats (docs/cameras.md): CSV with a header of the <see cref="Columns"/> (any order; unknown
/// columns are an error, so a typo is not silently dropped), and GeoJSON points with the same names as properties.
/// Exports carry every column but <c>username</c> and <c>password</c>.
/// </summary>
internal static class CameraFile
{
    public static readonly string[] Columns =
    [
        "code", "name", "type", "latitude", "longitude", "vendor", "model", "owner_agency", "contractor", "network_segment", "power_feeder",
        "rtsp_main_url", "rtsp_sub_url", "snapshot_url", "onvif_url", "username", "password", "tags", "installed_on",
    ];

    private static readonly string[] Required = ["code", "name", "type", "latitude", "longitude"];

    public static readonly string[] ExportColumns = [.. Columns.Where(c => c is not ("username" or "password"))];

    public static (IReadOnlyList<CameraRow> Rows, string? FileProblem) ReadCsv(TextReader reader)
    {
        var records = Csv.Read(reader).ToList();
        if (records.Count == 0)
        {
            return ([], "The file is empty: the first line names the columns (code,name,type,latitude,longitude,...).");
        }

        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || header.Distinct().Count() != header.Count)
        {
            return ([], $"Line 1 (the header): {(missing.Count > 0 ? "missing column(s) " + string.Join(", ", missing) + ". " : string.Empty)}"
                + $"{(unknown.Count > 0 ? "unknown column(s) " + string.Join(", ", unknown) + ". " : string.Empty)}"
                + $"The columns are {string.Join(",", Columns)}, each once.");
        }

        var rows = new List<CameraRow>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Count)
            {
                rows.Add(new CameraRow(record.Line, new CameraInput(null, null, null, null, null), [$"has {record.Fields.Count} fields, the header {header.Count}."]));
                continue;
            }

            var values = header.Zip(record.Fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            rows.Add(ToRow(record.Line, key => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null, null));
        }

        return (rows, null);
    }

    public static (IReadOnlyList<CameraRow> Rows, string? FileProblem) ReadGeoJson(byte[] bytes)
    {
        var lines = FeatureLines(bytes);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return ([], $"Line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split('.')[0]}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return ([], "The file is not a GeoJSON FeatureCollection with a features array.");
            }

            var rows = new List<CameraRow>();
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 0;
                index++;
                double[]? point = null;
                string? geometryProblem = null;
                if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
                    && geometry.TryGetProperty("type", out var type) && type.GetString() == "Point" && geometry.TryGetProperty("coordinates", out var coordinates)
                    && coordinates.ValueKind == JsonValueKind.Array && coordinates.GetArrayLength() >= 2
                    && coordinates[0].ValueKind == JsonValueKind.Number && coordinates[1].ValueKind == JsonValueKind.Number)
                {
                    point = [coordinates[0].GetDouble(), coordinates[1].GetDouble()];
                }
                else
                {
                    geometryProblem = "geometry must be a Point [longitude, latitude].";
                }

                var properties = feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                string? Value(string key)
                {
                    if (key == "longitude" && point is not null)
                    {
                        return point[0].ToString("R", CultureInfo.InvariantCulture);
                    }

                    if (key == "latitude" && point is not null)
                    {
                        return point[1].ToString("R", CultureInfo.InvariantCulture);
                    }

                    if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(key, out var v))
                    {
                        return null;
                    }

                    return v.ValueKind switch
                    {
                        JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString()!.Trim(),
                        JsonValueKind.Array => string.Join(';', v.EnumerateArray().Select(t => t.ToString())),
                        JsonValueKind.Null or JsonValueKind.Undefined => null,
                        _ => v.GetRawText(),
                    };
                }

                rows.Add(ToRow(line, Value, geometryProblem));
            }

            return (rows, null);
        }
    }

    private static CameraRow ToRow(int line, Func<string, string?> value, string? extraProblem)
    {
        var problems = new List<string>();
        if (extraProblem is not null)
        {
            problems.Add(extraProblem);
        }

        double? Number(string key)
        {
            var text = value(key);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
            {
                return n;
            }

            problems.Add($"{key} '{Shorten(text)}' is not a number (use a decimal point).");
            return null;
        }

        DateOnly? installed = null;
        if (value("installed_on") is { } dateText)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                installed = d;
            }
            else
            {
                problems.Add($"installed_on '{Shorten(dateText)}' is not a date YYYY-MM-DD.");
            }
        }

        var input = new CameraInput(
            value("code"), value("name"), value("type"), Number("latitude"), Number("longitude"), value("vendor"), value("model"), value("owner_agency"),
            value("contractor"), value("network_segment"), value("power_feeder"), value("rtsp_main_url"), value("rtsp_sub_url"), value("snapshot_url"),
            value("onvif_url"), value("username"), value("password"),
            value("tags")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), installed);
        return new CameraRow(line, input, problems);
    }

    /// <summary>The line each feature of the <c>features</c> array starts on, by reading the tokens once.</summary>
    private static List<int> FeatureLines(byte[] bytes)
    {
        var starts = new List<int>();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var inFeatures = false;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    inFeatures = reader.ValueTextEquals("features");
                }
                else if (inFeatures && reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null or JsonTokenType.StartArray)
                {
                    starts.Add((int)reader.TokenStartIndex);
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // The parse that follows reports the broken JSON with its line.
        }

        var lines = new List<int>(starts.Count);
        int line = 1, position = 0;
        foreach (var start in starts)
        {
            for (; position < start; position++)
            {
                if (bytes[position] == '\n')
                {
                    line++;
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public static void WriteCsv(TextWriter writer, IEnumerable<Camera> cameras)
    {
        writer.Write(string.Join(',', ExportColumns));
        writer.Write("\r\n");
        foreach (var c in cameras)
        {
            string?[] values =
            [
                c.Code, c.Name, c.Type, c.Latitude.ToString("R", CultureInfo.InvariantCulture), c.Longitude.ToString("R", CultureInfo.InvariantCulture),
                c.Vendor, c.Model, c.OwnerAgency, c.Contractor, c.NetworkSegment, c.PowerFeeder, c.RtspMainUrl, c.RtspSubUrl, c.SnapshotUrl, c.OnvifUrl,
                string.Join(';', c.Tags), c.InstalledOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ];
            writer.Write(string.Join(',', values.Select(Csv.Escape)));
            writer.Write("\r\n");
        }
    }

    public static async Task WriteGeoJsonAsync(Stream stream, IEnumerable<Camera> cameras, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var c in cameras)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(c.Longitude);
            json.WriteNumberValue(c.Latitude);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("code", c.Code);
            json.WriteString("name", c.Name);
            json.WriteString("type", c.Type);
            json.WriteString("commune", c.CommuneCode);
            json.WriteString("state", CameraFaults.Name(c.State));
            foreach (var (key, v) in new[]
            {
                ("vendor", c.Vendor), ("model", c.Model), ("owner_agency", c.OwnerAgency), ("contractor", c.Contractor), ("network_segment", c.NetworkSegment),
                ("power_feeder", c.PowerFeeder), ("rtsp_main_url", c.RtspMainUrl), ("rtsp_sub_url", c.RtspSubUrl), ("snapshot_url", c.SnapshotUrl),
                ("onvif_url", c.OnvifUrl), ("installed_on", c.InstalledOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            })
            {
                if (v is not null)
                {
                    json.WriteString(key, v);
                }
            }

            json.WriteStartArray("tags");
            foreach (var tag in c.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 32_000)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
