using Mekong.Modules.Places.Features.ImportOsm;
using Mekong.Modules.Places.Features.SearchPlaces;

namespace Mekong.UnitTests.Places;

public sealed class PlaceSearchIndexTests
{
    private static readonly IndexedPlace[] Places =
    [
        Place("Bệnh viện Đa khoa tỉnh Phù Sa", "health", 9.60, 105.95, "Phu Sa General Hospital"),
        Place("Bệnh viện Sản Nhi", "health", 9.70, 106.05),
        Place("Đường Trần Phú", "tourism", 9.61, 105.96),
        Place("Dương Trần Phú", "tourism", 9.61, 105.96),
        Place("Nhà thuốc Long Châu", "pharmacy", 9.601, 105.951),
        Place("Nhà thuốc An Khang", "pharmacy", 9.65, 106.00),
    ];

    private static IndexedPlace Place(string name, string category, double lat, double lon, string? en = null) =>
        new(Guid.NewGuid(), category, name, en, null, null, null, null, lat, lon);

    private static readonly PlaceSearchIndex Index = new(Places, new StreetIndex([]));

    private static List<string> Search(string? text, string? category = null, (double, double)? near = null, double? radius = null) =>
        [.. Index.Search(new PlaceQuery(text, category, near?.Item1, near?.Item2, radius, null), 0, 50).Page.Select(h => h.Place.NameVi)];

    [Fact]
    public void Words_without_tones_find_names_with_them()
    {
        Assert.Equal(["Bệnh viện Sản Nhi", "Bệnh viện Đa khoa tỉnh Phù Sa"], Search("benh vien").Order(StringComparer.Ordinal));
        Assert.Equal(Search("benh vien"), Search("BỆNH VIỆN"));
    }

    [Fact]
    public void The_tones_as_typed_rank_first_while_no_tones_rank_alike()
    {
        Assert.Equal("Đường Trần Phú", Search("đường trần phú")[0]);
        Assert.Equal("Dương Trần Phú", Search("dương trần phú")[0]);
        var folded = Index.Search(new PlaceQuery("duong tran phu", null, null, null, null, null), 0, 10).Page;
        Assert.Equal(2, folded.Count);
        Assert.Equal(folded[0].Score, folded[1].Score);
    }

    [Theory]
    [InlineData("benh v")] // as one types
    [InlineData("bệnh việ")]
    [InlineData("benh vein")] // transposed letters
    [InlineData("bnh vien")] // a letter missing
    [InlineData("benh vien da khao")]
    public void Prefixes_and_typos_still_find_the_hospital(string query)
    {
        Assert.Contains("Bệnh viện Đa khoa tỉnh Phù Sa", Search(query));
    }

    [Fact]
    public void English_names_are_searched_too()
    {
        Assert.Equal(["Bệnh viện Đa khoa tỉnh Phù Sa"], Search("general hosp"));
    }

    [Fact]
    public void Every_word_must_match()
    {
        Assert.Empty(Search("benh vien xyzzy"));
    }

    [Fact]
    public void Nearness_breaks_ties_and_the_radius_filters()
    {
        Assert.Equal(["Nhà thuốc Long Châu", "Nhà thuốc An Khang"], Search("nha thuoc", near: (9.60, 105.95)));
        Assert.Equal(["Nhà thuốc An Khang", "Nhà thuốc Long Châu"], Search("nha thuoc", near: (9.65, 106.00)));
        Assert.Equal(["Nhà thuốc Long Châu"], Search(null, "pharmacy", (9.60, 105.95), 1000));
    }

    [Fact]
    public void The_nearest_named_street_of_a_point()
    {
        var streets = new StreetIndex([
            ("Đường Lê Lợi", null, [(9.600, 105.950), (9.600, 105.960)]),
            ("Đường Nguyễn Huệ", null, [(9.610, 105.950), (9.610, 105.960)]),
        ]);

        var nearest = streets.Nearest(9.6011, 105.955);

        Assert.Equal("Đường Lê Lợi", nearest!.Name);
        Assert.InRange(nearest.DistanceMetres, 115, 130);
        Assert.Null(streets.Nearest(10.5, 107));
    }

    [Theory]
    [InlineData("50", (short)50)]
    [InlineData("50 km/h", (short)50)]
    [InlineData("30 mph", (short)48)]
    [InlineData("walk", null)]
    [InlineData(null, null)]
    public void Maxspeed_is_read_in_kmh(string? text, short? expected) => Assert.Equal(expected, OsmTags.MaxSpeedKmh(text));

    [Theory]
    [InlineData("15", 900)]
    [InlineData("00:15", 900)]
    [InlineData("1:02:03", 3723)]
    [InlineData("PT1H15M", 4500)]
    [InlineData("soon", null)]
    public void Ferry_duration_is_read_in_seconds(string text, int? expected) => Assert.Equal(expected, OsmTags.DurationSeconds(text));

    [Fact]
    public void Oneway_follows_the_tag_and_the_class_defaults()
    {
        Assert.Equal(1, OsmTags.Oneway(new Dictionary<string, string> { ["oneway"] = "yes" }, "residential"));
        Assert.Equal(-1, OsmTags.Oneway(new Dictionary<string, string> { ["oneway"] = "-1" }, "residential"));
        Assert.Equal(1, OsmTags.Oneway(new Dictionary<string, string>(), "motorway"));
        Assert.Equal(1, OsmTags.Oneway(new Dictionary<string, string> { ["junction"] = "roundabout" }, "primary"));
        Assert.Equal(0, OsmTags.Oneway(new Dictionary<string, string> { ["oneway"] = "no" }, "motorway"));
        Assert.Equal(0, OsmTags.Oneway(new Dictionary<string, string>(), "primary"));
    }
}
