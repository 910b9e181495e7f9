using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Places.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Places;

/// <summary>Routing on the demo network (ADR 0035), in the same class as the directory's tests so that they share one server.</summary>
public abstract partial class PlacesTests
{
    private static string Point(double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"{lat},{lon}");

    private async Task<(double Lat, double Lon)> HospitalAsync()
    {
        var hospital = Items(await Anonymous.GetJsonAsync("/api/v1/places?q=benh%20vien%20da%20khoa"))[0];
        return (hospital.GetProperty("latitude").GetDouble(), hospital.GetProperty("longitude").GetDouble());
    }

    [Fact]
    public async Task The_hierarchy_equals_plain_dijkstra_on_random_pairs_of_the_demo_network_for_every_profile()
    {
        var engine = app.Factory.Services.GetRequiredService<RouteEngine>();
        var network = await engine.GetAsync(Demo.Jurisdiction, Ct);

        Assert.NotNull(network);
        Assert.True(network.Roads.EdgeCount > 600, $"{network.Roads.EdgeCount} edges");
        var random = new Random(11);
        foreach (var profile in RoutingProfiles.All)
        {
            var graph = network.Graph(profile);
            var (f, b, d) = (new SearchSpace(graph.NodeCount), new SearchSpace(graph.NodeCount), new SearchSpace(graph.NodeCount));
            var reachable = 0;
            for (var i = 0; i < 500; i++)
            {
                Terminal[] s = [new(random.Next(graph.NodeCount), 0)];
                Terminal[] t = [new(random.Next(graph.NodeCount), 0)];
                var expected = Dijkstra.Search(graph, s, t, d)?.Weight;
                Assert.Equal(expected, network.Hierarchy(profile).Query(s, t, f, b)?.Weight);
                reachable += expected is null ? 0 : 1;
            }

            Assert.True(reachable > 250, $"{profile}: {reachable} of 500 pairs joined");
        }
    }

    [Fact]
    public async Task A_motorbike_route_to_the_hospital_has_its_distance_duration_geometry_and_vietnamese_steps()
    {
        var (lat, lon) = await HospitalAsync();
        var from = Point(lat + 0.06, lon - 0.05);

        var route = await Anonymous.GetJsonAsync($"/api/v1/routes?from={from}&to={Point(lat, lon)}&profile=motorbike");
        var english = await Anonymous.GetJsonAsync($"/api/v1/routes?from={from}&to={Point(lat, lon)}&profile=motorbike&lang=en");
        var foot = await Anonymous.GetJsonAsync($"/api/v1/routes?from={from}&to={Point(lat, lon)}&profile=foot");

        Assert.Equal("motorbike", route.GetProperty("profile").GetString());
        var distance = route.GetProperty("distance").GetDouble();
        Assert.InRange(distance, 8000, 30000);
        Assert.InRange(route.GetProperty("duration").GetDouble(), distance / (60 / 3.6), distance / (10 / 3.6));
        Assert.True(foot.GetProperty("duration").GetDouble() > 3 * route.GetProperty("duration").GetDouble());
        Assert.Equal("LineString", route.GetProperty("geometry").GetProperty("type").GetString());
        Assert.True(route.GetProperty("geometry").GetProperty("coordinates").GetArrayLength() > 3);
        var steps = route.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("depart", steps[0].GetProperty("maneuver").GetString());
        Assert.StartsWith("Đi về hướng", steps[0].GetProperty("instruction").GetString());
        Assert.Contains(steps, s => s.GetProperty("instruction").GetString()!.StartsWith("Rẽ ", StringComparison.Ordinal) && s.GetProperty("instruction").GetString()!.Contains(" vào ", StringComparison.Ordinal));
        Assert.Equal("Đến nơi", steps[^1].GetProperty("instruction").GetString());
        Assert.Equal("You have arrived", english.GetProperty("steps").EnumerateArray().Last().GetProperty("instruction").GetString());
        Assert.True(route.GetProperty("to").GetProperty("snapDistanceMetres").GetDouble() < 1500);
    }

    [Fact]
    public async Task Bad_route_input_gets_a_problem_naming_the_parameter()
    {
        var (lat, lon) = await HospitalAsync();
        var to = Point(lat, lon);

        async Task<JsonElement> Bad(string query, HttpStatusCode status = HttpStatusCode.BadRequest) => await Anonymous.GetJsonAsync("/api/v1/routes?" + query, status);

        Assert.True((await Bad($"to={to}")).GetProperty("errors").TryGetProperty("from", out _));
        Assert.True((await Bad($"from=91,200&to={to}")).GetProperty("errors").TryGetProperty("from", out _));
        Assert.True((await Bad($"from={to}&to=abc")).GetProperty("errors").TryGetProperty("to", out _));
        Assert.True((await Bad($"from={to}&to={to}&profile=plane")).GetProperty("errors").TryGetProperty("profile", out _));
        Assert.True((await Bad($"from=20.0,100.0&to={to}")).GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task A_closure_set_by_an_operator_reroutes_new_queries_at_once_and_lifting_it_restores_the_route()
    {
        var (lat, lon) = await HospitalAsync();
        var url = $"/api/v1/routes?from={Point(lat - 0.07, lon + 0.04)}&to={Point(lat, lon)}&profile=car";
        var before = await Anonymous.GetJsonAsync(url);
        var coordinates = before.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().ToList();
        // A point inside a segment in the middle of the route (not a junction, where another road would be as near).
        var (a, b) = (coordinates[coordinates.Count / 2], coordinates[(coordinates.Count / 2) + 1]);
        double[] middle = [(a[0].GetDouble() + b[0].GetDouble()) / 2, (a[1].GetDouble() + b[1].GetDouble()) / 2];
        var (operatorKey, _) = await app.IssueKeyAsync("Operator");
        var (viewerKey, _) = await app.IssueKeyAsync("Viewer");
        var body = new { latitude = middle[1], longitude = middle[0], reason = "Ngập nước (flooded)" };

        var forbidden = await app.Factory.WithApiKey(viewerKey).PostAsJsonAsync("/api/v1/routes/closures", body, Ct);
        var missing = await app.Factory.WithApiKey(operatorKey).PostAsJsonAsync("/api/v1/routes/closures", new { latitude = 9.6 }, Ct);
        var created = await Http.JsonAsync(await app.Factory.WithApiKey(operatorKey).PostAsJsonAsync("/api/v1/routes/closures", body, Ct), HttpStatusCode.Created);
        var during = await Anonymous.GetJsonAsync(url);
        var listed = await app.Factory.WithApiKey(operatorKey).GetJsonAsync("/api/v1/routes/closures");
        Assert.Equal(HttpStatusCode.NoContent, (await app.Factory.WithApiKey(operatorKey).DeleteAsync("/api/v1/routes/closures/" + created.GetProperty("id").GetString(), Ct)).StatusCode);
        var after = await Anonymous.GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var problem = await Http.JsonAsync(missing, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == created.GetProperty("id").GetString());
        Assert.False(before.GetProperty("avoidsClosures").GetBoolean());
        Assert.True(during.GetProperty("avoidsClosures").GetBoolean());
        Assert.True(during.GetProperty("duration").GetDouble() > before.GetProperty("duration").GetDouble());
        Assert.Equal(before.GetProperty("duration").GetDouble(), after.GetProperty("duration").GetDouble());
        Assert.Equal(before.GetProperty("geometry").ToString(), after.GetProperty("geometry").ToString());
    }
}
