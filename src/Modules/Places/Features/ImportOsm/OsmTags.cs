using System.Globalization;
using System.Text.RegularExpressions;
using Mekong.Modules.Places.Domain;

namespace Mekong.Modules.Places.Features.ImportOsm;

/// <summary>How the import reads OSM tags: which ways are roads, their direction, speed and crossing time, and the base map's layers.</summary>
internal static partial class OsmTags
{
    /// <summary>The highway classes routing uses (areas, construction and proposals are not roads yet).</summary>
    public static readonly HashSet<string> RoadClasses =
    [
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road", "track",
        "pedestrian", "footway", "path", "cycleway", "steps", "bridleway",
    ];

    /// <summary>The road class of a way (its <c>highway</c> value, or <c>ferry</c> for <c>route=ferry</c>), or null.</summary>
    public static string? RoadClass(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.TryGetValue("route", out var route) && route == "ferry")
        {
            return "ferry";
        }

        if (!tags.TryGetValue("highway", out var highway) || !RoadClasses.Contains(highway))
        {
            return null;
        }

        return tags.TryGetValue("area", out var area) && area == "yes" ? null : highway;
    }

    /// <summary>1 forward only, -1 backward only, 0 both; motorways and roundabouts are one-way unless tagged otherwise.</summary>
    public static short Oneway(IReadOnlyDictionary<string, string> tags, string roadClass)
    {
        if (tags.TryGetValue("oneway", out var oneway))
        {
            switch (oneway)
            {
                case "yes" or "true" or "1":
                    return 1;
                case "-1" or "reverse":
                    return -1;
                case "no" or "false" or "0":
                    return 0;
            }
        }

        var roundabout = tags.TryGetValue("junction", out var junction) && junction is "roundabout" or "circular";
        return roadClass is "motorway" || roundabout ? (short)1 : (short)0;
    }

    /// <summary><c>maxspeed</c> in km/h: "50", "50 km/h", "30 mph"; null when absent or not a number (e.g. "walk", "VN:urban").</summary>
    public static short? MaxSpeedKmh(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = SpeedPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var kmh = match.Groups[2].Value == "mph" ? value * 1.609344 : value;
        return kmh is > 0 and < 400 ? (short)Math.Round(kmh) : null;
    }

    /// <summary>A ferry's <c>duration</c>: "mm", "hh:mm", "hh:mm:ss" or ISO 8601 "PT1H15M", in seconds.</summary>
    public static int? DurationSeconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.StartsWith('P'))
        {
            try
            {
                return (int)System.Xml.XmlConvert.ToTimeSpan(text).TotalSeconds;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var parts = text.Split(':');
        if (parts.Length > 3 || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return null;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return numbers.Length switch
        {
            1 => numbers[0] * 60,
            2 => (numbers[0] * 3600) + (numbers[1] * 60),
            _ => (numbers[0] * 3600) + (numbers[1] * 60) + numbers[2],
        };
    }

    public static bool IsBridge(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue("bridge", out var bridge) && bridge != "no";

    /// <summary>The base-map layer of a way, with the tag value that put it there, or null.</summary>
    public static (MapLayerKind Layer, string Kind)? MapLayer(IReadOnlyDictionary<string, string> tags, bool closed)
    {
        if (tags.TryGetValue("waterway", out var waterway))
        {
            return waterway == "riverbank" && closed ? (MapLayerKind.Water, waterway) : (MapLayerKind.Waterway, waterway);
        }

        if (closed && tags.TryGetValue("natural", out var natural) && natural is "water" or "wetland")
        {
            return (MapLayerKind.Water, natural);
        }

        if (closed && tags.TryGetValue("building", out var building) && building != "no")
        {
            return (MapLayerKind.Building, building);
        }

        if (closed && tags.TryGetValue("landuse", out var landuse))
        {
            return (MapLayerKind.Landuse, landuse);
        }

        if (closed && tags.TryGetValue("leisure", out var leisure) && leisure is "park" or "garden" or "pitch")
        {
            return (MapLayerKind.Landuse, leisure);
        }

        return null;
    }

    /// <summary>The named settlements the base map labels: towns, villages, hamlets (<i>ấp</i>), quarters.</summary>
    public static readonly HashSet<string> PlaceKinds = ["city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood", "isolated_dwelling", "island"];

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SpeedPattern();
}
