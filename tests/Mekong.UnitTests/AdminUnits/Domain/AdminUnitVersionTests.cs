using Mekong.Modules.AdminUnits.Domain;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.UnitTests.AdminUnits.Domain;

/// <summary>The version rules a boundary import applies to one unit code on its date (create, unchanged, correct, supersede, retire).</summary>
public sealed class AdminUnitVersionTests
{
    private static readonly DateOnly Before = new(2020, 1, 1);
    private static readonly DateOnly Reorganisation = new(2025, 7, 1);

    [Fact]
    public void With_no_version_in_force_a_new_one_is_created_from_the_date_and_open_ended()
    {
        var revision = AdminUnit.Revise(null, "94", "94101", AdminLevel.Commune, Content("Xã Hòa Tú"), Reorganisation);

        Assert.Equal(VersionChange.Created, revision.Change);
        Assert.Equal((Reorganisation, (DateOnly?)null), (revision.Added!.ValidFrom, revision.Added.ValidTo));
        Assert.Equal("Xã Hòa Tú", revision.Added.NameVi);
    }

    [Fact]
    public void The_same_content_changes_nothing_even_with_vertices_moved_by_millimetres()
    {
        var current = Unit(Before, validTo: null, "Xã Hòa Tú", Square(105.9, 9.5, 0.05));
        var moved = Square(105.9 + 1e-8, 9.5, 0.05);

        var revision = AdminUnit.Revise(current, "94", "94101", AdminLevel.Commune, Content("Xã Hòa Tú", moved), Reorganisation);

        Assert.Equal(VersionChange.Unchanged, revision.Change);
        Assert.Null(revision.Added);
        Assert.Null(current.ValidTo);
    }

    [Fact]
    public void A_change_ends_the_version_in_force_on_the_date_and_the_new_one_runs_until_the_old_one_would_have_ended()
    {
        var until = new DateOnly(2030, 1, 1);
        var current = Unit(Before, until, "Xã Hòa Tú", Square(105.9, 9.5, 0.05));

        var revision = AdminUnit.Revise(current, "94", "94101", AdminLevel.Commune, Content("Phường Hòa Tú"), Reorganisation);

        Assert.Equal(VersionChange.Superseded, revision.Change);
        Assert.Equal(Reorganisation, current.ValidTo);
        Assert.Equal((Reorganisation, (DateOnly?)until), (revision.Added!.ValidFrom, revision.Added.ValidTo));
        Assert.Equal(("Xã Hòa Tú", "Phường Hòa Tú"), (current.NameVi, revision.Added.NameVi));
    }

    [Fact]
    public void A_change_to_a_version_that_starts_on_the_same_date_corrects_it_in_place()
    {
        var current = Unit(Reorganisation, validTo: null, "Xã Hoa Tu", Square(105.9, 9.5, 0.05));

        var revision = AdminUnit.Revise(current, "94", "94101", AdminLevel.Commune, Content("Xã Hòa Tú", Square(105.9, 9.5, 0.06), population: 8_200), Reorganisation);

        Assert.Equal(VersionChange.Corrected, revision.Change);
        Assert.Null(revision.Added);
        Assert.Equal(("Xã Hòa Tú", 8_200, Reorganisation, (DateOnly?)null), (current.NameVi, current.Population, current.ValidFrom, current.ValidTo));
        Assert.True(current.AreaKm2 > 40, $"{current.AreaKm2} km²");
    }

    [Fact]
    public void A_version_not_in_force_on_the_date_is_not_revised()
    {
        var ended = Unit(Before, new DateOnly(2024, 1, 1), "Xã Hòa Tú", Square(105.9, 9.5, 0.05));

        var error = Assert.Throws<DomainException>(() => AdminUnit.Revise(ended, "94", "94101", AdminLevel.Commune, Content("Phường Hòa Tú"), Reorganisation));

        Assert.Contains("not the version of 94101 in force on 2025-07-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_the_file_no_longer_lists_ends_on_the_date_or_is_withdrawn_when_it_started_that_day()
    {
        var older = Unit(Before, validTo: null, "Xã Hòa Tú", Square(105.9, 9.5, 0.05));
        var sameDay = Unit(Reorganisation, validTo: null, "Xã Hòa Tú", Square(105.9, 9.5, 0.05));

        Assert.Equal(Retirement.Ended, older.Retire(Reorganisation));
        Assert.Equal(Reorganisation, older.ValidTo);
        Assert.Equal(Retirement.Withdrawn, sameDay.Retire(Reorganisation));
        Assert.Null(sameDay.ValidTo);
    }

    private static UnitContent Content(string name, Geometry? geometry = null, int? population = null) =>
        new(UnitKind.Commune, name, null, "94", geometry ?? Square(105.9, 9.5, 0.05), population, null);

    private static AdminUnit Unit(DateOnly validFrom, DateOnly? validTo, string name, Polygon geometry) =>
        AdminUnit.Create("94", "94101", AdminLevel.Commune, UnitKind.Commune, name, null, "94", geometry, null, null, validFrom, validTo);

    private static Polygon Square(double lon, double lat, double size) =>
        Geo.Factory.CreatePolygon([new(lon, lat), new(lon + size, lat), new(lon + size, lat + size), new(lon, lat + size), new(lon, lat)]);
}
