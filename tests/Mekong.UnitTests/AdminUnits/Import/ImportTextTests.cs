using System.Text;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.UnitTests.AdminUnits.Import;

public sealed class ImportTextTests
{
    [Fact]
    public void Csv_reads_quoted_commas_quotes_and_line_breaks()
    {
        var rows = Csv.Parse(new StringReader("code,name,wkt\r\n1,\"Xã \"\"Mới\"\", A\",\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\n2,\"two\nlines\",\r\n")).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", "Xã \"Mới\", A", "POLYGON ((0 0, 1 0, 1 1, 0 0))"], rows[1]);
        Assert.Equal(["2", "two\nlines", ""], rows[2]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData(null, "")]
    public void Csv_quotes_only_what_needs_quoting(string? value, string expected) => Assert.Equal(expected, Csv.Field(value));

    [Theory]
    [InlineData("UTF-8", 65001)]
    [InlineData("utf8", 65001)]
    [InlineData("1258", 1258)]
    [InlineData("CP1258", 1258)]
    [InlineData("ANSI 1258", 1258)]
    [InlineData("windows-1258", 1258)]
    public void Cpg_names_map_to_code_pages(string cpg, int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Equal(codePage, ShapefileFeatureReader.CodePage(cpg)!.CodePage);
    }

    [Fact]
    public void Windows_1258_text_comes_out_as_nfc()
    {
        // "Phường" as Windows-1258 stores it: ư (precomposed, 0xFD) + ơ (0xF5) + combining grave (0xCC).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Encoding.GetEncoding(1258).GetString([(byte)'P', (byte)'h', 0xFD, 0xF5, 0xCC, (byte)'n', (byte)'g']);

        Assert.NotEqual("Phường", text);
        Assert.Equal("Phường", FeatureReaders.Clean(text));
    }

    [Theory]
    [InlineData("commune", "Phường Tân An", "ward")]
    [InlineData("commune", "Xã Hòa Tú", "commune")]
    [InlineData("commune", "Đặc khu Côn Đảo", "special-zone")]
    [InlineData("commune", "Thị trấn Mỹ Xuyên", "township")]
    [InlineData("district", "Thị xã Vĩnh Châu", "town")]
    [InlineData("district", "Huyện Mỹ Tú", "rural-district")]
    [InlineData("province", "Thành phố Cần Thơ", "central-city")]
    [InlineData("province", "Tỉnh Sóc Trăng", "province")]
    public void The_name_prefix_gives_the_kind(string level, string name, string kind)
    {
        Assert.True(AdminLevelNames.TryParse(level, out var parsed));
        Assert.Equal(kind, AdminLevelNames.KindFromName(parsed, name).ToApi());
    }

    [Fact]
    public void A_boundary_moved_by_millimetres_is_the_same_content_and_one_moved_by_metres_is_not()
    {
        var square = (Polygon)Geo.Factory.ToGeometry(new Envelope(105.90, 105.95, 9.55, 9.60));
        var unit = AdminUnit.Create("94", "94001", AdminLevel.Commune, UnitKind.Ward, "Phường Tân An", null, "94", square, 100, null, new DateOnly(2025, 7, 1));
        var millimetres = (Polygon)Geo.Factory.ToGeometry(new Envelope(105.90, 105.95000001, 9.55, 9.60));
        var metres = (Polygon)Geo.Factory.ToGeometry(new Envelope(105.90, 105.951, 9.55, 9.60));

        Assert.True(unit.HasSameContent("Phường Tân An", null, "94", millimetres, 100, null));
        Assert.False(unit.HasSameContent("Phường Tân An", null, "94", metres, 100, null));
        Assert.False(unit.HasSameContent("Phường Tân An", null, "94", square, 101, null));
        Assert.False(unit.HasSameContent("Phường Tân An Mới", null, "94", square, 100, null));
    }

    [Fact]
    public void Only_the_version_of_the_same_day_can_be_corrected_in_place()
    {
        var square = (Polygon)Geo.Factory.ToGeometry(new Envelope(105.90, 105.95, 9.55, 9.60));
        var unit = AdminUnit.Create("94", "94001", AdminLevel.Commune, UnitKind.Ward, "Phường Tân An", null, "94", square, 100, null, new DateOnly(2025, 7, 1));

        unit.CorrectVersion(new DateOnly(2025, 7, 1), UnitKind.Ward, "Phường Tân An Mới", null, "94", square, 120, 30);

        Assert.Equal(("Phường Tân An Mới", 120, 30), (unit.NameVi, unit.Population!.Value, unit.Households!.Value));
        Assert.Throws<Mekong.Platform.Errors.DomainException>(() => unit.CorrectVersion(new DateOnly(2025, 8, 1), UnitKind.Ward, "X", null, null, square, null, null));
    }
}
