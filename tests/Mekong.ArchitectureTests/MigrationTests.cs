using System.Reflection;
using Mekong.Modules.Access;
using Mekong.Modules.AdminUnits;
using NetArchTest.Rules;

namespace Mekong.ArchitectureTests;

/// <summary>
/// A migration is history: it holds its SQL as written. One that calls live code (a helper in Platform, a member of
/// the module's DbContext) would change what an old migration does whenever that code is edited.
/// </summary>
public sealed class MigrationTests
{
    private static readonly Assembly[] ModuleAssemblies = [typeof(AccessModule).Assembly, typeof(AdminUnitsModule).Assembly];

    [Fact]
    public void Migrations_call_no_Mekong_code_but_name_their_DbContext()
    {
        foreach (var assembly in ModuleAssemblies)
        {
            var migrations = Types.InAssembly(assembly).That().ResideInNamespaceContaining(".Storage.Migrations");
            Assert.NotEmpty(migrations.GetTypes());

            // The [DbContext(typeof(...))] attribute names the concrete provider context; nothing else of Mekong may appear.
            var forbidden = assembly.GetTypes()
                .Where(t => t.Namespace is { } ns && ns.StartsWith("Mekong.", StringComparison.Ordinal) && !ns.Contains(".Storage.Migrations", StringComparison.Ordinal))
                .Where(t => !t.Name.StartsWith('<') && !(t.Name.EndsWith("DbContext", StringComparison.Ordinal) && !t.IsAbstract))
                .Select(t => t.FullName!)
                .Append("Mekong.Platform")
                .ToArray();
            var result = Types.InAssembly(assembly).That().ResideInNamespaceContaining(".Storage.Migrations")
                .Should().NotHaveDependencyOnAny(forbidden).GetResult();

            Assert.True(result.IsSuccessful, "Migrations calling live code: " + string.Join(", ", result.FailingTypeNames ?? []));
        }
    }

    [Fact]
    public void The_rule_above_sees_a_dependency_on_the_abstract_DbContext()
    {
        // The module's own storage code does use the abstract context and Platform: the same check must fail there.
        var assembly = typeof(AdminUnitsModule).Assembly;
        var result = Types.InAssembly(assembly).That().ResideInNamespace("Mekong.Modules.AdminUnits.Features")
            .Should().NotHaveDependencyOnAny("Mekong.Modules.AdminUnits.Storage.AdminUnitsDbContext", "Mekong.Platform").GetResult();

        Assert.False(result.IsSuccessful);
    }
}
