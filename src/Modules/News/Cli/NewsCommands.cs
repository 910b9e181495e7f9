using System.CommandLine;
using Mekong.Modules.News.Features.Media;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.News.Cli;

/// <summary><c>news list</c>, <c>news fetch</c>.</summary>
internal static class NewsCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var list = new Command("list", "List the articles of every jurisdiction, newest first");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<NewsDbContext>();
            var items = await db.Articles.AsNoTracking().OrderByDescending(a => a.UpdatedAt).Take(200)
                .Select(a => new { a.JurisdictionCode, a.Status, a.Slug }).ToListAsync(cancellationToken);
            Console.WriteLine($"{items.Count} article(s)");
            foreach (var item in items)
            {
                Console.WriteLine($"  {item.JurisdictionCode}  {item.Status,-9}  {item.Slug}");
            }

            return 0;
        }, cancellationToken));

        var fetch = new Command("fetch", "Fetch every enabled media feed now and print each one's outcome");
        fetch.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            var db = services.GetRequiredService<NewsDbContext>();
            var fetcher = services.GetRequiredService<FeedFetcher>();
            var failed = 0;
            foreach (var source in await db.FeedSources.Where(f => f.Enabled).OrderBy(f => f.Name).ToListAsync(cancellationToken))
            {
                var outcome = await fetcher.FetchAsync(source, cancellationToken);
                failed += outcome.Error is null ? 0 : 1;
                Console.WriteLine($"  {source.Name}: {outcome.Status}, {outcome.NewItems} new, {outcome.Duplicates} duplicate(s){(outcome.Error is null ? string.Empty : " - " + outcome.Error)}");
            }

            return failed == 0 ? 0 : 1;
        }, cancellationToken));
        return [new Command("news", "News: articles and media feeds") { list, fetch }];
    }
}
