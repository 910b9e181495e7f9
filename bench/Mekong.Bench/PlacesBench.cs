using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mekong.Modules.Places.Features.SearchPlaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mekong.Bench;

/// <summary>
/// <c>bench places [places] [--requests N]</c>: the places search (issue 17: p99 &lt; 20 ms on 100,000 places).
/// Generates Vietnamese-like places around the demo province, builds the search index, then in one Kestrel on
/// loopback serves <c>/json</c> (a bare JSON answer, TechEmpower's reference) and <c>/places?q=</c> (the index's search
/// with its JSON), and sends the same number of sequential requests to each: prefixes as one types, whole words
/// without tones, with tones, typos, and a category near a point. Also the search alone, in process.
/// </summary>
internal static class PlacesBench
{
    private static readonly string[] Kinds = ["Bệnh viện", "Trạm Y tế", "Nhà thuốc", "Trường Tiểu học", "Trường THCS", "Khách sạn", "Nhà nghỉ", "Chùa", "Ủy ban nhân dân xã", "Chợ", "Quán cà phê", "Tiệm vàng"];
    private static readonly string[] Categories = ["health", "health", "pharmacy", "school", "school", "hotel", "hotel", "tourism", "government", "market", "tourism", "market"];
    private static readonly string[] Syllables =
    [
        "An", "Long", "Phú", "Mỹ", "Thạnh", "Hòa", "Tân", "Vĩnh", "Thới", "Hưng", "Lợi", "Bình", "Phước", "Thuận", "Đại", "Khánh",
        "Lịch", "Hội", "Xuyên", "Trung", "Tài", "Văn", "Ngãi", "Kế", "Sách", "Châu", "Thành", "Lạc", "Hiệp", "Thạch", "Hậu", "Nhơn",
        "Điền", "Đông", "Tây", "Hải", "Phong", "Quới", "Thiện", "Xuân", "Phụng", "Nghĩa", "Cường", "Định", "Trị", "Lộc", "Thắng",
    ];

    private static readonly string[] Queries =
    [
        "b", "be", "ben", "benh", "benh v", "benh vien", "bệnh viện", "benh vien an", "nha thuoc", "nhà thuốc phú",
        "truong tieu hoc", "khach san", "chua", "uy ban nhan dan xa", "bnh vien", "nha thouc", "khach sn long", "cho tan", "tram y te vinh", "quan ca phe",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100_000;
        var requests = args.SkipWhile(a => a != "--requests").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(4000);
        var random = new Random(20250701);
        var places = new List<IndexedPlace>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(Kinds.Length);
            var name = $"{Kinds[kind]} {Syllables[random.Next(Syllables.Length)]} {Syllables[random.Next(Syllables.Length)]}";
            places.Add(new IndexedPlace(Guid.CreateVersion7(), Categories[kind], name, null, null, null, "0299 3000000", null,
                9.3 + (random.NextDouble() * 0.6), 105.65 + (random.NextDouble() * 0.6)));
        }

        var build = Stopwatch.StartNew();
        var index = new PlaceSearchIndex(places, new StreetIndex([]));
        build.Stop();
        Console.WriteLine($"index of {count:N0} places built in {build.ElapsedMilliseconds} ms; managed heap {GC.GetTotalMemory(true) / (1024 * 1024)} MB");

        // In process: the search alone.
        var inProcess = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var query = Query(i);
            var started = Stopwatch.GetTimestamp();
            index.Search(query, 0, 20);
            inProcess.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/json", () => TypedResults.Json(new { text = "Hello, World!" }));
        app.MapGet("/places", (int i) =>
        {
            var (page, total) = index.Search(Query(i), 0, 20);
            return TypedResults.Json(new { items = page.Select(h => new { h.Place.Id, h.Place.NameVi, h.Place.Category, h.Place.Latitude, h.Place.Longitude, h.DistanceMetres, h.Score }), total });
        });
        await app.StartAsync();
        var address = app.Urls.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var bare = await LoadAsync(client, requests, _ => "/json");
        var search = await LoadAsync(client, requests, i => "/places?i=" + i.ToString(CultureInfo.InvariantCulture));
        await app.StopAsync();

        Console.WriteLine($"{"",-28} {"p50 ms",8} {"p99 ms",8}");
        Print("search in process", inProcess);
        Print("bare Kestrel /json (HTTP)", bare);
        Print("places search (HTTP)", search);
        Console.WriteLine($"goal: places search p99 < 20 ms — {(Percentile(search, 0.99) < 20 ? "met" : "NOT met")} ({requests:N0} sequential requests each, one client)");
        return 0;
    }

    private static PlaceQuery Query(int i)
    {
        var text = Queries[i % Queries.Length];
        return i % 5 == 4
            ? new PlaceQuery(text, "pharmacy", 9.6, 105.95, 5000, null)
            : new PlaceQuery(text, null, i % 2 == 0 ? 9.6 : null, i % 2 == 0 ? 105.95 : null, null, null);
    }

    private static async Task<List<double>> LoadAsync(HttpClient client, int requests, Func<int, string> url)
    {
        for (var i = 0; i < 200; i++)
        {
            (await client.GetAsync(url(i))).EnsureSuccessStatusCode(); // warm up
        }

        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url(i));
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{url(i)}: {response.StatusCode}");
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
    }

    private static void Print(string name, List<double> values) =>
        Console.WriteLine($"{name,-28} {Percentile(values, 0.5),8:0.000} {Percentile(values, 0.99),8:0.000}");
}
