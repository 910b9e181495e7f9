using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Demo;

// Temporary grid stand-in until the real generator lands (branch demo-generator).
internal static class DemoProvinceGenerator
{
    public static DemoProvince Generate(int seed)
    {
        _ = seed;
        var from = new DateOnly(2004, 1, 1);
        var reorg = DemoProvince.ReorganisationDate;
        Polygon Cell(double x, double y, double w, double h) => (Polygon)Geo.Factory.ToGeometry(new Envelope(x, x + w, y, y + h));
        var province = new DemoUnit("90", AdminLevel.Province, UnitKind.Province, "Tỉnh Phù Sa", "Phu Sa Province", null, Cell(105.7, 9.35, 0.5, 0.5), 1_200_000, 333_000, from, null);
        var communes = new List<DemoUnit>();
        var former = new List<DemoUnit>();
        var districts = new List<DemoUnit>();
        for (var i = 0; i < 10; i++)
        {
            districts.Add(new DemoUnit($"9{i + 1:00}", AdminLevel.District, UnitKind.RuralDistrict, $"Huyện {i + 1}", $"District {i + 1}", "90", Cell(105.7 + (i * 0.05), 9.35, 0.05, 0.5), 120_000, 33_300, from, reorg));
            for (var j = 0; j < 10; j++)
            {
                var code = $"9{(i * 10) + j + 601:0000}";
                communes.Add(new DemoUnit(code, AdminLevel.Commune, UnitKind.Commune, $"Xã {(i * 10) + j + 1}", $"Commune {(i * 10) + j + 1}", "90", Cell(105.7 + (i * 0.05), 9.35 + (j * 0.05), 0.05, 0.05), 12_000, 3_330, reorg, null));
                former.Add(new DemoUnit($"9{(i * 10) + j + 1:0000}", AdminLevel.Commune, UnitKind.Commune, $"Xã cũ {(i * 10) + j + 1}", $"Old commune {(i * 10) + j + 1}", districts[^1].Code, Cell(105.7 + (i * 0.05), 9.35 + (j * 0.05), 0.05, 0.05), 12_000, 3_330, from, reorg));
            }
        }

        return new DemoProvince(province, districts, former, communes);
    }
}
