using System.Reflection;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits;
using Mekong.Platform;
using Mekong.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace Mekong.ArchitectureTests;

/// <summary>
/// Modules meet only through Contracts. The modules are not listed here: every <c>Mekong.Modules.*</c> assembly the
/// server ships (its output folder) is checked against every other, so a new module is covered the day it is added.
/// Every rule is also run against deliberately bad types (<see cref="Fixtures"/>) and must fail there, so that a rule
/// that silently matches nothing cannot pass.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly PlatformAssembly = typeof(PlatformServices).Assembly;
    private static readonly Assembly ServerAssembly = typeof(Program).Assembly;
    private static readonly Assembly WebAssembly = typeof(Mekong.Web.WebShell).Assembly;
    private static readonly Assembly TestAssembly = typeof(ModuleBoundaryTests).Assembly;

    /// <summary>Every module the server ships: the Mekong.Modules.*.dll files next to it (it references each one).</summary>
    public static readonly Module[] Modules = Directory.GetFiles(AppContext.BaseDirectory, "Mekong.Modules.*.dll")
        .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
        .Select(assembly => new Module(assembly, assembly.GetName().Name!))
        .OrderBy(m => m.Root, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> ModuleNames() => [.. Modules.Select(m => m.Root)];

    public static TheoryData<string, string> ModulePairs() =>
        [.. Modules.SelectMany(a => Modules.Where(b => b != a).Select(b => (a.Root, b.Root)))];

    private static readonly Module Leaky = new(TestAssembly, "Mekong.ArchitectureTests.Fixtures.Leaky");
    private static readonly Module Nosy = new(TestAssembly, "Mekong.ArchitectureTests.Fixtures.Nosy");
    private static readonly Module Polite = new(TestAssembly, "Mekong.ArchitectureTests.Fixtures.Polite");

    [Fact]
    public void The_modules_are_found_and_each_is_in_the_module_table()
    {
        Assert.Contains(Modules, m => m.Root == "Mekong.Modules.AdminUnits");
        Assert.Contains(Modules, m => m.Root == "Mekong.Modules.Access");

        // The delegates of a table entry are compiled into its module's assembly.
        var inTable = ModuleTable.Modules.Select(m => m.AddServices.Method.DeclaringType!.Assembly.GetName().Name!).Order(StringComparer.Ordinal);
        Assert.Equal(Modules.Select(m => m.Root), inTable);
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_uses_only_the_contracts_of_another(string user, string used)
    {
        var result = UsesOnlyContracts(Find(user), Find(used));

        AssertKept(result, user);
    }

    [Fact]
    public void The_boundary_rule_fails_on_a_module_that_reaches_into_another()
    {
        Assert.False(UsesOnlyContracts(Nosy, Leaky).IsSuccessful);
        Assert.False(UsesOnlyContracts(Nosy, Find("Mekong.Modules.AdminUnits")).IsSuccessful);
        Assert.True(UsesOnlyContracts(Polite, Leaky).IsSuccessful, "Using only Contracts is allowed.");
    }

    [Fact]
    public void The_boundary_rule_sees_the_dependencies_real_modules_have()
    {
        // Access does use the AdminUnits contracts: forbidding them must fail, or the rule above sees nothing.
        var result = Types.InAssembly(Find("Mekong.Modules.Access").Assembly).Should().NotHaveDependencyOn("Mekong.Modules.AdminUnits.Contracts").GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Contracts_hold_only_public_types_free_of_their_module_internals(string module)
    {
        foreach (var result in ContractsRules(Find(module)))
        {
            AssertKept(result, module);
        }
    }

    [Fact]
    public void The_contracts_rules_fail_on_leaky_contracts()
    {
        var results = ContractsRules(Leaky).ToList();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.False(r.IsSuccessful));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void DbContexts_are_not_public(string module)
    {
        var m = Find(module);
        Assert.True(m.Types().And().Inherit(typeof(DbContext)).GetTypes().Count() >= 3, $"{module}: expected a context and its two provider types.");

        AssertKept(ContextsNotPublic(m), module);
    }

    [Fact]
    public void The_DbContext_rule_fails_on_a_public_context()
    {
        Assert.False(ContextsNotPublic(Leaky).IsSuccessful);
    }

    [Fact]
    public void Platform_depends_on_no_module_nor_on_the_host_or_the_web_shell()
    {
        var result = Types.InAssembly(PlatformAssembly).Should()
            .NotHaveDependencyOnAny("Mekong.Modules", "Mekong.Server", "Mekong.Web")
            .GetResult();

        AssertKept(result);
        Assert.True(Types.InAssembly(PlatformAssembly).GetTypes().Count() > 10);
        Assert.False(Types.InAssembly(ServerAssembly).Should().NotHaveDependencyOnAny("Mekong.Modules").GetResult().IsSuccessful);
    }

    [Fact]
    public void The_web_shell_does_not_reach_into_module_internals()
    {
        // The shell may call a module's entry class (XxxModule) and its Contracts, nothing else.
        var internals = Modules.SelectMany(Internals).Where(n => !n.EndsWith("Module", StringComparison.Ordinal)).ToArray();
        Assert.Contains("Mekong.Modules.AdminUnits.Storage", internals);

        AssertKept(Types.InAssembly(WebAssembly).Should().NotHaveDependencyOnAny(internals).GetResult());
        Assert.False(Types.InAssembly(WebAssembly).Should().NotHaveDependencyOn("Mekong.Modules.AdminUnits.Contracts").GetResult().IsSuccessful,
            "The shell does use the AdminUnits contracts: the rule can see its dependencies.");
    }

    /// <summary>The rule: <paramref name="user"/>'s types depend on nothing of <paramref name="used"/> but its Contracts.</summary>
    private static NetArchTest.Rules.TestResult UsesOnlyContracts(Module user, Module used)
    {
        var internals = Internals(used);
        Assert.NotEmpty(internals);
        Assert.DoesNotContain(internals, n => n.EndsWith(".Contracts", StringComparison.Ordinal));
        Assert.True(user.Types().GetTypes().Any(), $"{user.Root} has no types: the rule would check nothing.");
        return user.Types().Should().NotHaveDependencyOnAny(internals).GetResult();
    }

    /// <summary>Each Contracts namespace of a module holds only public types that use none of the module's internals.</summary>
    private static IEnumerable<NetArchTest.Rules.TestResult> ContractsRules(Module module)
    {
        var internals = Internals(module);
        foreach (var contracts in module.Namespaces().Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal)))
        {
            Assert.True(module.Types().And().ResideInNamespace(contracts).GetTypes().Any(), $"{contracts} has no types: the rule would check nothing.");
            yield return module.Types().And().ResideInNamespace(contracts).Should().BePublic().GetResult();
            yield return module.Types().And().ResideInNamespace(contracts).Should().NotHaveDependencyOnAny(internals).GetResult();
        }
    }

    private static NetArchTest.Rules.TestResult ContextsNotPublic(Module module) =>
        module.Types().And().Inherit(typeof(DbContext)).Should().NotBePublic().GetResult();

    /// <summary>
    /// What others must not touch in a module: every namespace but Contracts, and the types of the root namespace by
    /// name (NetArchTest matches dependencies by prefix, so the root namespace itself would cover Contracts).
    /// </summary>
    private static string[] Internals(Module module) =>
        module.Namespaces().Where(n => n != module.Root && !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .Concat(module.Assembly.GetTypes().Where(t => t.Namespace == module.Root && !t.Name.StartsWith('<')).Select(t => t.FullName!))
            .ToArray();

    private static Module Find(string root) => Modules.Single(m => m.Root == root);

    private static void AssertKept(NetArchTest.Rules.TestResult result, string? what = null) =>
        Assert.True(result.IsSuccessful, $"{what} Breaking the rule: {string.Join(", ", result.FailingTypeNames ?? [])}");

    /// <summary>A module's types: the part of <paramref name="Assembly"/> under the namespace <paramref name="Root"/>.</summary>
    public sealed record Module(Assembly Assembly, string Root)
    {
        // A regular expression: NetArchTest's ResideInNamespace matches by prefix, so "Access" would take "AccessLog" too.
        public PredicateList Types() => NetArchTest.Rules.Types.InAssembly(Assembly).That().ResideInNamespaceMatching($"^{Regex.Escape(Root)}(\\.|$)");

        public string[] Namespaces() => Assembly.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n == Root || n.StartsWith(Root + ".", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
