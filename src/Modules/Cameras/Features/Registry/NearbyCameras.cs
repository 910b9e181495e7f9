using Mekong.Modules.Cameras.Contracts;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Registry;

/// <summary>
/// The cameras near a point: a box around the circle through the coordinate columns' index, then the great-circle
/// distance of each candidate, nearest first. Serves <c>GET /api/v1/cameras/near</c> and <see cref="ICameraDirectory"/>.
/// </summary>
internal sealed class NearbyCameras(CamerasDbContext db) : ICameraDirectory
{
    public const int MaxLimit = 50;
    private const double EarthRadiusMetres = 6_371_008.8;
    private const double MetresPerDegree = Math.PI * EarthRadiusMetres / 180;

    public Task<IReadOnlyList<NearbyCamera>> NearAsync(string jurisdictionCode, double latitude, double longitude, int radiusMetres, int limit, CancellationToken cancellationToken) =>
        NearAsync(db.Cameras.AsNoTracking().Where(c => c.JurisdictionCode == jurisdictionCode), latitude, longitude, radiusMetres, limit, cancellationToken);

    public static async Task<IReadOnlyList<NearbyCamera>> NearAsync(IQueryable<Camera> cameras, double latitude, double longitude, int radiusMetres, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radiusMetres, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(radiusMetres, ICameraDirectory.MaxRadiusMetres);
        var dLat = radiusMetres / MetresPerDegree;
        // Near the poles the box would span every longitude; a province is nowhere near them, but the sum stays right.
        var cos = Math.Cos(latitude * Math.PI / 180);
        var dLon = cos < 1e-6 ? 180 : Math.Min(180, radiusMetres / (MetresPerDegree * cos));
        var (minLat, maxLat, minLon, maxLon) = (latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon);
        var candidates = await cameras
            .Where(c => c.Latitude >= minLat && c.Latitude <= maxLat && c.Longitude >= minLon && c.Longitude <= maxLon)
            .Select(c => new { c.Id, c.Code, c.Name, c.Type, c.State, c.Latitude, c.Longitude })
            .ToListAsync(cancellationToken);
        return candidates
            .Select(c => (Camera: c, Distance: Mekong.Platform.Spatial.Geo.DistanceMetres(latitude, longitude, c.Latitude, c.Longitude)))
            .Where(x => x.Distance <= radiusMetres)
            .OrderBy(x => x.Distance).ThenBy(x => x.Camera.Code, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(x => new NearbyCamera(x.Camera.Id, x.Camera.Code, x.Camera.Name, x.Camera.Type, CameraFaults.Name(x.Camera.State),
                x.Camera.Latitude, x.Camera.Longitude, (int)Math.Round(x.Distance)))
            .ToList();
    }
}
