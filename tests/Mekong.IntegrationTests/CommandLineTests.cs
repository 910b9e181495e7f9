using System.CommandLine;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Cli;
using Mekong.Platform.Modules;
using Mekong.Server.Cli;
using Mekong.Server.Hosting;

namespace Mekong.IntegrationTests;

/// <summary>
/// The first word decides between serving and running a verb, and a verb is whatever the root command knows: the
/// verbs of every module in the module table, and nothing that looks like a verb ever starts the server by mistake.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly CliServices NoServices = new(_ => throw new InvalidOperationException("Only the verb names are read."));

    public static TheoryData<string> ModuleVerbs() =>
        [.. ModuleTable.Modules.SelectMany(m => m.Commands(NoServices)).Select(c => c.Name).Distinct()];

    [Theory]
    [MemberData(nameof(ModuleVerbs))]
    [InlineData("migrate")]
    [InlineData("seed-demo")]
    [InlineData("backup")]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    public void Every_module_verb_and_built_in_verb_is_a_verb(string verb)
    {
        Assert.Equal(CommandLineKind.Verb, MekongCli.Classify([verb]));
    }

    [Fact]
    public void The_module_verbs_are_the_ones_the_modules_give()
    {
        var verbs = MekongCli.Verbs(ModuleTable.Modules);

        // A verb group two modules share (import, export, simulate) is one verb, where its first module puts it.
        Assert.Equal(["migrate", "backup", "seed-demo", .. ModuleTable.Modules.SelectMany(m => m.Commands(NoServices)).Select(c => c.Name).Distinct()], verbs);
        Assert.Contains("jurisdictions", verbs);
        Assert.Contains("users", verbs);
    }

    [Fact]
    public void A_verb_of_a_module_added_to_the_table_is_a_verb_without_any_other_edit()
    {
        var extra = new MekongModule("extra")
        {
            AddServices = (_, _) => { },
            Commands = _ => [new Command("frobnicate", "A verb only the extra module knows")],
        };

        Assert.Equal(CommandLineKind.UnknownVerb, MekongCli.Classify(["frobnicate"]));
        Assert.Equal(CommandLineKind.Verb, MekongCli.Classify(["frobnicate"], [.. ModuleTable.Modules, extra]));
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5081")]
    [InlineData("--urls=http://127.0.0.1:5081")]
    [InlineData("urls=http://127.0.0.1:5081")]
    [InlineData("/urls=http://127.0.0.1:5081")]
    [InlineData("--Mekong:Demo=false")]
    [InlineData("--environment=Development")]
    public void Settings_without_a_verb_serve(params string[] args)
    {
        Assert.Equal(CommandLineKind.Serve, MekongCli.Classify(args));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("user")]
    [InlineData("Migrate")]
    public void A_word_that_is_no_verb_is_an_unknown_verb(string word)
    {
        Assert.Equal(CommandLineKind.UnknownVerb, MekongCli.Classify([word, "--email", "x@example.org"]));
    }

    [Fact]
    public async Task An_unknown_verb_exits_1_listing_the_verbs_instead_of_serving()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);

        var result = await ServerCli.RunAsync(storage, null, "frobnicate", "--now");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Unknown verb 'frobnicate'", result.Error, StringComparison.Ordinal);
        foreach (var verb in MekongCli.Verbs(ModuleTable.Modules))
        {
            Assert.Contains(verb, result.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(storage.DataDirectory, "mekong.db")), "Nothing was started: no database was created.");
    }
}
