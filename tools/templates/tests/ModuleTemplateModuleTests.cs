using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>The ModuleTemplate module on the real server: its endpoint (policy Viewer) and its verb, on both databases.</summary>
public abstract class ModuleTemplateModuleTests(AppFixture app)
{
    [Fact]
    public async Task Items_are_closed_to_anonymous_callers()
    {
        var response = await app.Factory.CreateClient().GetAsync("/api/v1/module-template/items", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_lists_the_items_of_their_jurisdiction()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");

        var body = await app.Factory.WithApiKey(key).GetJsonAsync("/api/v1/module-template/items");

        Assert.Equal(body.GetProperty("items").GetArrayLength(), body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_verb_lists_the_items()
    {
        var result = await ServerCli.RunAsync(app.Factory.Storage, null, "module-template", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+ item\(s\)", result.Output);
    }
}

public sealed class ModuleTemplateModuleTests_Sqlite(SqliteApp app) : ModuleTemplateModuleTests(app), IClassFixture<SqliteApp>;

public sealed class ModuleTemplateModuleTests_PostgreSql(PostgreSqlApp app) : ModuleTemplateModuleTests(app), IClassFixture<PostgreSqlApp>;
