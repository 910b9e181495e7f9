using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// Issue 12: crafted boundary files pushed through the real server's /admin/import upload (which reads the whole file
/// to preview it) as the demo administrator; each gets the error that names its limit, and the server's peak memory
/// (VmHWM) stays under the bound docs/operations.md states for the default <c>Mekong:Import:*</c> limits.
/// </summary>
public sealed partial class HostileUploadTests
{
    /// <summary>The bound docs/operations.md states ("Import limits") for the server under the default limits.</summary>
    private const long MemoryBound = 1536L * 1024 * 1024;

    [Fact]
    public async Task Hostile_uploads_get_an_error_naming_their_limit_and_the_server_stays_under_its_memory_bound()
    {
        await using var storage = await TestStorage.CreateDemoAsync(DatabaseKind.Sqlite);
        // A safety net for the machine, not the bound under test: a regression dies at 4 GiB instead of taking 16 GiB.
        await using var server = await ServerCli.StartAsync(storage, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "100000000" });
        using var client = await SignedInAsync(server);
        var baseline = server.PeakResidentBytes();

        var cases = new (string Name, string FileName, Func<byte[]> Build, string Limit)[]
        {
            ("a record claiming 2,147,483,632 parts", "parts.zip", () => ShapefileZip(partsClaimed: 2_147_483_632), "MaxPartsPerFeature"),
            ("a record claiming a billion points", "points.zip", () => ShapefileZip(pointsClaimed: 1_000_000_000), "MaxPoints"),
            ("1 GiB of zeros as the .shp", "bomb.zip", () => ZerosZip("xa.shp"), "MaxCompressionRatio"),
            ("three such entries", "bombs.zip", () => ZerosZip("xa.shp", "xa.dbf", "xb.shp"), "MaxCompressionRatio"),
            ("50,000 entries", "entries.zip", ManyEntries, "MaxZipEntries"),
            ("a 12 MB .prj", "prj.zip", HugePrj, "MaxSidecarBytes"),
            ("GeoJSON nested 1,000,000 deep", "deep.geojson", DeepGeoJson, "MaxJsonDepth"),
            ("one 80 MB GeoJSON feature", "feature.geojson", () => GeoJson(1, 3_300_000), "MaxFeatureBytes"),
            ("GeoJSON of 2.1 million vertices", "points.geojson", () => GeoJson(700, 3_000), "MaxPoints"),
            ("a CSV line of 90 MB", "line.csv", HugeCsvLine, "MaxFeatureBytes"),
            ("a CSV WKT of 2.1 million vertices", "wkt.csv", HugeWkt, "MaxPoints"),
        };

        foreach (var (name, fileName, build, limit) in cases)
        {
            var page = await UploadAsync(client, fileName, build());
            var error = ErrorOf(page);
            Assert.True(error?.Contains("Mekong:Import:" + limit, StringComparison.Ordinal) == true,
                $"{name}: expected an error naming Mekong:Import:{limit}; the page said: {error ?? page[..Math.Min(page.Length, 2000)]}\n{server.Log()}");
            var peak = server.PeakResidentBytes();
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}: peak {peak / 1e6:F0} MB (before any upload {baseline / 1e6:F0} MB)");
            Assert.True(peak < MemoryBound, $"{name}: the server peaked at {peak / 1e6:F0} MB (before any upload {baseline / 1e6:F0} MB), above the stated bound of {MemoryBound / 1e6:F0} MB.");
        }

        Assert.True(server.PeakResidentBytes() < MemoryBound);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(storage.DataDirectory, "uploads", "import")));
    }

    [Fact]
    public async Task While_one_import_runs_another_upload_or_CLI_dry_run_is_told_the_installation_is_busy()
    {
        await using var storage = await TestStorage.CreateDemoAsync(DatabaseKind.Sqlite);
        await using var server = await ServerCli.StartAsync(storage);
        using var client = await SignedInAsync(server);
        var geoJson = Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","name":"Xã A"},"geometry":{"type":"Polygon","coordinates":[[[105.9,9.5],[106,9.5],[106,9.6],[105.9,9.5]]]}}]}""");
        var file = Path.Combine(storage.DataDirectory, "xa.geojson");
        await File.WriteAllBytesAsync(file, geoJson, TestContext.Current.CancellationToken);

        // The slot an import holds: its lock file, opened exclusively as the server and the CLI open it.
        var locks = Path.Combine(storage.DataDirectory, "locks");
        Directory.CreateDirectory(locks);
        using (new FileStream(Path.Combine(locks, "import-1.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = ErrorOf(await UploadAsync(client, "xa.geojson", geoJson));
            Assert.True(error?.Contains("Mekong:Import:MaxConcurrentImports", StringComparison.Ordinal) == true, error);

            var cli = await ServerCli.RunAsync(storage, null, "import", "admin-units", file, "--jurisdiction", "94", "--level", "commune", "--dry-run");
            Assert.True(cli.ExitCode == 1 && cli.Output.Contains("Mekong:Import:MaxConcurrentImports", StringComparison.Ordinal), cli.ToString());
        }

        // Free again: the same upload goes on to the mapping step.
        var response = await PostUploadAsync(client, "xa.geojson", geoJson);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("step=map", StringComparison.Ordinal),
            $"{(int)response.StatusCode} {response.Headers.Location}: {ErrorOf(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))}");
    }

    private static async Task<HttpClient> SignedInAsync(ServerProcess server)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.Url,
            Timeout = TimeSpan.FromMinutes(3),
        };
        var login = await SignIn.PostFormAsync(client, "admin@phusa.example", "phusa-demo-2025");
        Assert.True(login.StatusCode == HttpStatusCode.Redirect && login.Headers.Location?.OriginalString == "/ops", $"Log-in failed: {(int)login.StatusCode} {login.Headers.Location}");
        return client;
    }

    /// <summary>Posts the upload form as the browser does and returns the page it answers with (the redirect's target on success).</summary>
    private static async Task<string> UploadAsync(HttpClient client, string fileName, byte[] content)
    {
        using var response = await PostUploadAsync(client, fileName, content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{fileName}: the upload answered {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(HttpClient client, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync("/admin/import");
        var jurisdiction = HiddenJurisdiction().Match(page);
        Assert.True(jurisdiction.Success, "The upload form has no jurisdiction.");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import-upload"), "_handler" },
            { new StringContent(SignIn.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(jurisdiction.Groups[1].Value), "Upload.Jurisdiction" },
            { new StringContent("commune"), "Upload.Level" },
            { new StringContent("2025-07-01"), "Upload.ValidFrom" },
            { new StringContent(string.Empty), "Upload.SourceCrs" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/admin/import", form);
    }

    private static string? ErrorOf(string page)
    {
        var match = ImportError().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static byte[] ShapefileZip(int partsClaimed = 1, int pointsClaimed = 5)
    {
        // One polygon record as the format lays it out: file header, record header, shape type, box, counts, parts, points.
        var shp = new byte[100 + 8 + 44 + 4 + (5 * 16)];
        BinaryPrimitives.WriteInt32BigEndian(shp, 9994);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(24), shp.Length / 2);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(28), 1000);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(32), 5);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(100), 1);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(104), (44 + 4 + (5 * 16)) / 2);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(108), 5);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(108 + 36), partsClaimed);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(108 + 40), pointsClaimed);
        var dbf = new byte[32 + 32 + 1 + 1 + 10 + 1];
        dbf[0] = 3;
        BinaryPrimitives.WriteInt32LittleEndian(dbf.AsSpan(4), 1);
        BinaryPrimitives.WriteInt16LittleEndian(dbf.AsSpan(8), 65);
        BinaryPrimitives.WriteInt16LittleEndian(dbf.AsSpan(10), 11);
        Encoding.ASCII.GetBytes("code").CopyTo(dbf, 32);
        dbf[32 + 11] = (byte)'C';
        dbf[32 + 16] = 10;
        dbf[64] = 0x0D;
        Encoding.ASCII.GetBytes(" 94101     ").CopyTo(dbf, 65);
        dbf[^1] = 0x1A;
        return Zip(("xa.shp", shp), ("xa.dbf", dbf), ("xa.prj", Encoding.ASCII.GetBytes("GEOGCS[\"WGS 84\"]")));
    }

    private static byte[] ZerosZip(params string[] names)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            foreach (var name in names)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                for (var i = 0; i < 1024; i++)
                {
                    entry.Write(zeros);
                }
            }
        }

        return buffer.ToArray();
    }

    private static byte[] ManyEntries() =>
        Zip([("xa.shp", new byte[100]), .. Enumerable.Range(0, 50_000).Select(i => ($"e/{i}", Array.Empty<byte>()))]);

    private static byte[] HugePrj()
    {
        var noise = new byte[9 * 1024 * 1024];
        new Random(5).NextBytes(noise);
        return Zip(("xa.shp", new byte[100]), ("xa.dbf", new byte[100]), ("xa.prj", Encoding.ASCII.GetBytes(Convert.ToBase64String(noise))));
    }

    private static byte[] DeepGeoJson() =>
        Encoding.ASCII.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
            + new string('[', 1_000_000) + new string(']', 1_000_000) + "}}]}");

    private static byte[] GeoJson(int features, int vertices)
    {
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (var f = 0; f < features; f++)
        {
            text.Append(f == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{f}\",\"name\":\"Xã {f}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[");
            for (var v = 0; v < vertices; v++)
            {
                text.Append(v == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"[{105 + (v * 1e-7):F7},{9 + (f * 1e-3):F5}]");
            }

            text.Append("]]}}");
        }

        return Encoding.ASCII.GetBytes(text.Append("]}").ToString());
    }

    private static byte[] HugeCsvLine() =>
        Encoding.ASCII.GetBytes("code,name,wkt\n1,\"" + new string('x', 90 * 1024 * 1024) + "\",\n");

    private static byte[] HugeWkt()
    {
        var text = new StringBuilder("code,name,wkt\n1,Xa A,\"POLYGON ((");
        for (var v = 0; v < 2_100_000; v++)
        {
            text.Append(v == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"{105 + (v * 1e-7):F7} 9");
        }

        return Encoding.ASCII.GetBytes(text.Append("))\"\n").ToString());
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    [GeneratedRegex("name=\"Upload.Jurisdiction\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenJurisdiction();

    [GeneratedRegex("id=\"import-error\">([^<]*)<")]
    private static partial Regex ImportError();
}
