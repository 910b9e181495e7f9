using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// RFC 7946 GeoJSON (WGS 84), and the 2008 form whose <c>crs</c> member names another system
/// (<c>"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9210"}}</c>), as QGIS and ArcGIS still write.
/// </summary>
internal sealed class GeoJsonFeatureReader : IFeatureReader
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public FeatureSet Read(ImportFile file, CancellationToken cancellationToken)
    {
        using var stream = file.Open();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ImportFileException(ImportMessages.Format("JsonInvalid", file.FileName, ex.LineNumber + 1, ex.Message), ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var features = new List<SourceFeature>();
            if (type == "FeatureCollection" && root.TryGetProperty("features", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                var number = 0;
                foreach (var element in array.EnumerateArray())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    features.Add(ReadFeature(++number, element));
                }
            }
            else if (type == "Feature")
            {
                features.Add(ReadFeature(1, root));
            }
            else
            {
                throw new ImportFileException(ImportMessages.Format("NotGeoJson", file.FileName));
            }

            return new FeatureSet("GeoJSON", DeclaredCrs(root), CrsRequired: false, [], features);
        }
    }

    private static string? DeclaredCrs(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind != JsonValueKind.Object
            || !crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
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

    private static SourceFeature ReadFeature(int number, JsonElement element)
    {
        var attributes = FeatureReaders.NewAttributes();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new SourceFeature(number, attributes, null, ImportMessages.Get("NotFeatureObject"));
        }

        if (element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
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

        if (!element.TryGetProperty("geometry", out var geometryElement) || geometryElement.ValueKind == JsonValueKind.Null)
        {
            return new SourceFeature(number, attributes, null);
        }

        try
        {
            return new SourceFeature(number, attributes, geometryElement.Deserialize<Geometry>(Options));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new SourceFeature(number, attributes, null, ImportMessages.Format("BadGeometry", ex.Message));
        }
    }
}
