using Mekong.Modules.Places.Domain;

namespace Mekong.Modules.Places.Routing;

/// <summary>The ways of travelling the router knows (issue 17).</summary>
internal enum RoutingProfile
{
    Car,
    Motorbike,
    Bicycle,
    Foot,
}

/// <summary>
/// Which roads a profile may use, in which direction and how fast (ADR 0035). Speeds come from <c>maxspeed</c>
/// where tagged, else a default per highway class, capped by the profile's own top speed. Vietnamese rules: no
/// motorbikes on motorways (<i>đường cao tốc</i>; Law on Road Traffic 2024, art. 26) and their links; alleys
/// (<i>hẻm</i>, highway=service or path) are open to motorbikes; pedestrians ignore one-ways; turn restrictions bind
/// vehicles, not pedestrians; a ferry takes its tagged <c>duration</c>.
/// </summary>
internal static class RoutingProfiles
{
    public static readonly RoutingProfile[] All = [RoutingProfile.Car, RoutingProfile.Motorbike, RoutingProfile.Bicycle, RoutingProfile.Foot];

    public static string Key(this RoutingProfile profile) => profile switch
    {
        RoutingProfile.Car => "car",
        RoutingProfile.Motorbike => "motorbike",
        RoutingProfile.Bicycle => "bicycle",
        _ => "foot",
    };

    public static RoutingProfile? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "car" => RoutingProfile.Car,
        "motorbike" or "motorcycle" => RoutingProfile.Motorbike,
        "bicycle" or "bike" => RoutingProfile.Bicycle,
        "foot" or "walk" => RoutingProfile.Foot,
        _ => null,
    };

    /// <summary>The speed a ferry is assumed to make when its duration is not tagged (km/h).</summary>
    public const double FerryDefaultKmh = 10;

    private static readonly Dictionary<string, double> CarDefaults = new(StringComparer.Ordinal)
    {
        ["motorway"] = 100,
        ["motorway_link"] = 60,
        ["trunk"] = 80,
        ["trunk_link"] = 50,
        ["primary"] = 60,
        ["primary_link"] = 40,
        ["secondary"] = 50,
        ["secondary_link"] = 35,
        ["tertiary"] = 40,
        ["tertiary_link"] = 30,
        ["unclassified"] = 35,
        ["road"] = 30,
        ["residential"] = 30,
        ["living_street"] = 10,
        ["service"] = 15,
        ["track"] = 15,
    };

    private static readonly HashSet<string> MotorbikeOnly = ["path"];

    private static readonly HashSet<string> BicycleClasses =
    [
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified", "road",
        "residential", "living_street", "service", "track", "cycleway", "path", "pedestrian",
    ];

    private static readonly HashSet<string> FootClasses =
    [
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified", "road",
        "residential", "living_street", "service", "track", "cycleway", "path", "pedestrian", "footway", "steps", "bridleway",
    ];

    /// <summary>The profile's top speed in km/h (a motorbike's: 60 outside built-up areas, Circular 38/2024 art. 7).</summary>
    public static double TopSpeedKmh(this RoutingProfile profile) => profile switch
    {
        RoutingProfile.Car => 120,
        RoutingProfile.Motorbike => 60,
        RoutingProfile.Bicycle => 15,
        _ => 5,
    };

    /// <summary>The speed on a road in km/h, or null when the profile may not use it at all.</summary>
    public static double? SpeedKmh(this RoutingProfile profile, Road road)
    {
        if (road.IsFerry)
        {
            return Denied(road.Access) && !Allowed(ModeTag(profile, road)) ? null : FerryDefaultKmh;
        }

        var highway = road.Highway;
        var modeTag = ModeTag(profile, road);
        if (modeTag is "no" or "private" || (profile is RoutingProfile.Car or RoutingProfile.Motorbike && Denied(road.MotorVehicle) && !Allowed(road.Motorcycle)))
        {
            return null;
        }

        var explicitlyAllowed = Allowed(modeTag);
        if (Denied(road.Access) && !explicitlyAllowed)
        {
            return null;
        }

        switch (profile)
        {
            case RoutingProfile.Car:
                return CarDefaults.TryGetValue(highway, out var carDefault) || explicitlyAllowed
                    ? Math.Min(road.MaxSpeedKmh ?? (carDefault > 0 ? carDefault : 20), profile.TopSpeedKmh())
                    : null;
            case RoutingProfile.Motorbike:
                if (highway is "motorway" or "motorway_link")
                {
                    return null; // Vietnamese law: no motorbikes on expressways, whatever the tags say
                }

                if (CarDefaults.TryGetValue(highway, out var bikeDefault) || MotorbikeOnly.Contains(highway) || explicitlyAllowed)
                {
                    var classSpeed = highway is "service" or "path" ? 20 : bikeDefault > 0 ? bikeDefault : 20;
                    return Math.Min(road.MaxSpeedKmh ?? classSpeed, profile.TopSpeedKmh());
                }

                return null;
            case RoutingProfile.Bicycle:
                return BicycleClasses.Contains(highway) || explicitlyAllowed ? (highway is "pedestrian" ? 8 : profile.TopSpeedKmh()) : null;
            default:
                return FootClasses.Contains(highway) || explicitlyAllowed ? profile.TopSpeedKmh() : null;
        }
    }

    /// <summary>Whether the profile keeps to one-way streets (pedestrians walk both ways).</summary>
    public static bool KeepsOneways(this RoutingProfile profile) => profile != RoutingProfile.Foot;

    /// <summary>Whether a turn restriction binds the profile: not pedestrians, and not a vehicle its <c>except</c> tag names.</summary>
    public static bool IsBoundBy(this RoutingProfile profile, TurnRestriction restriction)
    {
        if (profile == RoutingProfile.Foot)
        {
            return false;
        }

        if (restriction.Except is null)
        {
            return true;
        }

        var exempt = restriction.Except.Split(';', StringSplitOptions.TrimEntries);
        return profile switch
        {
            RoutingProfile.Car => !exempt.Contains("motorcar") && !exempt.Contains("motor_vehicle"),
            RoutingProfile.Motorbike => !exempt.Contains("motorcycle") && !exempt.Contains("moped") && !exempt.Contains("motor_vehicle"),
            _ => !exempt.Contains("bicycle"),
        };
    }

    private static string? ModeTag(RoutingProfile profile, Road road) => profile switch
    {
        RoutingProfile.Car => road.MotorVehicle,
        RoutingProfile.Motorbike => road.Motorcycle,
        RoutingProfile.Bicycle => road.Bicycle,
        _ => road.Foot,
    };

    private static bool Denied(string? value) => value is "no" or "private";

    private static bool Allowed(string? value) => value is "yes" or "designated" or "permissive" or "destination";
}
