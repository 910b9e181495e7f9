using Microsoft.Playwright;

namespace Mekong.E2E;

/// <summary>The admin area: users, API keys and the province's details, for administrators only.</summary>
public sealed class AdminTests(MekongServer server)
{
    [Fact]
    public async Task Administrator_issues_a_viewer_key_that_is_shown_once_and_can_revoke_it()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "admin@phusa.example", "/admin");
        // Every module's admin screens, each linked once.
        var links = await page.Locator(".admin-links a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(
            ["/admin/api-keys", "/admin/import", "/admin/jobs", "/admin/jurisdiction", "/admin/news", "/admin/news/feeds", "/admin/notifications", "/admin/notifications/deliveries", "/admin/outbox", "/admin/report-categories", "/admin/users"],
            links.Order(StringComparer.Ordinal));
        await MekongServer.ScreenshotAsync(page, "admin-home");
        await page.ClickAsync("a[href='/admin/api-keys']");
        await page.WaitForSelectorAsync("#key-name");

        // Nothing filled in: the errors sit next to their fields.
        await page.ClickAsync("form button[type=submit].button");
        await page.WaitForSelectorAsync("#name-error");
        Assert.Equal("true", await page.GetAttributeAsync("#key-name", "aria-invalid"));
        Assert.True(await page.IsVisibleAsync("#role-error"));

        await page.FillAsync("#key-name", "Hệ thống camera giao thông");
        await page.SelectOptionAsync("#key-role", "Viewer");
        await page.ClickAsync("form button[type=submit].button");
        var key = (await page.Locator("#issued-key").InnerTextAsync()).Trim();
        Assert.True(key.Length >= 20, $"a real secret is shown: '{key}'");
        Assert.Contains("Hệ thống camera giao thông", await page.InnerTextAsync("#keys-table"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "admin-api-keys");

        // Shown once: the page loaded again does not show it.
        await page.GotoAsync("/admin/api-keys");
        Assert.Equal(0, await page.Locator("#issued-key").CountAsync());
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("button[aria-label='Thu hồi khóa Hệ thống camera giao thông']");
        await page.WaitForSelectorAsync("#key-revoked");
        Assert.Contains("Đã thu hồi", await page.InnerTextAsync("#keys-table"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_creates_a_user_and_sees_the_generated_password_once()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "admin@phusa.example", "/admin/users");

        // A department officer without a department is refused, next to the field.
        await page.FillAsync("#user-email", "can.bo.moi@phusa.example");
        await page.SelectOptionAsync("#user-role", "DepartmentOfficer");
        await page.ClickAsync("form button[type=submit].button");
        await page.WaitForSelectorAsync("#department-error");
        Assert.Equal("true", await page.GetAttributeAsync("#user-department", "aria-invalid"));

        await page.FillAsync("#user-name", "Cán bộ mới");
        await page.SelectOptionAsync("#user-department", "SXD");
        await page.ClickAsync("form button[type=submit].button");
        var password = (await page.Locator("#generated-password").InnerTextAsync()).Trim();
        Assert.True(password.Length >= 10);
        Assert.Contains("can.bo.moi@phusa.example", await page.InnerTextAsync("#users-table"), StringComparison.Ordinal);
        await MekongServer.ScreenshotAsync(page, "admin-users");

        // The new officer signs in with it.
        var officer = await server.NewPageAsync();
        await officer.GotoAsync("/login?returnUrl=%2Fops");
        await officer.FillAsync("#email", "can.bo.moi@phusa.example");
        await officer.FillAsync("#password", password);
        await officer.ClickAsync("form[action='/account/login'] button[type=submit]");
        await officer.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ops");
        await officer.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Administrator_edits_the_jurisdiction_with_errors_next_to_fields()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "admin@phusa.example", "/admin/jurisdiction");

        await page.FillAsync("#j-website", "not a url");
        await page.FillAsync("#j-hotline", "call us");
        await page.ClickAsync("form button[type=submit].button");
        await page.WaitForSelectorAsync("#website-error");
        Assert.True(await page.IsVisibleAsync("#hotline-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#j-website", "aria-invalid"));
        await MekongServer.ScreenshotAsync(page, "admin-jurisdiction-errors");

        await page.FillAsync("#j-website", "https://phusa.example");
        await page.FillAsync("#j-hotline", "0200 000 111");
        await page.ClickAsync("form button[type=submit].button");
        await page.WaitForSelectorAsync("#jurisdiction-saved");
        Assert.Equal("https://phusa.example", await page.InputValueAsync("#j-website"));

        await page.GotoAsync("/");
        Assert.Equal(1, await page.Locator("a[href='https://phusa.example']").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_is_denied_the_admin_area()
    {
        var page = await server.NewPageAsync();
        await MekongServer.SignInAsync(page, "viewer@phusa.example", "/ops");
        await page.GotoAsync("/admin/users");

        Assert.Contains("/access-denied", page.Url, StringComparison.Ordinal);
        Assert.Equal("Không có quyền truy cập", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal(0, await page.Locator("#user-email").CountAsync());
        await MekongServer.ScreenshotAsync(page, "viewer-denied");
        await page.Context.CloseAsync();
    }
}
