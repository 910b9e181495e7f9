using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>The Places module on the real server: its endpoint (policy Viewer) and its verb, on both databases.</summary>
public abstract class PlacesModuleTests(AppFixture app)
{
    [Fact]
    public async Task Items_are_closed_to_anonymous_callers()
    {
        var response = await app.Factory.CreateClient().GetAsync("/api/v1/places/items", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_lists_the_items_of_their_jurisdiction()
    {
        var (key, _) = await app.IssueKeyAsync("Viewer");

        var body = await app.Factory.WithApiKey(key).GetJsonAsync("/api/v1/places/items");

        Assert.Equal(body.GetProperty("items").GetArrayLength(), body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_verb_lists_the_items()
    {
        var result = await ServerCli.RunAsync(app.Factory.Storage, null, "places", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+ item\(s\)", result.Output);
    }
}

public sealed class PlacesModuleTests_Sqlite(SqliteApp app) : PlacesModuleTests(app), IClassFixture<SqliteApp>;

public sealed class PlacesModuleTests_PostgreSql(PostgreSqlApp app) : PlacesModuleTests(app), IClassFixture<PostgreSqlApp>;
