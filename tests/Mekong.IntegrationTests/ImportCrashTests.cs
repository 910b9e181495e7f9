using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Mekong.IntegrationTests;

/// <summary>
/// "What was acknowledged survives a crash, and nothing is half-written": an import killed with SIGKILL while it
/// writes leaves the previous units exactly as they were (or, if the commit won the race, all of the new ones).
/// </summary>
public sealed class ImportCrashTests
{
    private const int Communes = 2_000;
    private const string Jurisdiction = "95";

    [Fact]
    public async Task An_import_killed_while_writing_leaves_the_previous_units_as_they_were()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var template = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var files = Directory.CreateTempSubdirectory("mekong-crash-").FullName;
        try
        {
            var province = Write(files, "province.geojson", [Feature("95", "Tỉnh Thử Sập", -0.001, -0.001, 2.001, 1.001, vertices: 4)]);
            var before = Write(files, "before.geojson", Grid("Xã Cũ"));
            var after = Write(files, "after.geojson", Grid("Xã Mới"));
            await Cli(template, "jurisdictions", "create", "--code", Jurisdiction, "--name-vi", "Tỉnh Thử Sập");
            await Cli(template, "import", "admin-units", province, "--jurisdiction", Jurisdiction, "--level", "province", "--valid-from", "2020-01-01");
            await Cli(template, "import", "admin-units", before, "--jurisdiction", Jurisdiction, "--level", "commune", "--valid-from", "2020-01-01");
            Assert.Equal((Communes, 0, 0), Count(template.DataDirectory));

            var killedWhileWriting = 0;
            for (var attempt = 0; attempt < 6 && killedWhileWriting < 1; attempt++)
            {
                await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
                File.Copy(Path.Combine(template.DataDirectory, "mekong.db"), Path.Combine(storage.DataDirectory, "mekong.db"));
                if (await KillWhileWritingAsync(storage, after, cancellation))
                {
                    killedWhileWriting++;
                }

                var (current, created, ended) = Count(storage.DataDirectory);
                Assert.True(
                    (current, created, ended) is (Communes, 0, 0) or (Communes, Communes, Communes),
                    $"Half an import is visible after the crash: {current} current units, {created} new versions, {ended} ended versions.");
                Assert.Equal("ok", Scalar(storage.DataDirectory, "PRAGMA integrity_check"));
            }

            Assert.True(killedWhileWriting > 0, "The import finished before it could be killed in the write: the test proved nothing; make the file larger.");
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    /// <summary>Runs the import and kills it (SIGKILL) once its transaction has started filling the write-ahead log.</summary>
    private static async Task<bool> KillWhileWritingAsync(TestStorage storage, string file, CancellationToken cancellation)
    {
        var wal = Path.Combine(storage.DataDirectory, "mekong.db-wal");
        using var process = Start(storage, "import", "admin-units", file, "--jurisdiction", Jurisdiction, "--level", "commune", "--valid-from", "2025-07-01");
        var watch = Stopwatch.StartNew();
        while (!process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (File.Exists(wal) && new FileInfo(wal).Length > 2_000_000)
            {
                process.Kill();
                await process.WaitForExitAsync(cancellation);
                return true;
            }

            await Task.Delay(2, cancellation);
        }

        await process.WaitForExitAsync(cancellation);
        return false;
    }

    private static async Task Cli(TestStorage storage, params string[] args)
    {
        var result = await ServerCli.RunAsync(storage, new Dictionary<string, string> { ["Mekong__Demo"] = "false" }, args);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static Process Start(TestStorage storage, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = storage.DataDirectory };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment["Mekong__DataDirectory"] = storage.DataDirectory;
        start.Environment["Mekong__Demo"] = "false";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Commune versions of the jurisdiction: in force today, starting 2025-07-01, and ended on 2025-07-01.</summary>
    private static (long Current, long Created, long Ended) Count(string dataDirectory) => (
        (long)Scalar(dataDirectory, $"SELECT count(*) FROM geo_admin_units WHERE JurisdictionCode = '{Jurisdiction}' AND Level = 'Commune' AND ValidTo IS NULL")!,
        (long)Scalar(dataDirectory, $"SELECT count(*) FROM geo_admin_units WHERE JurisdictionCode = '{Jurisdiction}' AND Level = 'Commune' AND ValidFrom = '2025-07-01'")!,
        (long)Scalar(dataDirectory, $"SELECT count(*) FROM geo_admin_units WHERE JurisdictionCode = '{Jurisdiction}' AND Level = 'Commune' AND ValidTo = '2025-07-01'")!);

    private static object? Scalar(string dataDirectory, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "mekong.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A 50 × 40 grid of communes over 2° × 1°, each with many vertices so that the write takes a while.</summary>
    private static IEnumerable<string> Grid(string prefix)
    {
        for (var i = 0; i < Communes; i++)
        {
            var (row, column) = (i / 50, i % 50);
            yield return Feature((95_000 + i).ToString(CultureInfo.InvariantCulture), $"{prefix} {i + 1}", column * 0.04, row * 0.025, (column + 1) * 0.04, (row + 1) * 0.025, vertices: 100);
        }
    }

    /// <summary>A GeoJSON feature: a box near 105°E 9°N whose edges carry <paramref name="vertices"/> points each, laid on one shared grid so neighbours match exactly.</summary>
    private static string Feature(string code, string name, double x0, double y0, double x1, double y1, int vertices)
    {
        var ring = new List<(double X, double Y)>();
        void Edge(double ax, double ay, double bx, double by)
        {
            for (var k = 0; k < vertices; k++)
            {
                // Interpolate from the lower corner always, so the shared edge of two neighbours has the same vertices.
                var t = (double)k / vertices;
                var (sx, sy, ex, ey, tt) = ax < bx || ay < by ? (ax, ay, bx, by, t) : (bx, by, ax, ay, 1 - t);
                ring.Add((Math.Round(105 + sx + ((ex - sx) * tt), 7), Math.Round(9 + sy + ((ey - sy) * tt), 7)));
            }
        }

        Edge(x0, y0, x1, y0);
        Edge(x1, y0, x1, y1);
        Edge(x1, y1, x0, y1);
        Edge(x0, y1, x0, y0);
        ring.Add(ring[0]);
        var coordinates = string.Join(',', ring.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X},{c.Y}]")));
        return $$$"""{"type":"Feature","properties":{"code":"{{{code}}}","name":"{{{name}}}"},"geometry":{"type":"Polygon","coordinates":[[{{{coordinates}}}]]}}""";
    }

    private static string Write(string directory, string name, IEnumerable<string> features)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', features) + "]}", new UTF8Encoding(false));
        return path;
    }
}
