using System.Text;
using Mekong.Modules.News.Cli;
using Mekong.Modules.News.Demo;
using Mekong.Modules.News.Features.Articles;
using Mekong.Modules.News.Features.Media;
using Mekong.Modules.News.Features.Notices;
using Mekong.Modules.News.Features.Reading;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Jobs;
using Mekong.Platform.Modules;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News;

/// <summary>
/// The administration's newsroom and the local media (ADR 0032): articles written, reviewed and published by editors,
/// read on the portal, through <c>GET /api/v1/news</c> and in RSS/Atom feeds; subscriptions to the media's feeds,
/// fetched by a periodic job, merged and shown beside them.
/// </summary>
public static class NewsModule
{
    /// <summary>The module's line in the host's module table (src/Mekong.Server/Hosting/ModuleTable.cs).</summary>
    public static MekongModule Module { get; } = new("news")
    {
        AddServices = (services, configuration) => services.AddNewsModule(configuration),
        MapEndpoints = app => app.MapNewsEndpoints(),
        Commands = NewsCommands.Create,
    };

    public static IServiceCollection AddNewsModule(this IServiceCollection services, IConfiguration configuration)
    {
        // Feeds in windows-1252, windows-1258 (Vietnamese) or another legacy code page decode by their declaration.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        services.AddModuleDbContext<NewsDbContext, NewsSqliteDbContext, NewsPostgresDbContext>(configuration, NewsDbContext.Schema);
        services.AddValidatedOptions<NewsOptions>(configuration, NewsOptions.Section);
        services.AddNewsEditorPolicy();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<NewsReader>();
        services.AddScoped<ArticleWork>();
        services.AddScoped<FeedWork>();
        services.AddScoped<FeedFetcher>();
        services.AddHttpClient(FeedFetcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 3, AutomaticDecompression = System.Net.DecompressionMethods.All });
        services.AddPeriodicJob<FeedFetchJob>(FeedFetchJob.Name, Schedule.Every(NewsOptions.IntervalOf(configuration)));
        services.AddOutboxFor<NewsDbContext>();
        services.AddScoped<FollowCategories>();
        services.AddPeriodicJob<ArticleNoticeJob>(ArticleNoticeJob.Name, Schedule.Every(NewsOptions.NoticeIntervalOf(configuration)));
        services.AddSingleton(ArticleNoticeJob.Kind);
        services.AddScoped<IDemoSeeder, NewsDemoSeeder>();
        services.AddSingleton(new UiAssembly(typeof(NewsModule).Assembly));
        services.AddSingleton(new NavigationLink("admin", "/admin/news", "Bài viết (tin tức)", "News articles", 50, NewsEditors.Policy));
        services.AddSingleton(new NavigationLink("admin", "/admin/news/feeds", "Nguồn tin báo chí", "Media feeds", 51, Mekong.Platform.Auth.Policies.Administrator));
        // Editors are officers, not administrators: the console's menu leads them to the newsroom.
        services.AddSingleton(new NavigationLink("officer", "/admin/news", "Tòa soạn", "Newsroom", 60, NewsEditors.Policy));
        return services;
    }

    public static IEndpointRouteBuilder MapNewsEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint states its policy; the fallback policy closes any that forgets.
        app.MapArticles();
        app.MapFeeds();
        app.MapReading();
        app.MapFollowing();
        return app;
    }
}
