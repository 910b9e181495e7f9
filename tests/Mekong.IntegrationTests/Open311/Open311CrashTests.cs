using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Mekong.IntegrationTests.Open311;

/// <summary>
/// Issue 14, "a kill -9 in the middle of a stream of POSTs loses no acknowledged report": several clients post reports
/// (half with a photo) to the real server process; it is SIGKILLed mid-stream and started again. Every acknowledged
/// token leads to its report with its full data and its photo, and no report in the database is half-written (each has
/// its first history entry, and each photo it names is served).
/// </summary>
public sealed partial class Open311CrashTests
{
    private const int Clients = 6;
    private const int AcknowledgedBeforeKill = 36;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Every_report_acknowledged_before_a_kill_9_is_there_whole_after_the_restart(DatabaseKind kind)
    {
        var cancellation = TestContext.Current.CancellationToken;
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateDemoAsync(kind);
        var environment = new Dictionary<string, string>
        {
            // The stream is one key's: its write allowance must not be what stops it.
            ["Mekong__RateLimits__AnonymousWrite__IdentifiedPerMinute"] = "100000",
            ["Mekong__RateLimits__PublicRead__IdentifiedPerMinute"] = "100000",
        };
        var issued = await ServerCli.RunAsync(storage, environment, "apikeys", "create", "--name", "crash", "--role", "Viewer", "--jurisdiction", Demo.Jurisdiction);
        var key = ApiKey().Match(issued.Output).Value;
        Assert.True(key.Length > 0, issued.ToString());
        var photo = Jpeg();
        var acknowledged = new ConcurrentBag<(string Token, string Marker, bool WithPhoto)>();
        var sent = new ConcurrentBag<string>();

        await using (var first = await ServerCli.StartAsync(storage, environment))
        {
            using var http = new HttpClient { BaseAddress = first.Url, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var marker = $"crash-{c}-{n}-{Guid.NewGuid():N}";
                    var withPhoto = n % 2 == 0;
                    sent.Add(marker);
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json") { Content = Form(marker, withPhoto ? photo : null) };
                        request.Headers.Add("X-Api-Key", key);
                        using var response = await http.SendAsync(request, CancellationToken.None);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Assert.Fail($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                        }

                        var token = (await Http.JsonAsync(response, HttpStatusCode.OK))[0].GetProperty("token").GetString()!;
                        acknowledged.Add((token, marker, withPhoto));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The server is gone: this report was never acknowledged; the client stops.
                        return;
                    }
                }
            }, CancellationToken.None)).ToList();

            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (acknowledged.Count < AcknowledgedBeforeKill && DateTime.UtcNow < deadline && clients.All(t => !t.IsCompleted))
            {
                await Task.Delay(20, cancellation);
            }

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"Only {acknowledged.Count} reports acknowledged before the kill.\n{first.Log()}");
            // Mid-stream: the clients are still posting when the server dies.
            await first.KillHardAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
        }

        await using var second = await ServerCli.StartAsync(storage, environment);
        using var client = new HttpClient { BaseAddress = second.Url };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        foreach (var (token, marker, withPhoto) in acknowledged)
        {
            var id = (await client.GetJsonAsync($"/open311/v2/tokens/{token}.json"))[0].GetProperty("service_request_id").GetString();
            var report = (await client.GetJsonAsync($"/open311/v2/requests/{id}.json?extensions=true"))[0];
            Assert.Equal(marker, report.GetProperty("description").GetString());
            Assert.Equal("rubbish", report.GetProperty("service_code").GetString());
            Assert.Equal("open", report.GetProperty("status").GetString());
            Assert.Equal(9.6, report.GetProperty("lat").GetDouble(), 6);
            Assert.Equal(105.95, report.GetProperty("long").GetDouble(), 6);
            Assert.Equal(withPhoto ? 1 : 0, report.GetProperty("extended_attributes").GetProperty("media_urls").GetArrayLength());
        }

        // No half-written report: every one that exists (acknowledged or caught in flight) has its history and its photos.
        await using var db = Open(storage);
        var stored = await db.Reports.AsNoTracking().Include(r => r.History).Where(r => r.Description!.StartsWith("crash-")).ToListAsync(cancellation);
        var markers = sent.ToHashSet(StringComparer.Ordinal);
        Assert.True(stored.Count >= acknowledged.Count, $"{stored.Count} stored, {acknowledged.Count} acknowledged");
        foreach (var report in stored)
        {
            Assert.Contains(report.Description!, markers);
            var first = Assert.Single(report.History);
            Assert.Equal(Mekong.Modules.Reports.Domain.ReportStatus.Received, first.To);
            Assert.Equal(report.Description!.Split('-')[2] is var n && int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? 1 : 0, report.PhotoHashes.Count);
            foreach (var hash in report.PhotoHashes)
            {
                using var media = await client.GetAsync($"/open311/v2/requests/{report.Id}/media/{hash}", cancellation);
                Assert.Equal(HttpStatusCode.OK, media.StatusCode);
                Assert.Equal("image/jpeg", media.Content.Headers.ContentType?.MediaType);
                Assert.True((await media.Content.ReadAsByteArrayAsync(cancellation)).Length > 100);
            }
        }
    }

    private static ReportsDbContext Open(TestStorage storage) => storage.Kind == DatabaseKind.Sqlite
        ? new ReportsSqliteDbContext(new DbContextOptionsBuilder<ReportsSqliteDbContext>()
            .UseModuleSqlite($"Data Source={Path.Combine(storage.DataDirectory, "mekong.db")};Pooling=False", ReportsDbContext.Schema).Options)
        : new ReportsPostgresDbContext(new DbContextOptionsBuilder<ReportsPostgresDbContext>()
            .UseModulePostgres(storage.ConnectionString!, ReportsDbContext.Schema, spatial: true).Options);

    private static MultipartFormDataContent Form(string marker, byte[]? photo)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("rubbish"), "service_code" },
            { new StringContent("9.6"), "lat" },
            { new StringContent("105.95"), "long" },
            { new StringContent(marker), "description" },
            { new StringContent("0912345678"), "phone" },
        };
        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "media", "rac.jpg");
        }

        return form;
    }

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(96, 64);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.OliveDrab);
            using var paint = new SKPaint { Color = SKColors.SaddleBrown };
            canvas.DrawRect(20, 20, 40, 30, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    [GeneratedRegex("mk_[A-Za-z0-9]{8}_[A-Za-z0-9]{43}")]
    private static partial Regex ApiKey();
}
