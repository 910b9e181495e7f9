using System.Reflection;
using Mekong.Modules.Access;
using Mekong.Modules.AdminUnits;
using Mekong.Modules.Notifications;
using Mekong.Platform;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace Mekong.ArchitectureTests;

/// <summary>
/// Modules meet only through Contracts. Every rule is also run against code known to break it (or its type count is
/// checked), so that a rule that silently matches nothing cannot pass.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string AccessNs = "Mekong.Modules.Access";
    private const string AdminUnitsNs = "Mekong.Modules.AdminUnits";
    private const string AdminUnitsContracts = "Mekong.Modules.AdminUnits.Contracts";

    private static readonly Assembly AccessAssembly = typeof(AccessModule).Assembly;
    private static readonly Assembly AdminUnitsAssembly = typeof(AdminUnitsModule).Assembly;
    private static readonly Assembly PlatformAssembly = typeof(PlatformServices).Assembly;
    private static readonly Assembly ServerAssembly = typeof(Program).Assembly;
    private static readonly Assembly WebAssembly = typeof(Mekong.Web.WebShell).Assembly;

    private static readonly Assembly NotificationsAssembly = typeof(NotificationsModule).Assembly;

    private static readonly Assembly[] ModuleAssemblies = [AccessAssembly, AdminUnitsAssembly, NotificationsAssembly];

    /// <summary>
    /// What other modules must not touch in AdminUnits: every namespace but Contracts, and the types of the root
    /// namespace by name (NetArchTest matches dependencies by prefix, so the root namespace itself would cover Contracts).
    /// </summary>
    private static string[] AdminUnitsInternals() => Internals(AdminUnitsAssembly, AdminUnitsNs);

    private static string[] Internals(Assembly assembly, string root) =>
        // Only the module's own namespaces: generated code (GeneratedRegex's System.Text.RegularExpressions.Generated) is everyone's.
        Namespaces(assembly).Where(n => n.StartsWith(root + ".", StringComparison.Ordinal) && !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .Concat(assembly.GetTypes().Where(t => t.Namespace == root && !t.Name.StartsWith('<')).Select(t => t.FullName!))
            .ToArray();

    [Fact]
    public void Access_uses_only_the_contracts_of_AdminUnits()
    {
        var internals = AdminUnitsInternals();
        Assert.Contains("Mekong.Modules.AdminUnits.Storage", internals);
        Assert.Contains("Mekong.Modules.AdminUnits.Domain", internals);
        Assert.DoesNotContain(internals, n => AdminUnitsContracts.StartsWith(n, StringComparison.Ordinal));

        var result = Types.InAssembly(AccessAssembly).Should().NotHaveDependencyOnAny(internals).GetResult();

        AssertKept(result);
        Assert.True(Types.InAssembly(AccessAssembly).GetTypes().Count() > 10);
    }

    [Fact]
    public void Access_does_use_the_AdminUnits_contracts_so_the_rule_above_can_see_dependencies()
    {
        // The same check that passes above must fail when it forbids what Access really uses.
        var result = Types.InAssembly(AccessAssembly).Should().NotHaveDependencyOn(AdminUnitsContracts).GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Notifications_uses_only_the_contracts_of_Access_and_AdminUnits()
    {
        var internals = AdminUnitsInternals().Concat(Internals(AccessAssembly, AccessNs)).ToArray();
        Assert.Contains("Mekong.Modules.Access.Storage", internals);
        Assert.DoesNotContain(internals, n => "Mekong.Modules.Access.Contracts".StartsWith(n, StringComparison.Ordinal));

        AssertKept(Types.InAssembly(NotificationsAssembly).Should().NotHaveDependencyOnAny(internals).GetResult());
        // The same check must see what Notifications really uses: the Access contracts.
        Assert.False(Types.InAssembly(NotificationsAssembly).Should().NotHaveDependencyOn("Mekong.Modules.Access.Contracts").GetResult().IsSuccessful);
        Assert.True(Types.InAssembly(NotificationsAssembly).GetTypes().Count() > 10);
    }

    [Fact]
    public void No_other_module_depends_on_Notifications()
    {
        foreach (var assembly in new[] { AccessAssembly, AdminUnitsAssembly })
        {
            AssertKept(Types.InAssembly(assembly).Should().NotHaveDependencyOn("Mekong.Modules.Notifications").GetResult(), assembly.GetName().Name);
        }
    }

    [Fact]
    public void AdminUnits_does_not_depend_on_Access()
    {
        var result = Types.InAssembly(AdminUnitsAssembly).Should().NotHaveDependencyOn(AccessNs).GetResult();

        AssertKept(result);
        Assert.True(Types.InAssembly(AdminUnitsAssembly).GetTypes().Count() > 10);
    }

    [Fact]
    public void The_server_does_depend_on_both_modules_so_the_rules_can_fail()
    {
        Assert.False(Types.InAssembly(ServerAssembly).Should().NotHaveDependencyOn(AccessNs).GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(ServerAssembly).Should().NotHaveDependencyOn(AdminUnitsNs).GetResult().IsSuccessful);
    }

    [Fact]
    public void Platform_depends_on_no_module_nor_on_the_host_or_the_web_shell()
    {
        var result = Types.InAssembly(PlatformAssembly).Should()
            .NotHaveDependencyOnAny("Mekong.Modules", "Mekong.Server", "Mekong.Web")
            .GetResult();

        AssertKept(result);
        Assert.True(Types.InAssembly(PlatformAssembly).GetTypes().Count() > 10);
    }

    [Fact]
    public void Contracts_hold_only_public_types_free_of_their_module_internals()
    {
        foreach (var assembly in ModuleAssemblies)
        {
            foreach (var contracts in Namespaces(assembly).Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal)))
            {
                var module = contracts[..^".Contracts".Length];
                var types = Types.InAssembly(assembly).That().ResideInNamespace(contracts);
                Assert.True(types.GetTypes().Any(), $"{contracts} has no types: the rule would check nothing.");

                AssertKept(Types.InAssembly(assembly).That().ResideInNamespace(contracts).Should().BePublic().GetResult());
                AssertKept(Types.InAssembly(assembly).That().ResideInNamespace(contracts).Should()
                    .NotHaveDependencyOnAny(module + ".Domain", module + ".Storage", module + ".Features").GetResult());
            }
        }
    }

    [Fact]
    public void The_contracts_rule_fails_on_a_namespace_that_holds_internal_types()
    {
        var result = Types.InAssembly(AdminUnitsAssembly).That().ResideInNamespace("Mekong.Modules.AdminUnits.Storage").Should().BePublic().GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void DbContexts_are_not_public()
    {
        foreach (var assembly in ModuleAssemblies)
        {
            var contexts = Types.InAssembly(assembly).That().Inherit(typeof(DbContext));
            Assert.True(contexts.GetTypes().Count() >= 3, $"{assembly.GetName().Name}: expected a context and its two provider types.");

            AssertKept(Types.InAssembly(assembly).That().Inherit(typeof(DbContext)).Should().NotBePublic().GetResult());
        }
    }

    [Fact]
    public void No_module_references_another_modules_DbContext()
    {
        foreach (var assembly in ModuleAssemblies)
        {
            var own = assembly.GetName().Name!;
            var foreignContexts = ModuleAssemblies.Where(a => a != assembly)
                .SelectMany(a => Types.InAssembly(a).That().Inherit(typeof(DbContext)).GetTypes())
                .Select(t => t.FullName!)
                .ToArray();
            Assert.NotEmpty(foreignContexts);

            AssertKept(Types.InAssembly(assembly).Should().NotHaveDependencyOnAny(foreignContexts).GetResult(), own);
        }
    }

    [Fact]
    public void The_DbContext_rule_fails_where_a_context_is_used()
    {
        // AdminUnits' own features use its context: forbidding it there must fail.
        var context = Types.InAssembly(AdminUnitsAssembly).That().Inherit(typeof(DbContext)).GetTypes().Select(t => t.FullName!).ToArray();

        Assert.False(Types.InAssembly(AdminUnitsAssembly).Should().NotHaveDependencyOnAny(context).GetResult().IsSuccessful);
    }

    [Fact]
    public void The_web_shell_does_not_reach_into_module_internals()
    {
        var internals = AdminUnitsInternals().Concat(Internals(AccessAssembly, AccessNs))
            .Where(n => !n.EndsWith("Module", StringComparison.Ordinal)).ToArray();

        AssertKept(Types.InAssembly(WebAssembly).Should().NotHaveDependencyOnAny(internals).GetResult());
    }

    private static string[] Namespaces(Assembly assembly) =>
        assembly.GetTypes().Select(t => t.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static void AssertKept(NetArchTest.Rules.TestResult result, string? what = null) =>
        Assert.True(result.IsSuccessful, $"{what} Breaking the rule: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
