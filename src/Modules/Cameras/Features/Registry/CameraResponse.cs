using Mekong.Modules.Cameras.Domain;

namespace Mekong.Modules.Cameras.Features.Registry;

/// <summary>A camera as the API shows it: never its credentials, only whether it has some.</summary>
internal sealed record CameraResponse(
    Guid Id,
    string Jurisdiction,
    string Code,
    string Name,
    string Type,
    double Latitude,
    double Longitude,
    string? Commune,
    string? Vendor,
    string? Model,
    string? OwnerAgency,
    string? Contractor,
    string? NetworkSegment,
    string? PowerFeeder,
    string? RtspMainUrl,
    string? RtspSubUrl,
    string? SnapshotUrl,
    string? OnvifUrl,
    bool HasCredentials,
    IReadOnlyList<string> Tags,
    DateOnly? InstalledOn,
    string State,
    string? Fault,
    DateTimeOffset StateSince,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastOnlineAt,
    double? Uptime)
{
    public static CameraResponse Of(Camera c) => new(
        c.Id, c.JurisdictionCode, c.Code, c.Name, c.Type, c.Latitude, c.Longitude, c.CommuneCode, c.Vendor, c.Model, c.OwnerAgency,
        c.Contractor, c.NetworkSegment, c.PowerFeeder, c.RtspMainUrl, c.RtspSubUrl, c.SnapshotUrl, c.OnvifUrl, c.Credentials is { IsEmpty: false },
        c.Tags, c.InstalledOn, CameraFaults.Name(c.State), c.Fault == CameraFault.None ? null : CameraFaults.Name(c.Fault), c.StateSince,
        c.LastCheckedAt, c.LastOnlineAt, c.Uptime);
}

/// <summary>One line of a camera's state history.</summary>
internal sealed record StateChangeResponse(DateTimeOffset At, string From, string To, string? Fault, string? Note)
{
    public static StateChangeResponse Of(CameraStateChange h) =>
        new(h.At, CameraFaults.Name(h.From), CameraFaults.Name(h.To), h.Fault == CameraFault.None ? null : CameraFaults.Name(h.Fault), h.Note);
}

/// <summary>A camera with its recent history (<c>GET /api/v1/cameras/{id}</c>).</summary>
internal sealed record CameraDetailResponse(CameraResponse Camera, IReadOnlyList<StateChangeResponse> History);
