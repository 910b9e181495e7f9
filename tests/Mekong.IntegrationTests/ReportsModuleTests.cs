using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>The Reports module on the real server: its verb and its demo data, on both databases.</summary>
public abstract class ReportsModuleTests(AppFixture app)
{
    [Fact]
    public async Task The_verb_lists_the_demo_categories_and_their_reports()
    {
        var result = await ServerCli.RunAsync(app.Factory.Storage, null, "reports", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        var counts = System.Text.RegularExpressions.Regex.Match(result.Output, @"^(\d+) categories, (\d+) report\(s\)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(counts.Success, result.Output);
        Assert.True(int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 25, result.Output);
        Assert.True(int.Parse(counts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 400, result.Output);
        Assert.Contains("Đèn chiếu sáng hỏng", result.Output, StringComparison.Ordinal);
    }
}

public sealed class ReportsModuleTests_Sqlite(SqliteApp app) : ReportsModuleTests(app), IClassFixture<SqliteApp>;

public sealed class ReportsModuleTests_PostgreSql(PostgreSqlApp app) : ReportsModuleTests(app), IClassFixture<PostgreSqlApp>;
