using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Demo;

/// <summary>
/// Demo subscriptions (operators hear every notice in the bell, administrators get announcements by e-mail) and a
/// few unread notifications in the demo accounts' bells. Runs after the accounts exist (Access is 10).
/// </summary>
internal sealed class NotificationsDemoSeeder(NotificationsDbContext db, IUserDirectory users, TimeProvider clock) : IDemoSeeder
{
    public int Order => 40;

    public string Name => "notifications";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var jurisdiction = context.JurisdictionCode;
        if (!await db.Subscriptions.AnyAsync(s => s.JurisdictionCode == jurisdiction, cancellationToken))
        {
            var none = new Dictionary<string, string>();
            db.Subscriptions.Add(Subscription.ForPeople("Trực ban: mọi thông báo", jurisdiction, "*", Channel.InApp, Roles.Operator, null, none, "demo", clock));
            db.Subscriptions.Add(Subscription.ForPeople("Quản trị: thông báo chung qua thư", jurisdiction, Announcement.EventType, Channel.Email, Roles.Administrator, null, none, "demo", clock));
            db.Subscriptions.Add(Subscription.ForPeople("Sở Xây dựng: ngập úng", jurisdiction, "reports.*", Channel.InApp, Roles.DepartmentOfficer, "SXD",
                new Dictionary<string, string> { ["category"] = "flooding" }, "demo", clock));
        }

        var people = await users.ListAsync(new UserQuery(jurisdiction), cancellationToken);
        foreach (var user in people.Where(u => u.Role is Roles.Administrator or Roles.Operator))
        {
            var key = $"demo:welcome:{user.Id:N}";
            if (await db.Inbox.AnyAsync(i => i.DeliveryKey == key, cancellationToken))
            {
                continue;
            }

            db.Inbox.Add(InboxItem.Create(user.Id, "notifications.welcome",
                "Chào mừng đến Trung tâm điều hành Phù Sa", "Welcome to the Phù Sa operations centre",
                "Đây là thông báo trong ứng dụng. Chuông ở đầu trang cho biết số thông báo chưa đọc.",
                "This is an in-app notification. The bell at the top of the page shows how many are unread.", "/ops", key, clock));
            db.Inbox.Add(InboxItem.Create(user.Id, Announcement.EventType,
                "Diễn tập ứng phó lũ lúc 8 giờ sáng thứ Bảy", "Flood response drill on Saturday at 8 a.m.",
                "Các đơn vị trực ban kiểm tra danh bạ liên lạc khẩn cấp trước buổi diễn tập.",
                "Duty teams check the emergency contact list before the drill.", "/notifications", $"demo:drill:{user.Id:N}", clock));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
