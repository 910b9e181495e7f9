using Mekong.Modules.Places.Routing;

namespace Mekong.Modules.Places.Features.Routes;

/// <summary>A route found and put into words, or why there is none (no network, a point too far from a road, no road between).</summary>
internal sealed record PlannedRoute(RoutePath? Path, DescribedRoute? Description, RouteFailure? Failure, bool NoNetwork);

/// <summary>One way to plan a route, for <c>GET /api/v1/routes</c>, the portal's route page and the /ops route tool alike.</summary>
internal static class RoutePlanner
{
    public static async Task<PlannedRoute> PlanAsync(
        RouteEngine engine, string jurisdictionCode, RoutingProfile profile, (double Lat, double Lon) from, (double Lat, double Lon) to, CancellationToken cancellationToken)
    {
        if (await engine.GetAsync(jurisdictionCode, cancellationToken) is not { } network)
        {
            return new PlannedRoute(null, null, null, NoNetwork: true);
        }

        var closed = await engine.ClosedWaysAsync(jurisdictionCode, cancellationToken);
        var (path, failure) = network.Route(profile, from, to, closed);
        return path is null
            ? new PlannedRoute(null, null, failure, NoNetwork: false)
            : new PlannedRoute(path, RouteDescription.Describe(network, path), null, NoNetwork: false);
    }
}
