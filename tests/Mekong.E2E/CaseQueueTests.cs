namespace Mekong.E2E;

/// <summary>An officer's day: sign in, the unit's queue with its deadline clocks and map, a report resolved with a message to the resident.</summary>
public sealed class CaseQueueTests(MekongServer server)
{
    [Fact]
    public async Task An_officer_sees_the_queue_and_resolves_a_report_with_a_public_message()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "officer@phusa.example", "/reports/queue");
        Assert.True(await page.Locator("a[href='/reports/queue']").CountAsync() >= 1, "the shell links the queue for officers");
        await page.WaitForSelectorAsync("#queue-table");
        await page.WaitForSelectorAsync("#case-map[data-state=ready]");
        Assert.True(await page.Locator("#queue-table .case-clock").CountAsync() > 0, "every row has its deadline clock");
        await MekongServer.ScreenshotAsync(page, "case-queue");

        // A report of the unit that is being worked on; if none is, one that is assigned, started first.
        await page.SelectOptionAsync("#f-status", "in_progress");
        await page.ClickAsync("#queue-filters button[type=submit]");
        await page.WaitForSelectorAsync("#queue-table");
        var started = await page.Locator("#queue-table tbody tr").CountAsync() > 0;
        if (!started)
        {
            await page.SelectOptionAsync("#f-status", "assigned");
            await page.ClickAsync("#queue-filters button[type=submit]");
            await page.WaitForSelectorAsync("#queue-table tbody tr");
        }

        await page.Locator("#queue-table tbody tr a[href^='/reports/queue/']").First.ClickAsync();
        await page.WaitForSelectorAsync("#case-history");
        if (!started)
        {
            await page.SelectOptionAsync("#s-status", "in_progress");
            await page.ClickAsync("#status-submit");
            await page.WaitForSelectorAsync("#case-status[data-status=in_progress]");
        }

        await page.SelectOptionAsync("#s-status", "resolved");
        await page.FillAsync("#s-public", "Đã sửa xong đèn đường. Cảm ơn bạn đã phản ánh.");
        await page.FillAsync("#s-note", "Thay bóng LED 100W");
        await page.ClickAsync("#status-submit");
        await page.WaitForSelectorAsync("#case-status[data-status=resolved]");
        var history = await page.InnerTextAsync("#case-history");
        Assert.Contains("Đã sửa xong đèn đường", history, StringComparison.Ordinal);
        Assert.Contains("Thay bóng LED 100W", history, StringComparison.Ordinal);
        Assert.True(await page.Locator("#case-history li.case-public").CountAsync() >= 1);
        await MekongServer.ScreenshotAsync(page, "case-resolved");
        await page.Context.CloseAsync();
    }
}
