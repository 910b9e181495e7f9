using System.Text;
using Mekong.Modules.AdminUnits.Demo;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Demo;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace Mekong.UnitTests.AdminUnits;

public sealed class DemoProvinceGeneratorTests
{
    private static readonly Lazy<DemoProvince> Standard = new(() => DemoProvinceGenerator.Generate(DemoContext.DefaultSeed));

    private static DemoProvince Province => Standard.Value;

    /// <summary>Square metres per square degree at the province's centroid (fine for a province 60 km across).</summary>
    private static double SquareMetresPerSquareDegree
    {
        get
        {
            var (perLon, perLat) = Geo.MetresPerDegree(Province.Province.Geometry.Centroid.Y);
            return perLon * perLat;
        }
    }

    [Fact]
    public void Same_seed_gives_identical_output()
    {
        var again = DemoProvinceGenerator.Generate(DemoContext.DefaultSeed);

        Assert.Equal(Fingerprint(Province), Fingerprint(again));
    }

    [Fact]
    public void Another_seed_gives_another_province()
    {
        var other = DemoProvinceGenerator.Generate(DemoContext.DefaultSeed + 1);

        Assert.NotEqual(Fingerprint(Province), Fingerprint(other));
    }

    [Fact]
    public void Counts_are_those_of_a_typical_delta_province()
    {
        Assert.InRange(Province.Communes.Count, 95, 110);
        Assert.InRange(Province.Districts.Count, 8, 12);
        Assert.InRange(Province.Communes.Count(c => c.Kind == UnitKind.Ward), 8, 14);
        Assert.Single(Province.Districts, d => d.Kind == UnitKind.ProvincialCity);
        Assert.All(Province.Districts, d => Assert.Contains(d.Kind, new[] { UnitKind.ProvincialCity, UnitKind.Town, UnitKind.RuralDistrict }));

        var formersPerCommune = FormersByCommune().Select(g => g.Formers.Count).ToList();
        Assert.All(formersPerCommune, n => Assert.InRange(n, 2, 4));
        Assert.Equal(Province.FormerCommunes.Count, formersPerCommune.Sum());
    }

    [Fact]
    public void Province_is_the_synthetic_phu_sa_near_the_lower_mekong()
    {
        var p = Province.Province;
        Assert.Equal(DemoContext.DemoJurisdictionCode, p.Code);
        Assert.Equal(AdminLevel.Province, p.Level);
        Assert.Equal("Tỉnh Phù Sa", p.NameVi);
        Assert.Equal("Phu Sa Province", p.NameEn);
        Assert.Null(p.ParentCode);
        Assert.Null(p.ValidTo);

        var centroid = p.Geometry.Centroid;
        Assert.InRange(centroid.Y, 9.5, 9.7);
        Assert.InRange(centroid.X, 105.85, 106.05);

        var areaKm2 = p.Geometry.Area * SquareMetresPerSquareDegree / 1e6;
        Assert.InRange(areaKm2, 3_300 * 0.9, 3_300 * 1.1);

        var box = p.Geometry.EnvelopeInternal;
        var (perLon, perLat) = Geo.MetresPerDegree(centroid.Y);
        Assert.InRange(box.Width * perLon / 1000, 50, 75);
        Assert.InRange(box.Height * perLat / 1000, 45, 70);
    }

    [Fact]
    public void Every_geometry_is_a_valid_non_empty_polygon_or_multipolygon_in_wgs84()
    {
        Assert.All(Province.All, u =>
        {
            Assert.False(u.Geometry.IsEmpty, u.Code);
            Assert.True(u.Geometry is Polygon or MultiPolygon, u.Code);
            Assert.True(u.Geometry.IsValid, u.Code);
            Assert.Equal(Geo.Wgs84, u.Geometry.SRID);
        });
    }

    [Fact]
    public void Current_communes_tile_the_province()
    {
        AssertTiles(Province.Communes, Province.Province.Geometry);
    }

    [Fact]
    public void Districts_tile_the_province()
    {
        AssertTiles(Province.Districts, Province.Province.Geometry);
    }

    [Fact]
    public void Former_communes_tile_the_province()
    {
        AssertTiles(Province.FormerCommunes, Province.Province.Geometry);
    }

    [Fact]
    public void Each_former_commune_lies_in_one_current_commune_and_in_its_district()
    {
        var districts = Province.Districts.ToDictionary(d => d.Code);
        foreach (var former in Province.FormerCommunes)
        {
            var point = former.Geometry.InteriorPoint;
            var current = Assert.Single(Province.Communes, c => c.Geometry.Contains(point));
            Assert.True(current.Geometry.Covers(former.Geometry), $"{former.Code} not in {current.Code}");

            Assert.NotNull(former.ParentCode);
            var district = districts[former.ParentCode];
            Assert.True(district.Geometry.Covers(former.Geometry), $"{former.Code} not in {district.Code}");
        }
    }

    [Fact]
    public void Each_current_commune_is_exactly_the_union_of_its_former_communes()
    {
        foreach (var (commune, formers) in FormersByCommune())
        {
            var union = OverlayNGRobust.Union(formers.Select(f => f.Geometry).ToArray());
            var difference = OverlayNGRobust.Overlay(union, commune.Geometry, SpatialFunction.SymDifference);
            Assert.True(difference.Area * SquareMetresPerSquareDegree < 1, commune.Code);
            Assert.Equal(commune.Population, formers.Sum(f => f.Population));
        }
    }

    [Fact]
    public void Codes_are_unique_and_shaped_by_level()
    {
        var codes = Province.All.Select(u => u.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());

        Assert.All(Province.Districts, d => Assert.Matches("^9(0[1-9]|1[0-2])$", d.Code));
        Assert.All(Province.FormerCommunes.Concat(Province.Communes), c => Assert.Matches("^9[0-9]{4}$", c.Code));
    }

    [Fact]
    public void Parents_levels_kinds_and_validity_follow_the_reform()
    {
        var reform = DemoProvince.ReorganisationDate;
        var historic = new DateOnly(2004, 1, 1);
        var districtCodes = Province.Districts.Select(d => d.Code).ToHashSet();

        Assert.All(Province.Communes, c =>
        {
            Assert.Equal(AdminLevel.Commune, c.Level);
            Assert.Contains(c.Kind, new[] { UnitKind.Commune, UnitKind.Ward });
            Assert.Equal("90", c.ParentCode);
            Assert.Equal(reform, c.ValidFrom);
            Assert.Null(c.ValidTo);
        });
        Assert.All(Province.Districts, d =>
        {
            Assert.Equal(AdminLevel.District, d.Level);
            Assert.Equal("90", d.ParentCode);
            Assert.Equal(historic, d.ValidFrom);
            Assert.Equal(reform, d.ValidTo);
        });
        Assert.All(Province.FormerCommunes, f =>
        {
            Assert.Equal(AdminLevel.Commune, f.Level);
            Assert.Contains(f.ParentCode!, districtCodes);
            Assert.Equal(historic, f.ValidFrom);
            Assert.Equal(reform, f.ValidTo);
        });

        var city = Province.Districts.Single(d => d.Kind == UnitKind.ProvincialCity);
        Assert.Equal("Thành phố Phù Sa", city.NameVi);
        Assert.Equal("Phu Sa City", city.NameEn);
        Assert.All(Province.FormerCommunes.Where(f => f.ParentCode == city.Code), f => Assert.Equal(UnitKind.Ward, f.Kind));

        // One township, the district seat, per rural district.
        foreach (var district in Province.Districts.Where(d => d.Kind == UnitKind.RuralDistrict))
        {
            Assert.Single(Province.FormerCommunes, f => f.ParentCode == district.Code && f.Kind == UnitKind.Township);
        }
    }

    [Fact]
    public void Names_are_vietnamese_nfc_unique_and_match_their_english_forms()
    {
        Assert.All(Province.All, u =>
        {
            Assert.True(u.NameVi.IsNormalized(NormalizationForm.FormC), u.NameVi);
            Assert.All(u.NameEn, ch => Assert.True(ch < 128, u.NameEn));
        });
        Assert.Contains(Province.All, u => u.NameVi.Any(ch => ch > 127 && char.IsLetter(ch)));

        AssertUnique(Province.Districts);
        AssertUnique(Province.FormerCommunes);
        AssertUnique(Province.Communes);

        var prefixes = new Dictionary<UnitKind, (string Vi, string EnSuffix)>
        {
            [UnitKind.Commune] = ("Xã ", " Commune"),
            [UnitKind.Township] = ("Thị trấn ", " Township"),
            [UnitKind.RuralDistrict] = ("Huyện ", " District"),
            [UnitKind.Town] = ("Thị xã ", " Town"),
            [UnitKind.ProvincialCity] = ("Thành phố ", " City"),
        };
        foreach (var unit in Province.All.Where(u => prefixes.ContainsKey(u.Kind)))
        {
            var (vi, en) = prefixes[unit.Kind];
            Assert.StartsWith(vi, unit.NameVi, StringComparison.Ordinal);
            Assert.EndsWith(en, unit.NameEn, StringComparison.Ordinal);
        }

        Assert.Contains(Province.Communes, c => c.NameVi == "Phường Phù Sa" && c.NameEn == "Phu Sa Ward");
        Assert.Contains(Province.FormerCommunes, c => c.NameVi == "Phường 1" && c.NameEn == "Ward 1");
    }

    [Fact]
    public void Populations_add_up_from_former_communes_to_the_province()
    {
        var total = Province.Communes.Sum(c => c.Population);
        Assert.InRange(total, 1_140_000, 1_260_000);
        Assert.Equal(total, Province.Province.Population);
        Assert.Equal(total, Province.FormerCommunes.Sum(f => f.Population));

        foreach (var district in Province.Districts)
        {
            Assert.Equal(Province.FormerCommunes.Where(f => f.ParentCode == district.Code).Sum(f => f.Population), district.Population);
        }

        Assert.All(Province.All, u =>
        {
            Assert.True(u.Population > 0, u.Code);
            Assert.InRange((double)u.Population / u.Households, 3.2, 4.0);
        });

        // The capital's wards are much denser than the rural communes.
        double Density(IEnumerable<DemoUnit> units) => units.Sum(u => u.Population) / units.Sum(u => u.Geometry.Area);
        var wards = Province.Communes.Where(c => c.Kind == UnitKind.Ward).ToList();
        var rural = Province.Communes.Where(c => c.Kind == UnitKind.Commune).ToList();
        Assert.True(Density(wards) > 4 * Density(rural));
    }

    [Fact]
    public void The_sea_lies_outside_and_the_centre_inside_exactly_one_commune()
    {
        var sea = Geo.Point(106.6, 9.2);
        Assert.DoesNotContain(Province.All, u => u.Geometry.Intersects(sea));

        var centroid = Province.Province.Geometry.Centroid;
        Assert.Single(Province.Communes, c => c.Geometry.Intersects(centroid));
    }

    private static void AssertTiles(IReadOnlyList<DemoUnit> units, Geometry whole)
    {
        var perSquareDegree = SquareMetresPerSquareDegree;

        // No gaps: the pieces add up to the whole, and their union is the whole.
        var union = OverlayNGRobust.Union(units.Select(u => u.Geometry).ToArray());
        Assert.True(Math.Abs(union.Area - whole.Area) / whole.Area < 1e-4);
        Assert.True(Math.Abs(units.Sum(u => u.Geometry.Area) - whole.Area) / whole.Area < 1e-4);
        Assert.True(OverlayNGRobust.Overlay(union, whole, SpatialFunction.SymDifference).Area * perSquareDegree < 1);

        // No overlaps: neighbours (found through an STR tree) share at most their border.
        var tree = new STRtree<int>();
        for (var i = 0; i < units.Count; i++)
        {
            tree.Insert(units[i].Geometry.EnvelopeInternal, i);
        }

        for (var i = 0; i < units.Count; i++)
        {
            foreach (var j in tree.Query(units[i].Geometry.EnvelopeInternal).Where(j => j > i))
            {
                var overlap = OverlayNGRobust.Overlay(units[i].Geometry, units[j].Geometry, SpatialFunction.Intersection);
                Assert.True(overlap.Area * perSquareDegree < 1, $"{units[i].Code} overlaps {units[j].Code}");
            }
        }
    }

    private static void AssertUnique(IEnumerable<DemoUnit> units)
    {
        var names = units.Select(u => u.NameVi).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static List<(DemoUnit Commune, List<DemoUnit> Formers)> FormersByCommune() =>
        [.. Province.Communes.Select(c => (c, Province.FormerCommunes.Where(f => c.Geometry.Contains(f.Geometry.InteriorPoint)).ToList()))];

    private static string Fingerprint(DemoProvince province) => string.Join(
        "\n",
        province.All.Select(u => $"{u.Code}|{u.Level}|{u.Kind}|{u.NameVi}|{u.NameEn}|{u.ParentCode}|{u.Population}|{u.Households}|{u.Geometry.AsText()}"));
}
