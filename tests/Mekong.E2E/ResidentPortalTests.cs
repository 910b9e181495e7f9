using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>
/// A resident on a phone (390×844, touch, Vietnamese): reports a problem with a photo, sees a neighbour's report of the
/// same problem nearby and supports it, sends, and follows the report by its number; and a report sent with no signal
/// waits on the phone and arrives exactly once when the connection returns, even when an answer was lost on the way.
/// </summary>
public sealed class ResidentPortalTests(MekongServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resident_reports_with_a_photo_supports_a_similar_report_nearby_and_follows_theirs()
    {
        var (lat, lon) = (9.6 + (Random.Shared.NextDouble() * 0.01), 105.95 + (Random.Shared.NextDouble() * 0.01));
        var neighbour = await SubmitAsNeighbourAsync("rubbish", lat + 0.0004, lon, "Rác ở đầu hẻm " + Guid.NewGuid().ToString("N")[..8]);
        var page = await server.NewPageAsync(390, 844, touch: true);
        await page.Context.GrantPermissionsAsync(["geolocation"]);
        await page.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)lat, Longitude = (float)lon });

        await page.GotoAsync("/");
        await page.ClickAsync("#home-report");
        await page.WaitForURLAsync("**/reports/new");
        Assert.Equal("Gửi phản ánh", (await page.InnerTextAsync("h1")).Trim());
        await page.ClickAsync("a.category-choice[data-category=rubbish]");
        await page.WaitForSelectorAsync("#report-form[data-started=true]");
        await MekongServer.ScreenshotAsync(page, "portal-report-form");

        await page.ClickAsync("#use-location");
        await page.WaitForSelectorAsync($"#nearby-list li[data-id='{neighbour}']");
        Assert.Contains("Tôi cũng gặp vấn đề này", await page.InnerTextAsync("#nearby"), StringComparison.Ordinal);
        await page.FillAsync($"#support-email-{neighbour}", "hang.neighbour@example.org");
        await page.ClickAsync($"#nearby-list li[data-id='{neighbour}'] .support-button");
        await page.WaitForSelectorAsync($"#nearby-list li[data-id='{neighbour}'][data-supported=true]");
        Assert.Contains("1 người cũng gặp", await page.InnerTextAsync($"#nearby-list li[data-id='{neighbour}']"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "portal-nearby-supported");

        var marker = "Thùng rác tràn ra đường " + Guid.NewGuid().ToString("N")[..8];
        await page.SetInputFilesAsync("#photo-files", new FilePayload { Name = "rac.png", MimeType = "image/png", Buffer = Png() });
        await page.WaitForSelectorAsync("#photo-previews img");
        await page.FillAsync("#description", marker);
        await page.FillAsync("#email", "lan.resident@example.org");
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "no horizontal scrolling on a phone");
        await page.ClickAsync("#send-report");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/reports/", StringComparison.Ordinal) && url.Contains("sent=1", StringComparison.Ordinal));
        var number = (await page.InnerTextAsync("#report-title")).Split(' ')[^1];
        Assert.Contains("Đã gửi phản ánh số " + number, await page.InnerTextAsync("#report-sent"), StringComparison.Ordinal);
        Assert.Equal("Đã tiếp nhận", (await page.InnerTextAsync("#report-status")).Trim());
        Assert.Equal(marker, (await page.InnerTextAsync("#report-description")).Trim());
        Assert.Equal(1, await page.Locator(".report-photos img").CountAsync());
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.report-photos img'); return i && i.complete && i.naturalWidth > 0; }");
        await MekongServer.ScreenshotAsync(page, "portal-report-sent");

        // Later, from any phone: the number alone leads to the public page (no private actions without the token).
        var stranger = await server.NewPageAsync(390, 844, touch: true);
        await stranger.GotoAsync("/");
        await stranger.FillAsync("#home-report-number", number);
        await stranger.ClickAsync("form.home-search button[type=submit]");
        await stranger.WaitForURLAsync($"**/reports/{number}");
        Assert.Equal("Đã tiếp nhận", (await stranger.InnerTextAsync("#report-status")).Trim());
        Assert.Equal(0, await stranger.Locator("#reporter-panel").CountAsync());
        Assert.Contains("Đã tiếp nhận", await stranger.InnerTextAsync("#report-history"), StringComparison.Ordinal);
        await stranger.GotoAsync($"/reports/{neighbour}");
        Assert.Equal("1", (await stranger.InnerTextAsync("#supporter-count")).Trim());
        await stranger.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_report_sent_without_signal_waits_on_the_phone_and_arrives_exactly_once()
    {
        var (lat, lon) = (9.6 + (Random.Shared.NextDouble() * 0.01), 105.95 + (Random.Shared.NextDouble() * 0.01));
        var page = await server.NewPageAsync(390, 844, touch: true);
        await page.Context.GrantPermissionsAsync(["geolocation"]);
        await page.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)lat, Longitude = (float)lon });
        await page.GotoAsync("/reports/new?category=rubbish");
        await page.WaitForSelectorAsync("#report-form[data-started=true]");
        await page.ClickAsync("#use-location");
        await page.WaitForSelectorAsync("#report-form[data-place=chosen]");
        var marker = "Gửi khi mất sóng " + Guid.NewGuid().ToString("N")[..8];
        await page.FillAsync("#description", marker);
        await page.SetInputFilesAsync("#photo-files", new FilePayload { Name = "offline.png", MimeType = "image/png", Buffer = Png() });

        await page.Context.SetOfflineAsync(true);
        await page.ClickAsync("#send-report");
        await page.WaitForSelectorAsync("#send-status[data-state=waiting]");
        Assert.Contains("Chưa có kết nối mạng", await page.InnerTextAsync("#send-status"), StringComparison.Ordinal);
        Assert.Equal(1, await page.EvaluateAsync<int>("window.mekongReportQueue.all().then(items => items.length)"));
        await MekongServer.ScreenshotAsync(page, "portal-offline-waiting");

        // The signal returns, but the first answer is lost on the way back: the server has made the report, the phone
        // does not know it and keeps the report waiting.
        var attempts = 0;
        await page.RouteAsync("**/api/v1/portal/reports", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref attempts) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("aborted");
                return;
            }

            await route.FallbackAsync();
        });
        await page.Context.SetOfflineAsync(false);
        await page.WaitForFunctionAsync("() => document.querySelector('#pending-reports') && !document.querySelector('#pending-reports').hidden");
        await WaitUntilAsync(() => Volatile.Read(ref attempts) >= 1);
        Assert.Equal(1, await page.EvaluateAsync<int>("window.mekongReportQueue.all().then(items => items.length)"));

        // Another online moment sends it again, with the same key: the server answers with the report it made.
        await page.Context.SetOfflineAsync(true);
        await page.Context.SetOfflineAsync(false);
        await page.WaitForURLAsync(url => url.Contains("sent=1", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 45_000 });
        Assert.Equal(2, Volatile.Read(ref attempts));
        Assert.Equal(marker, (await page.InnerTextAsync("#report-description")).Trim());
        Assert.Equal(0, await page.EvaluateAsync<int>("window.mekongReportQueue.all().then(items => items.length)"));
        var number = (await page.InnerTextAsync("#report-title")).Split(' ')[^1];

        var list = await page.Context.APIRequest.GetAsync("/reports?category=rubbish");
        var html = await list.TextAsync();
        Assert.Equal(1, CountOf(html, marker));
        Assert.Contains($"/reports/{number}", html, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(condition(), "timed out");
    }

    /// <summary>Another resident's open report, sent through the portal's API as the form's script does.</summary>
    private async Task<string> SubmitAsNeighbourAsync(string category, double lat, double lon, string description)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseUrl };
        using var tokenAnswer = await client.GetAsync("/api/v1/portal/form-token", Ct);
        var token = JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("token").GetString()!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(category), "service_code" },
            { new StringContent(lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(lon.ToString(CultureInfo.InvariantCulture)), "long" },
            { new StringContent(description), "description" },
            { new StringContent(Guid.NewGuid().ToString("N")), "idempotency_key" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/portal/reports") { Content = form };
        request.Headers.Accept.ParseAdd("application/json");
        using var answer = await client.SendAsync(request, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A small real PNG (64×48, one colour), as a phone camera's photo stands in.</summary>
    private static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAQ0lEQVR42u3PQQkAAAgEsItjJhMbywp+hcEKLNP1WgQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQErhZL5Xjizq9M+AAAAABJRU5ErkJggg==");
}
