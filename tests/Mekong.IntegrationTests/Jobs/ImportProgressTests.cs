using System.Globalization;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.Jobs;

/// <summary><c>import admin-units FILE</c> with its output redirected (a log, a pipe): plain progress lines on standard error, the report on standard output.</summary>
public sealed class ImportProgressTests
{
    [Fact]
    public async Task A_redirected_import_writes_plain_progress_lines_with_each_stage_and_its_count()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var created = await ServerCli.RunAsync(storage, null, "jurisdictions", "create", "--code", "94", "--name-vi", "Tỉnh Thử Nghiệm");
        Assert.True(created.ExitCode == 0, created.ToString());
        var features = string.Join(",", Enumerable.Range(0, 3).Select(i =>
        {
            var (x, y) = (105.9 + (i * 0.02), 9.6);
            var ring = string.Create(CultureInfo.InvariantCulture, $"[[{x},{y}],[{x + 0.02},{y}],[{x + 0.02},{y + 0.02}],[{x},{y + 0.02}],[{x},{y}]]");
            return "{\"type\":\"Feature\",\"properties\":{\"code\":\"9410" + i + "\",\"name\":\"Xã " + i + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";
        }));
        var file = Path.Combine(storage.DataDirectory, "xa.geojson");
        await File.WriteAllTextAsync(file, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}", TestContext.Current.CancellationToken);

        var result = await ServerCli.RunAsync(storage, null, "import", "admin-units", file, "--jurisdiction", "94", "--level", "commune", "--valid-from", "2025-07-01", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Each stage starts and ends with its count; no terminal control codes in a log.
        Assert.Contains("0 read", lines);
        Assert.Contains("0/3 (0%) transform and check geometries", lines);
        Assert.Contains("3/3 (100%) transform and check geometries", lines);
        Assert.Contains("3/3 (100%) check overlaps and gaps", lines);
        Assert.Contains("0 compare", lines);
        Assert.DoesNotContain('\r', result.Error);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.Contains("3 would be created", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("0/3 (0%)", result.Output, StringComparison.Ordinal);
    }
}
