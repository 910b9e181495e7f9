using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Mekong.Platform.Text;

namespace Mekong.UnitTests.AdminUnits;

/// <summary>Names a user types (a jurisdiction's, a unit's from an import file): bounded, printable, and one rule for a blank English name.</summary>
public sealed class NameRulesTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    [Theory]
    [InlineData("Tỉnh\u0000Phù Sa")]
    [InlineData("Tỉnh\nPhù Sa")]
    [InlineData("Tỉnh\u001b[31mPhù Sa")]
    [InlineData("Tỉnh\u2028Phù Sa")]
    public void A_name_with_a_control_character_or_broken_text_is_refused(string name)
    {
        Assert.NotNull(PlainText.Problem(name, 200));
        Assert.Throws<DomainException>(() => Jurisdiction.Create("95", name, null, isSynthetic: false, Clock));
        Assert.Equal(["nameEn", "nameVi"], Fields(Jurisdiction.CheckSettings(name, name, null, null, null)));
    }

    [Fact]
    public void A_lone_surrogate_is_refused_and_a_pair_is_kept()
    {
        var broken = "Tỉnh " + '\ud800' + " Phù Sa";

        Assert.NotNull(PlainText.Problem(broken, 200));
        Assert.Null(PlainText.Problem("Tỉnh Phù Sa 🌾", 200));
    }

    [Fact]
    public void A_name_is_at_most_200_characters()
    {
        var longest = new string('a', 200);
        var tooLong = new string('a', 201);

        Assert.Null(PlainText.Problem(longest, 200));
        Assert.Equal("Tỉnh Phù Sa 🌾", Jurisdiction.Create("95", "Tỉnh Phù Sa 🌾", null, isSynthetic: false, Clock).NameVi);
        Assert.Empty(Fields(Jurisdiction.CheckSettings(longest, longest, null, null, null)));
        Assert.Equal(["nameEn", "nameVi"], Fields(Jurisdiction.CheckSettings(tooLong, tooLong, null, null, null)));
        var error = Assert.Throws<DomainException>(() => Jurisdiction.Create("95", tooLong, null, isSynthetic: false, Clock));
        Assert.Contains("200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Updating_with_a_bad_name_is_refused_and_changes_nothing()
    {
        var jurisdiction = Jurisdiction.Create("95", "Tỉnh Phù Sa", "Phu Sa Province", isSynthetic: false, Clock);

        Assert.Throws<DomainException>(() => jurisdiction.UpdateSettings("Tỉnh\u0007", null, null, null, null, Clock));

        Assert.Equal("Tỉnh Phù Sa", jurisdiction.NameVi);
        Assert.Equal("Phu Sa Province", jurisdiction.NameEn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_English_name_is_the_Vietnamese_name_at_creation_and_on_update(string? english)
    {
        var jurisdiction = Jurisdiction.Create("95", " Tỉnh Phù Sa ", english, isSynthetic: false, Clock);
        Assert.Equal("Tỉnh Phù Sa", jurisdiction.NameEn);

        jurisdiction.UpdateSettings("Tỉnh Phù Sa Mới", "Phu Sa Province", null, null, null, Clock);
        Assert.Equal("Phu Sa Province", jurisdiction.NameEn);
        jurisdiction.UpdateSettings("Tỉnh Phù Sa Mới", english, null, null, null, Clock);
        Assert.Equal("Tỉnh Phù Sa Mới", jurisdiction.NameEn);
    }

    [Theory]
    [InlineData("Xã\tMột", null)]
    [InlineData("Xã Một", "Mot\r\nCommune")]
    public void A_unit_name_with_a_control_character_is_refused(string nameVi, string? nameEn)
    {
        Assert.NotNull(AdminUnit.NameProblem(nameVi, nameEn));
        Assert.Throws<DomainException>(() => Unit(nameVi, nameEn));
    }

    [Fact]
    public void A_unit_name_is_at_most_200_characters()
    {
        Assert.Equal(new string('x', 200), Unit(new string('x', 200), null).NameVi);
        var error = Assert.Throws<DomainException>(() => Unit(new string('x', 201), null));
        Assert.Contains("at most 200 characters", error.Message, StringComparison.Ordinal);
    }

    private static AdminUnit Unit(string nameVi, string? nameEn) => AdminUnit.Create(
        "95", "95001", AdminLevel.Commune, UnitKind.Commune, nameVi, nameEn, null,
        new BoundingBox(105.9, 9.6, 106.0, 9.7).ToPolygon(), null, null, new DateOnly(2025, 7, 1));

    private static List<string> Fields(FieldErrors errors) => errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ToList();
}
