using Mekong.Modules.Notifications.Ui;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Components;

namespace Mekong.UnitTests.Platform;

/// <summary>A shell widget renders beside the page: it must bring its own scope, or it shares the page's DbContext.</summary>
public sealed class ShellWidgetTests
{
    private sealed class SharesThePageScope : ComponentBase;

    [Fact]
    public void A_widget_that_would_share_the_page_scope_is_refused_when_registered()
    {
        var error = Assert.Throws<ArgumentException>(() => new ShellWidget(ShellWidget.Header, typeof(SharesThePageScope), 1));
        Assert.Contains("OwningComponentBase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_notification_bell_brings_its_own_scope()
    {
        var widget = new ShellWidget(ShellWidget.Header, typeof(NotificationBell), 10);
        Assert.True(typeof(OwningComponentBase).IsAssignableFrom(widget.Component));
    }
}
