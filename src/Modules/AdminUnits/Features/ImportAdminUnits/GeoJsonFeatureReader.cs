using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// RFC 7946 GeoJSON (WGS 84), and the 2008 form whose <c>crs</c> member names another system
/// (<c>"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9210"}}</c>), as QGIS and ArcGIS still write.
/// Streamed: one feature at a time is held as JSON (at most <see cref="ImportLimits.MaxFeatureBytes"/>), its vertices
/// are counted against the budget before they become a geometry, and nesting stops at <see cref="ImportLimits.MaxJsonDepth"/>.
/// </summary>
internal sealed class GeoJsonFeatureReader(ImportLimits limits) : IFeatureReader
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        using var stream = file.Open();
        if (stream.CanSeek && stream.Length > limits.MaxFileBytes)
        {
            throw ImportFileException.OverLimit("LimitFile", file.FileName, limits.MaxFileBytes);
        }

        var json = new JsonStream(stream, limits.MaxFeatureBytes, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = limits.MaxJsonDepth,
        });
        try
        {
            return Read(file, json, cancellationToken);
        }
        catch (JsonException ex) when (ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw ImportFileException.OverLimit("LimitJsonDepth", file.FileName, limits.MaxJsonDepth);
        }
        catch (JsonException ex)
        {
            throw new ImportFileException(ImportMessages.Format("JsonInvalid", file.FileName, (ex.LineNumber ?? 0) + 1, ex.Message), ex);
        }
        catch (ValueTooLargeException)
        {
            throw ImportFileException.OverLimit("LimitFeatureBytes", file.FileName, limits.MaxFeatureBytes);
        }
    }

    private FeatureSet Read(ImportFile file, JsonStream json, CancellationToken cancellationToken)
    {
        var reader = json.Start();
        if (!json.Read(ref reader) || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ImportFileException(ImportMessages.Format("NotGeoJson", file.FileName));
        }

        string? type = null;
        string? declaredCrs = null;
        var features = new List<SourceFeature>();
        var sawFeatures = false;
        JsonDocument? properties = null, geometry = null;
        long points = 0;
        try
        {
            while (json.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (name == "features")
                {
                    if (!json.EnterArray(ref reader))
                    {
                        json.ReadValue(ref reader, out _)?.Dispose();
                        continue;
                    }

                    sawFeatures = true;
                    var number = 0;
                    while (json.ReadValue(ref reader, out var element) is { } document)
                    {
                        using (document)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            features.Add(ReadElement(++number, element, ref points));
                        }
                    }

                    continue;
                }

                var value = json.ReadValue(ref reader, out var root)!;
                switch (name)
                {
                    case "properties":
                        properties?.Dispose();
                        properties = value;
                        continue;
                    case "geometry":
                        geometry?.Dispose();
                        geometry = value;
                        continue;
                    case "type" when root.ValueKind == JsonValueKind.String:
                        type = root.GetString();
                        break;
                    case "crs":
                        declaredCrs = DeclaredCrs(root);
                        break;
                }

                value.Dispose();
            }

            if (type == "FeatureCollection" && sawFeatures)
            {
                return new FeatureSet("GeoJSON", declaredCrs, CrsRequired: false, [], features);
            }

            if (type == "Feature")
            {
                var feature = ReadFeature(1, properties?.RootElement, geometry?.RootElement, ref points);
                return new FeatureSet("GeoJSON", declaredCrs, CrsRequired: false, [], [feature]);
            }

            throw new ImportFileException(ImportMessages.Format("NotGeoJson", file.FileName));
        }
        finally
        {
            properties?.Dispose();
            geometry?.Dispose();
        }
    }

    private static string? DeclaredCrs(JsonElement crs)
    {
        if (crs.ValueKind != JsonValueKind.Object || !crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (properties.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return name.GetString();
        }

        // The "EPSG" type of the 2008 specification: {"type": "EPSG", "properties": {"code": 9210}}.
        return properties.TryGetProperty("code", out var code) ? "EPSG:" + code.ToString() : null;
    }

    private SourceFeature ReadElement(int number, JsonElement element, ref long points)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            FeatureReaders.Count(ref points, number, 0, 0, limits);
            return new SourceFeature(number, FeatureReaders.NewAttributes(), null, ImportMessages.Get("NotFeatureObject"));
        }

        return ReadFeature(
            number,
            element.TryGetProperty("properties", out var properties) ? properties : null,
            element.TryGetProperty("geometry", out var geometry) ? geometry : null,
            ref points);
    }

    private SourceFeature ReadFeature(int number, JsonElement? properties, JsonElement? geometryElement, ref long points)
    {
        var attributes = FeatureReaders.NewAttributes();
        if (properties is { ValueKind: JsonValueKind.Object } props)
        {
            foreach (var property in props.EnumerateObject())
            {
                attributes[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => FeatureReaders.Clean(property.Value.GetString()),
                    JsonValueKind.Number => property.Value.TryGetInt64(out var whole)
                        ? whole.ToString(CultureInfo.InvariantCulture)
                        : property.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }

        if (geometryElement is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            FeatureReaders.Count(ref points, number, 0, 0, limits);
            return new SourceFeature(number, attributes, null);
        }

        // Counted as JSON, before the library turns every position into an object.
        var (parts, positions) = (0L, 0L);
        CountPositions(element, ref parts, ref positions);
        FeatureReaders.Count(ref points, number, positions, parts, limits);
        try
        {
            return new SourceFeature(number, attributes, element.Deserialize<Geometry>(Options));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new SourceFeature(number, attributes, null, ImportMessages.Format("BadGeometry", ex.Message));
        }
    }

    /// <summary>Positions (arrays of numbers) and parts (arrays of positions) under <c>coordinates</c> and <c>geometries</c>.</summary>
    private static void CountPositions(JsonElement element, ref long parts, ref long positions)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in new[] { "coordinates", "geometries" })
            {
                if (element.TryGetProperty(member, out var child))
                {
                    CountPositions(child, ref parts, ref positions);
                }
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return;
        }

        var first = element[0];
        if (first.ValueKind == JsonValueKind.Number)
        {
            positions++;
            return;
        }

        if (first.ValueKind == JsonValueKind.Array && first.GetArrayLength() > 0 && first[0].ValueKind == JsonValueKind.Number)
        {
            parts++;
        }

        foreach (var item in element.EnumerateArray())
        {
            CountPositions(item, ref parts, ref positions);
        }
    }
}
