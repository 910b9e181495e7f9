using Mekong.Modules.AdminUnits;
using Mekong.Modules.Places;
using NetArchTest.Rules;

namespace Mekong.ArchitectureTests;

/// <summary>
/// A page is one more caller of a feature's handler, like the API and the CLI: it never reads or writes the module's
/// storage, nor runs the importer, itself (a page that did so validated and stored differently from the API).
/// </summary>
public sealed class PageTests
{
    private const string AdminUnitsUi = "Mekong.Modules.AdminUnits.Ui";

    private static readonly string[] BeyondHandlers =
    [
        "Mekong.Modules.AdminUnits.Storage",
        "Microsoft.EntityFrameworkCore",
        "Mekong.Modules.AdminUnits.Features.ImportAdminUnits.AdminUnitImporter",
        "Mekong.Modules.AdminUnits.Features.UploadAdminUnits.ImportUploads",
        "Mekong.Platform.Events.IEventPublisher",
    ];

    [Fact]
    public void AdminUnits_pages_go_through_the_feature_handlers()
    {
        var pages = Types.InAssembly(typeof(AdminUnitsModule).Assembly).That().ResideInNamespace(AdminUnitsUi);
        Assert.Contains(pages.GetTypes(), t => t.Name == "ImportAdminUnits");
        Assert.Contains(pages.GetTypes(), t => t.Name == "JurisdictionSettings");

        var result = Types.InAssembly(typeof(AdminUnitsModule).Assembly).That().ResideInNamespace(AdminUnitsUi)
            .Should().NotHaveDependencyOnAny(BeyondHandlers).GetResult();

        Assert.True(result.IsSuccessful, "Pages reaching past the handlers: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_handlers_do_use_what_the_pages_must_not_so_the_rule_can_fail()
    {
        var result = Types.InAssembly(typeof(AdminUnitsModule).Assembly).That().ResideInNamespace("Mekong.Modules.AdminUnits.Features.UploadAdminUnits")
            .Should().NotHaveDependencyOnAny(BeyondHandlers).GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Places_pages_go_through_the_feature_handlers()
    {
        var pages = Types.InAssembly(typeof(PlacesModule).Assembly).That().ResideInNamespace("Mekong.Modules.Places.Ui");
        Assert.Contains(pages.GetTypes(), t => t.Name == "PlacePage");
        Assert.Contains(pages.GetTypes(), t => t.Name == "RoutePage");

        var result = pages.Should().NotHaveDependencyOnAny("Mekong.Modules.Places.Storage", "Microsoft.EntityFrameworkCore", "Mekong.Modules.Places.Features.ImportOsm").GetResult();

        Assert.True(result.IsSuccessful, "Pages reaching past the handlers: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
