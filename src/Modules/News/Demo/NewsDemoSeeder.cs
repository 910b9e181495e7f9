using System.Diagnostics;
using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Articles;
using Mekong.Modules.News.Features.Media;
using Mekong.Modules.News.Storage;
using Mekong.Platform.Demo;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.News.Demo;

/// <summary>
/// About a hundred articles over the past months (a few pinned, scheduled, expired, in review or draft), each walked
/// through the real workflow on a replayed time and written in one bulk insert; and three media feeds read from the
/// module's sample files through the real fetch pipeline (two of them carry the same stories, merged).
/// </summary>
internal sealed class NewsDemoSeeder(NewsDbContext db, MarkdownRenderer renderer, FeedFetcher fetcher, ILogger<NewsDemoSeeder> logger) : IDemoSeeder
{
    public const string Author = "demo:bientap";
    public const string AuthorName = "Ban biên tập Cổng thông tin";
    public const string Reviewer = "demo:admin";
    public const int ArticleCount = 100;

    private static readonly (ArticleCategory Category, string Title, string Summary)[] Vietnamese =
    [
        (ArticleCategory.Warnings, "Cảnh báo triều cường tại {0}", "Đỉnh triều dự báo 2,0–2,2 m; người dân khu vực trũng thấp chủ động kê cao tài sản."),
        (ArticleCategory.Warnings, "Cảnh báo xâm nhập mặn trên sông Hậu đoạn qua {0}", "Độ mặn 4‰ vào sâu; bà con trữ nước ngọt, không lấy nước vào ruộng."),
        (ArticleCategory.Warnings, "Cắt điện có kế hoạch tại {0}", "Điện lực tạm ngừng cấp điện từ 7 giờ đến 16 giờ để bảo trì lưới."),
        (ArticleCategory.Announcements, "Thông báo lịch tiếp công dân của Chủ tịch UBND tại {0}", "Lịch tiếp công dân định kỳ; người dân đăng ký trước qua tổng đài."),
        (ArticleCategory.Announcements, "Thông báo thu hồi đất thực hiện dự án đường tỉnh 932 qua {0}", "Danh sách hộ dân và thời gian họp dân được niêm yết tại trụ sở UBND."),
        (ArticleCategory.Announcements, "Thông báo tuyển dụng viên chức giáo dục năm 2026 tại {0}", "Nhận hồ sơ đến hết ngày 15 tháng 12; xem chỉ tiêu và điều kiện dự tuyển."),
        (ArticleCategory.News, "Khánh thành trường mầm non mới tại {0}", "Công trình gồm 12 phòng học, đón 350 cháu từ năm học này."),
        (ArticleCategory.News, "Nghiệm thu tuyến đê bao chống ngập tại {0}", "Tuyến đê dài 4,2 km bảo vệ hơn 1.500 hộ dân khỏi triều cường."),
        (ArticleCategory.News, "Hội nghị sơ kết sáu tháng chuyển đổi số tại {0}", "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 78%, tăng 20 điểm so với cùng kỳ."),
        (ArticleCategory.Events, "Ngày hội việc làm năm 2026 tại {0}", "Hơn 40 doanh nghiệp tuyển dụng trực tiếp; người lao động mang theo căn cước."),
        (ArticleCategory.Events, "Giải chạy vì môi trường xanh tại {0}", "Cự ly 5 km và 10 km; đăng ký miễn phí tại nhà văn hóa."),
    ];

    private static readonly (ArticleCategory Category, string Title, string Summary)[] English =
    [
        (ArticleCategory.Warnings, "High tide warning for {0}", "Peaks of 2.0–2.2 m are forecast; residents of low-lying areas should move belongings up."),
        (ArticleCategory.News, "New kindergarten opens in {0}", "Twelve classrooms for 350 children from this school year."),
        (ArticleCategory.Events, "Job fair 2026 in {0}", "More than 40 employers hire on the spot; bring your identity card."),
    ];

    private static readonly string[] Places =
    [
        "phường Phú Sa", "phường 3", "xã Tân Thành", "xã Phú Mỹ", "xã Long Phú", "xã An Thạnh", "phường Vĩnh Phước",
        "xã Mỹ Xuyên", "xã Hòa Tú", "xã Đại Hải", "phường Khánh Hòa", "xã Lịch Hội Thượng",
    ];

    public int Order => 60;

    public string Name => "news";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var jurisdiction = context.JurisdictionCode;
        if (!await db.Articles.AnyAsync(a => a.JurisdictionCode == jurisdiction, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.BulkInsertAsync(Articles(context), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (!await db.FeedSources.AnyAsync(f => f.JurisdictionCode == jurisdiction, cancellationToken))
        {
            var now = context.Clock.GetUtcNow();
            foreach (var (name, url) in DemoFeeds.Sources)
            {
                var source = FeedSource.Create(jurisdiction, name, url, now);
                db.FeedSources.Add(source);
                await fetcher.FetchAsync(source, cancellationToken);
            }
        }

        logger.LogInformation("News demo: {Articles} articles and {Feeds} media feeds in {Ms} ms", ArticleCount, DemoFeeds.Sources.Count, watch.ElapsedMilliseconds);
    }

    private List<Article> Articles(DemoContext context)
    {
        var random = context.RandomFor(Name);
        var now = context.Clock.GetUtcNow();
        var articles = new List<Article>(ArticleCount);
        var cache = new Dictionary<string, RenderedBody>(StringComparer.Ordinal);
        for (var i = 0; i < ArticleCount; i++)
        {
            var english = i % 7 == 3;
            var templates = english ? English : Vietnamese;
            var (category, title, summary) = templates[random.Next(templates.Length)];
            var place = Places[random.Next(Places.Length)];
            var body = Body(category, english, place);
            if (!cache.TryGetValue(body, out var rendered))
            {
                cache[body] = rendered = renderer.Render(body);
            }

            var content = new ArticleContent(category, english ? "en" : "vi", string.Format(System.Globalization.CultureInfo.InvariantCulture, title, place), summary, body);
            var written = now.AddHours(-Math.Pow(random.NextDouble(), 1.3) * 24 * 180);
            var article = Article.Draft(context.JurisdictionCode, content, rendered, Author, AuthorName, written, slugTail: i.ToString("x6", System.Globalization.CultureInfo.InvariantCulture));
            switch (i)
            {
                case < 3: // drafts and one in review: the newsroom has work
                    if (i == 2)
                    {
                        article.SubmitForReview(written.AddMinutes(30));
                    }

                    break;
                case 3: // scheduled for tomorrow morning
                    article.SubmitForReview(now.AddHours(-2));
                    article.Approve(Reviewer, now.AddDays(1), null, now.AddHours(-1));
                    break;
                case 4: // an event that is over: expired
                    article.SubmitForReview(written.AddMinutes(20));
                    article.Approve(Reviewer, null, written.AddDays(2), written.AddHours(1));
                    break;
                default:
                    article.SubmitForReview(written.AddMinutes(20));
                    article.Approve(Reviewer, null, category == ArticleCategory.Warnings && i % 3 == 0 ? now.AddDays(7) : null, written.AddHours(1));
                    article.MarkAnnounced(); // history: the notice job tells followers of what is published from now on
                    if (i is 5 or 6 && !english)
                    {
                        article.Pin(true, written.AddHours(1));
                    }

                    break;
            }

            articles.Add(article);
        }

        return articles;
    }

    private static string Body(ArticleCategory category, bool english, string place) => english
        ? $"""
          ## What to do

          Residents of {place} are asked to follow the instructions of the commune's People's Committee.

          - Call the hotline **1022** for help.
          - Follow updates on the [portal](/news) and on the local radio.
          """
        : category switch
        {
            ArticleCategory.Warnings => $"""
                ## Khuyến cáo

                Ủy ban nhân dân đề nghị người dân {place} **chủ động phòng tránh**:

                1. Theo dõi bản tin trên [Cổng thông tin](/news) và Đài truyền thanh.
                2. Không để trẻ em chơi gần bờ sông, kênh rạch.
                3. Gọi tổng đài **1022** khi cần hỗ trợ.
                """,
            ArticleCategory.Events => $"""
                ## Thời gian và địa điểm

                Tại nhà văn hóa {place}, từ 7 giờ 30 sáng Chủ nhật.

                | Nội dung | Giờ |
                |---|---|
                | Khai mạc | 7:30 |
                | Chương trình chính | 8:00 – 11:00 |
                """,
            _ => $"""
                Thực hiện kế hoạch năm 2026, {place} đã hoàn thành các nội dung theo đúng tiến độ.

                > Người dân có ý kiến góp ý xin gửi qua [phản ánh hiện trường](/reports/new).

                Chi tiết xem tại trụ sở UBND {place}.
                """,
        };
}
