namespace Mekong.Modules.Cameras.Contracts;

/// <summary>
/// A camera near a place, as other modules show it (an incident's or a report's page): where it is, what it watches
/// and whether it works now. <see cref="State"/> is <c>online</c>, <c>degraded</c>, <c>offline</c>, <c>maintenance</c>
/// or <c>unknown</c>; the camera's page is <c>/ops/cameras/{Id}</c>. Never its addresses or credentials.
/// </summary>
public sealed record NearbyCamera(
    Guid Id,
    string Code,
    string Name,
    string Type,
    string State,
    double Latitude,
    double Longitude,
    int DistanceMetres);

/// <summary>Read-only look-up of a jurisdiction's cameras for other modules.</summary>
public interface ICameraDirectory
{
    /// <summary>Upper bound of <see cref="NearAsync"/>'s radius, in metres.</summary>
    public const int MaxRadiusMetres = 5_000;

    /// <summary>The jurisdiction's cameras within <paramref name="radiusMetres"/> (at most <see cref="MaxRadiusMetres"/>) of a point, nearest first.</summary>
    Task<IReadOnlyList<NearbyCamera>> NearAsync(string jurisdictionCode, double latitude, double longitude, int radiusMetres, int limit, CancellationToken cancellationToken);
}
