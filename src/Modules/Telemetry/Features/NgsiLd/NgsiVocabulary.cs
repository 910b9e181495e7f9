using System.Diagnostics.CodeAnalysis;
using Mekong.Modules.Telemetry.Domain;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>One measurement as an NGSI-LD property of a Smart Data Models entity: its attribute name and UN/CEFACT unit code.</summary>
internal sealed record NgsiAttribute(string Name, Measurement Measurement, string UnitCode);

/// <summary>A device type as a Smart Data Models entity type (ADR 0041).</summary>
internal sealed record NgsiEntityType(string Name, DeviceType DeviceType, IReadOnlyList<NgsiAttribute> Attributes)
{
    public NgsiAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public NgsiAttribute? Attribute(short measurementId) => Attributes.FirstOrDefault(a => a.Measurement.Id == measurementId);
}

/// <summary>
/// How the module's devices and readings look through NGSI-LD (ETSI GS CIM 009): the device types as Smart Data Models
/// entity types, the measurements as their properties, entity ids <c>urn:ngsi-ld:{Type}:{jurisdiction}:{device code}</c>,
/// and the module's <c>@context</c>, which maps these terms to the Smart Data Models vocabulary and includes the core context.
/// </summary>
internal static class NgsiVocabulary
{
    public const string CoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    public const string ContextPath = "/ngsi-ld/v1/jsonldContexts/mekong-telemetry.jsonld";
    public const string LinkRel = "http://www.w3.org/ns/json-ld#context";
    public const string IdPrefix = "urn:ngsi-ld:";

    // Rain gauges and weather stations are both WeatherObserved (precipitation vs temperature and humidity): the type
    // alone does not say which device type a new entity is, so a create names it by its attributes (ADR 0041).
    public static IReadOnlyList<NgsiEntityType> Types { get; } =
    [
        new("WaterObserved", Find("water-level"), [new("height", DeviceTypes.WaterLevel, "MTR")]),
        new("WaterQualityObserved", Find("salinity"), [new("salinity", DeviceTypes.Salinity, "GL"), new("temperature", DeviceTypes.WaterTemperature, "CEL")]),
        new("WeatherObserved", Find("rainfall"), [new("precipitation", DeviceTypes.Rainfall, "MMT")]),
        new("AirQualityObserved", Find("air-quality"), [new("pm25", DeviceTypes.Pm25, "GQ"), new("pm10", DeviceTypes.Pm10, "GQ")]),
        new("WeatherObserved", Find("weather"), [new("temperature", DeviceTypes.AirTemperature, "CEL"), new("relativeHumidity", DeviceTypes.Humidity, "P1")]),
        new("FloodMonitoring", Find("flood-depth"), [new("currentLevel", DeviceTypes.FloodDepth, "CMT")]),
    ];

    /// <summary>The properties every entity has besides its measurements.</summary>
    public static readonly string[] StaticAttributes = ["name", "location", "dataProvider", "areaServed", "deviceStatus"];

    public static IReadOnlyList<string> TypeNames { get; } = Types.Select(t => t.Name).Distinct().ToList();

    private static readonly Dictionary<string, string> Vocabulary = BuildVocabulary();

    public static NgsiEntityType Of(DeviceType type) => Types.First(t => t.DeviceType.Code == type.Code);

    /// <summary>The device types an entity type stands for (two for WeatherObserved).</summary>
    public static IReadOnlyList<NgsiEntityType> OfName(string name) => Types.Where(t => t.Name == Term(name)).ToList();

    /// <summary>A term as this module names it: a short name, or its expansion under this module's context.</summary>
    public static string Term(string name)
    {
        foreach (var (term, iri) in Vocabulary)
        {
            if (iri == name)
            {
                return term;
            }
        }

        return name;
    }

    public static string EntityId(NgsiEntityType type, string jurisdiction, string code) => $"{IdPrefix}{type.Name}:{jurisdiction}:{code}";

    /// <summary><c>urn:ngsi-ld:WaterObserved:90:MN-0012</c> → (WaterObserved, 90, MN-0012).</summary>
    public static bool TryParseId(string? id, [NotNullWhen(true)] out string? type, [NotNullWhen(true)] out string? jurisdiction, [NotNullWhen(true)] out string? code)
    {
        type = jurisdiction = code = null;
        if (id is null || !id.StartsWith(IdPrefix, StringComparison.Ordinal) || id.Length > 256)
        {
            return false;
        }

        var parts = id[IdPrefix.Length..].Split(':');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        (type, jurisdiction, code) = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>Whether <paramref name="id"/> is an absolute URI, as NGSI-LD requires of an entity id.</summary>
    public static bool IsUri(string? id) => id is not null && Uri.TryCreate(id, UriKind.Absolute, out _);

    /// <summary>The JSON-LD context document served at <see cref="ContextPath"/>.</summary>
    public static string ContextDocument()
    {
        var terms = new System.Text.Json.Nodes.JsonObject();
        foreach (var (term, iri) in Vocabulary)
        {
            terms[term] = iri;
        }

        var document = new System.Text.Json.Nodes.JsonObject { ["@context"] = new System.Text.Json.Nodes.JsonArray(terms, CoreContext) };
        return document.ToJsonString();
    }

    private static Dictionary<string, string> BuildVocabulary()
    {
        const string environment = "https://smartdatamodels.org/dataModel.Environment/";
        const string weather = "https://smartdatamodels.org/dataModel.Weather/";
        const string common = "https://smartdatamodels.org/";
        var vocabulary = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WaterObserved"] = environment + "WaterObserved",
            ["WaterQualityObserved"] = "https://smartdatamodels.org/dataModel.WaterQuality/WaterQualityObserved",
            ["WeatherObserved"] = weather + "WeatherObserved",
            ["AirQualityObserved"] = environment + "AirQualityObserved",
            ["FloodMonitoring"] = environment + "FloodMonitoring",
            ["height"] = environment + "height",
            ["salinity"] = environment + "salinity",
            ["temperature"] = common + "temperature",
            ["precipitation"] = weather + "precipitation",
            ["pm25"] = environment + "pm25",
            ["pm10"] = environment + "pm10",
            ["relativeHumidity"] = common + "relativeHumidity",
            ["currentLevel"] = environment + "currentLevel",
            ["dataProvider"] = common + "dataProvider",
            ["areaServed"] = common + "areaServed",
            ["deviceStatus"] = common + "deviceStatus",
            ["name"] = common + "name",
        };
        return vocabulary;
    }

    private static DeviceType Find(string code) => DeviceTypes.Find(code) ?? throw new InvalidOperationException($"No device type {code}.");
}
