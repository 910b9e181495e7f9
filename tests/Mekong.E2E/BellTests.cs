using System.Globalization;
using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>The bell in the shell's header counts up live, in a real browser, when an announcement reaches the operator.</summary>
public sealed class BellTests(MekongServer server)
{
    [Fact]
    public async Task An_announcement_raises_the_operators_bell_without_a_reload()
    {
        var operatorPage = await server.NewPageAsync();
        await MekongServer.SignInAsync(operatorPage, "operator@phusa.example", "/ops");
        await operatorPage.WaitForSelectorAsync("#notify-bell[data-connected=true][data-unread]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var before = int.Parse(await operatorPage.GetAttributeAsync("#notify-bell", "data-unread") ?? "0", CultureInfo.InvariantCulture);

        // The administrator announces (the demo operators' bell subscription hears it), from another browser.
        var adminPage = await server.NewPageAsync();
        await MekongServer.SignInAsync(adminPage, "admin@phusa.example", "/ops");
        var sent = await adminPage.Context.APIRequest.PostAsync("/api/v1/admin/notifications/announcements", new APIRequestContextOptions
        {
            DataObject = new { title = "Diễn tập " + Guid.NewGuid().ToString("N")[..8], body = "Thứ Bảy, 8 giờ." },
        });
        Assert.Equal(201, sent.Status);

        // The operator's page was not reloaded: the hub's nudge to this user made the bell ask for its count.
        await operatorPage.WaitForFunctionAsync($"() => Number(document.getElementById('notify-bell').dataset.unread) > {before}");
        Assert.Equal(await operatorPage.GetAttributeAsync("#notify-bell", "data-unread"), (await operatorPage.InnerTextAsync("#notify-count")).Trim());
        await operatorPage.Context.CloseAsync();
        await adminPage.Context.CloseAsync();
    }
}
