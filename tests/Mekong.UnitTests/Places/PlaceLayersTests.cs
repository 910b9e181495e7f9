using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Features.OpsMap;
using Mekong.Modules.Places.Features.SearchPlaces;
using Mekong.Modules.Places.Ui;
using Mekong.Platform.Spatial;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mekong.UnitTests.Places;

/// <summary>The /ops places layer's clusters (ADR 0037): every place of the view is in exactly one feature, inside its cell.</summary>
public sealed class PlaceLayersTests
{
    private static readonly IStringLocalizer<PlacesText> Text = new StringLocalizer<PlacesText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Fact]
    public void A_crowded_view_is_drawn_as_clusters_that_count_every_place_once()
    {
        var view = new BoundingBox(105.0, 9.0, 106.0, 10.0);
        var random = new Random(7);
        var places = Enumerable.Range(0, 3000).Select(i => new IndexedPlace(
            Guid.NewGuid(), "health", $"Trạm y tế {i}", null, null, null, null, null, 9.0 + random.NextDouble(), 105.0 + random.NextDouble())).ToList();
        // One place alone in a corner cell stays a place, with its own popup link.
        places.Add(new IndexedPlace(Guid.NewGuid(), "pharmacy", "Nhà thuốc Góc", null, null, null, null, null, 9.9999, 105.9999));
        places.RemoveAll(p => p.Category == "health" && p.Latitude > 9.9375 && p.Longitude > 105.958);

        var features = PlaceLayers.Clusters(places, view, PlaceLayers.Groups[1], new PlaceCategories(Options.Create(new PlacesOptions())), Text);

        var counted = features.Sum(f => f.Properties.TryGetValue("count", out var c) ? (int)c! : 1);
        Assert.Equal(places.Count, counted);
        Assert.True(features.Count <= PlaceLayers.GridColumns * PlaceLayers.GridRows);
        Assert.True(features.Count(f => f.Properties.ContainsKey("cluster")) > 350);
        var lone = Assert.Single(features, f => !f.Properties.ContainsKey("cluster") && (string)f.Properties["label"]! == "Nhà thuốc Góc");
        Assert.Equal("place place-pharmacy", lone.Properties["marker"]);
        Assert.All(features, f =>
        {
            var point = (PlaceLayers.PointGeometry)f.Geometry;
            Assert.InRange(point.Coordinates[0], view.MinLon, view.MaxLon);
            Assert.InRange(point.Coordinates[1], view.MinLat, view.MaxLat);
        });
    }
}
