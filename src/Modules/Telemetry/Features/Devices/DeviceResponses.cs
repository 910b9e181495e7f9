using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;

namespace Mekong.Modules.Telemetry.Features.Devices;

/// <summary>A measurement of a device type: code, names, unit and valid range.</summary>
internal sealed record MeasurementResponse(string Code, string NameVi, string NameEn, string Unit, double Min, double Max);

internal sealed record DeviceTypeResponse(string Code, string NameVi, string NameEn, IReadOnlyList<MeasurementResponse> Measurements)
{
    public static DeviceTypeResponse Of(DeviceType type) =>
        new(type.Code, type.NameVi, type.NameEn, type.Measurements.Select(m => new MeasurementResponse(m.Code, m.NameVi, m.NameEn, m.Unit, m.Min, m.Max)).ToList());
}

/// <summary>A device in a list. <c>lastSeenAt</c>: when a reading last arrived from it (null: never). No token, ever.</summary>
internal sealed record DeviceItem(
    long Id, string Jurisdiction, string Code, string Name, string Type, double Latitude, double Longitude, string? Commune,
    string OwnerAgency, string Status, bool HasToken, DateTimeOffset? LastSeenAt);

/// <summary>The newest value of one of a device's measurements.</summary>
internal sealed record LatestReadingResponse(string Measurement, string Unit, DateTimeOffset Ts, double Value);

internal sealed record DeviceDetail(DeviceItem Device, DeviceTypeResponse Type, IReadOnlyList<LatestReadingResponse> Latest);

/// <summary>The answer to a registration or a new token: the token is in this answer and nowhere else, ever.</summary>
internal sealed record DeviceWithToken(DeviceItem Device, string Token, string MqttTopic);

internal static class DeviceMapping
{
    public static string Code(this DeviceStatus status) => status switch
    {
        DeviceStatus.Maintenance => "maintenance",
        DeviceStatus.Retired => "retired",
        _ => "active",
    };

    public static bool TryParseStatus(string? text, out DeviceStatus status)
    {
        status = DeviceStatus.Active;
        foreach (var s in Enum.GetValues<DeviceStatus>())
        {
            if (string.Equals(s.Code(), text, StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }

        return false;
    }

    public static DeviceItem ToItem(this Device d, DateTimeOffset? lastSeen) =>
        new(d.Id, d.JurisdictionCode, d.Code, d.Name, d.TypeCode, d.Latitude, d.Longitude, d.CommuneCode, d.OwnerAgency, d.Status.Code(), d.TokenHash is not null, lastSeen);

    /// <summary>When each device was last heard from: the newest arrival over its measurements.</summary>
    public static Dictionary<long, DateTimeOffset> LastSeen(IEnumerable<LatestValue> latest) =>
        latest.GroupBy(l => l.DeviceId).ToDictionary(g => g.Key, g => g.Max(l => l.ReceivedAt));

    public static string TopicOf(Device d) => $"mekong/{d.JurisdictionCode}/devices/{d.Id}/telemetry";
}
