using Mekong.Modules.Notifications.Contracts;
using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Demo;
using Mekong.Modules.Notifications.Features.Inbox;
using Mekong.Modules.Notifications.Features.ListDeliveries;
using Mekong.Modules.Notifications.Features.ManageSubscriptions;
using Mekong.Modules.Notifications.Features.SendAnnouncement;
using Mekong.Modules.Notifications.Storage;
using Mekong.Modules.Notifications.Ui;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Modules;
using Mekong.Platform.Notifications;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Notifications;

/// <summary>
/// Tells people and systems what happened (<see cref="INotifications"/>): e-mail over SMTP in the recipient's
/// language, Standard Webhooks-signed HTTP posts, and the bell of in-app notifications; subscriptions managed in
/// /admin; every delivery through the outbox of the caller's own DbContext.
/// </summary>
public static class NotificationsModule
{
    /// <summary>The module's line in the host's module table.</summary>
    public static MekongModule Module { get; } = new("notifications")
    {
        AddServices = (services, configuration) => services.AddNotificationsModule(configuration),
        MapEndpoints = app => app.MapNotificationsEndpoints(),
    };

    public static IServiceCollection AddNotificationsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<NotificationsDbContext, NotificationsSqliteDbContext, NotificationsPostgresDbContext>(configuration, NotificationsDbContext.Schema);
        services.AddOutboxFor<NotificationsDbContext>();

        services.AddValidatedOptions<SmtpOptions>(configuration, SmtpOptions.Section);
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<WebhookSender>();
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookTargetPolicy>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            // A redirect would carry the signed body somewhere the subscription did not name; a proxy would be connected
            // to instead of the checked address; ConnectCallback connects only to addresses the target policy allows (ADR 0019).
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = sp.GetRequiredService<WebhookTargetPolicy>().ConnectAsync,
            });
        services.AddSingleton<IWebhookSecretProtector, DataProtectionWebhookSecrets>();

        services.AddScoped<INotifications, NotificationService>();
        services.AddScoped<IDirectNotifications, DirectNotificationService>();
        services.AddOutboxHandler<EmailDeliveryHandler>();
        services.AddOutboxHandler<WebhookDeliveryHandler>();
        services.AddOutboxHandler<InAppDeliveryHandler>();

        services.AddScoped<InboxService>();
        services.AddScoped<INotificationInbox>(sp => sp.GetRequiredService<InboxService>());
        services.AddScoped<CreateSubscriptionHandler>();
        services.AddScoped<SendAnnouncementHandler>();
        services.AddScoped<IDemoSeeder, NotificationsDemoSeeder>();

        services.AddSingleton(new UiAssembly(typeof(NotificationsModule).Assembly));
        services.AddSingleton(new ShellWidget(ShellWidget.Header, typeof(NotificationBell), 10));
        services.AddSingleton(new NavigationLink("admin", "/admin/notifications", "Thông báo", "Notifications", 40, Policies.Administrator));
        services.AddSingleton(new NavigationLink("admin", "/admin/notifications/deliveries", "Nhật ký gửi thông báo", "Notification delivery log", 41, Policies.Administrator));
        return services;
    }

    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Policies.Viewer);
        mine.MapGet("/", InboxEndpoints.List).WithName("ListMyNotifications").ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapGet("/unread-count", InboxEndpoints.UnreadCount).WithName("CountMyUnreadNotifications").ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapPost("/{id:guid}/read", InboxEndpoints.MarkRead).WithName("MarkNotificationRead").ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapPost("/read", InboxEndpoints.MarkAllRead).WithName("MarkAllNotificationsRead").ProducesProblem(StatusCodes.Status404NotFound);

        var admin = app.MapGroup("/api/v1/admin/notifications").WithTags("Administration").RequireAuthorization(Policies.Administrator);
        admin.MapGet("/subscriptions", SubscriptionEndpoints.List).WithName("ListSubscriptions");
        admin.MapPost("/subscriptions", SubscriptionEndpoints.Create).WithName("CreateSubscription");
        admin.MapDelete("/subscriptions/{id:guid}", SubscriptionEndpoints.Delete).WithName("DeleteSubscription").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/deliveries", ListDeliveries.Handle).WithName("ListNotificationDeliveries");
        admin.MapPost("/announcements", SendAnnouncementEndpoint.Handle).WithName("SendAnnouncement");
        return app;
    }
}
