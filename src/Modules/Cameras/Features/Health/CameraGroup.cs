using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Health;

/// <summary>
/// A group of cameras the health panel, the map layer and the wall show: any of type, state, commune, contractor,
/// network segment, power feeder and a code/name search, all optional (none: the whole fleet the actor may see).
/// </summary>
internal sealed record CameraGroup(string? Type, CameraState? State, string? Commune, string? Contractor, string? Segment, string? Feeder, string? Query)
{
    public static CameraGroup All { get; } = new(null, null, null, null, null, null, null);

    public bool IsAll => this == All;

    public static CameraGroup Parse(FieldErrors errors, string? type, string? status, string? commune, string? contractor, string? segment, string? feeder, string? q)
    {
        CameraState? state = null;
        if (CameraInput.Blank(status) is { } s)
        {
            if (CameraFaults.TryParseState(s, out var parsed))
            {
                state = parsed;
            }
            else
            {
                errors.Add("status", "status is one of unknown, online, degraded, offline, maintenance.");
            }
        }

        var search = CameraInput.Blank(q);
        if (search is { Length: > CameraEndpoints.MaxSearchLength })
        {
            errors.Add("q", $"q is at most {CameraEndpoints.MaxSearchLength} characters.");
        }

        foreach (var (name, value) in new[] { ("type", type), ("commune", commune), ("contractor", contractor), ("segment", segment), ("feeder", feeder) })
        {
            if (value is { Length: > Camera.TextMaxLength })
            {
                errors.Add(name, $"{name} is at most {Camera.TextMaxLength} characters.");
            }
        }

        return new CameraGroup(CameraInput.Blank(type)?.ToLowerInvariant(), state, CameraInput.Blank(commune), CameraInput.Blank(contractor),
            CameraInput.Blank(segment), CameraInput.Blank(feeder), search);
    }

    public IQueryable<Camera> Apply(IQueryable<Camera> cameras)
    {
        if (Type is { } t)
        {
            cameras = cameras.Where(c => c.Type == t);
        }

        if (State is { } s)
        {
            cameras = cameras.Where(c => c.State == s);
        }

        if (Commune is { } commune)
        {
            cameras = cameras.Where(c => c.CommuneCode == commune);
        }

        if (Contractor is { } contractor)
        {
            cameras = cameras.Where(c => c.Contractor == contractor);
        }

        if (Segment is { } segment)
        {
            cameras = cameras.Where(c => c.NetworkSegment == segment);
        }

        if (Feeder is { } feeder)
        {
            cameras = cameras.Where(c => c.PowerFeeder == feeder);
        }

        if (Query is { } query)
        {
            var pattern = "%" + query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
            cameras = cameras.Where(c => EF.Functions.Like(c.Code.ToLower(), pattern, "\\") || EF.Functions.Like(c.Name.ToLower(), pattern, "\\"));
        }

        return cameras;
    }

    /// <summary>The group as a query string (the wall's and the fleet table's links).</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("type", Type);
        Add("status", State is { } s ? CameraFaults.Name(s) : null);
        Add("commune", Commune);
        Add("contractor", Contractor);
        Add("segment", Segment);
        Add("feeder", Feeder);
        Add("q", Query);
        return string.Join('&', parts);
    }
}
