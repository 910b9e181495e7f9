using Mekong.Modules.News.Domain;
using Mekong.Modules.News.Features.Articles;
using Mekong.Platform.Errors;

namespace Mekong.UnitTests.News;

/// <summary>The article's rules (draft → review → published, four eyes, schedule, expiry, pinning) and the renderer's sanitising.</summary>
public sealed class ArticleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly MarkdownRenderer Renderer = new();

    private static Article Draft(string title = "Cảnh báo triều cường tại Phường 3")
    {
        var (content, errors) = ArticleContent.Validate("warnings", "vi", title, "Đỉnh triều 2,1 m.", "Kê cao đồ đạc.");
        Assert.True(errors.IsEmpty);
        return Article.Draft("90", content!, Renderer.Render(content!.Body), "editor-1", "Biên tập", Now);
    }

    [Fact]
    public void A_scheduled_article_shows_from_its_time_until_it_expires()
    {
        var article = Draft();
        article.SubmitForReview(Now);
        article.Approve("editor-2", Now.AddHours(3), Now.AddDays(1), Now);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.False(article.IsVisibleAt(Now));
        Assert.False(article.IsVisibleAt(Now.AddHours(3).AddTicks(-1)));
        Assert.True(article.IsVisibleAt(Now.AddHours(3)));
        Assert.False(article.IsVisibleAt(Now.AddDays(1)));
    }

    [Fact]
    public void The_author_does_not_publish_their_own_article_and_only_a_reviewed_draft_is_published()
    {
        var article = Draft();
        Assert.Equal(409, Assert.Throws<DomainException>(() => article.Approve("editor-2", null, null, Now)).Status);
        article.SubmitForReview(Now);
        Assert.Throws<DomainException>(() => article.Approve("editor-1", null, null, Now));
        Assert.Throws<DomainException>(() => article.Edit(new ArticleContent(ArticleCategory.News, "vi", "x", string.Empty, "y"), new RenderedBody(string.Empty), Now));
        Assert.Equal(400, Assert.Throws<DomainException>(() => article.Approve("editor-2", Now.AddDays(2), Now.AddDays(1), Now)).Status);
        Assert.Equal(ArticleStatus.InReview, article.Status);
        article.SendBack("editor-2", "Thêm giờ đỉnh triều.", Now);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal("Thêm giờ đỉnh triều.", article.ReviewNote);
        Assert.Throws<DomainException>(() => article.Pin(true, Now));
        article.SubmitForReview(Now);
        article.Approve("editor-2", Now.AddMinutes(-5), null, Now); // a past time publishes now
        Assert.Equal(Now, article.PublishAt);
        article.Pin(true, Now);
        article.Unpublish(Now);
        Assert.False(article.Pinned);
        Assert.False(article.IsVisibleAt(Now));
    }

    [Fact]
    public void Content_is_checked_field_by_field_and_the_slug_is_the_folded_title()
    {
        var (content, errors) = ArticleContent.Validate("gossip", "fr", "two\nlines", new string('s', 501), null);
        Assert.Null(content);
        Assert.Equal(["category", "language", "summary", "title"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal("canh-bao-trieu-cuong-tai-phuong-3-abc123", Article.MakeSlug("Cảnh báo: triều cường tại Phường 3!", "abc123"));
        Assert.StartsWith("canh bao trieu cuong tai phuong 3 dinh trieu", Draft().SearchKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>x", "<script")]
    [InlineData("[a](javascript:alert(1))", "javascript:")]
    [InlineData("[a](JaVaScRiPt:alert(1))", "alert")]
    [InlineData("![x](https://tracker.example/p.gif)", "tracker.example")]
    [InlineData("<img src=x onerror=alert(1)>", "<img")]
    [InlineData("<iframe src=https://evil.example></iframe>", "<iframe")]
    public void Hostile_markdown_is_rendered_harmless(string markdown, string absent)
    {
        var html = Renderer.Render(markdown).Html;
        Assert.DoesNotContain(absent, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markdown_keeps_its_formatting_links_and_own_images()
    {
        var image = "/news/images/" + Guid.NewGuid().ToString("N") + "/" + new string('a', 64);
        var html = Renderer.Render($"# Tiêu đề\n\n**đậm** [liên kết](https://ctn.phusa.example/lich)\n\n![ảnh]({image})\n\n| a | b |\n|---|---|\n| 1 | 2 |").Html;
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>đậm</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ctn.phusa.example/lich\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
        Assert.Contains($"src=\"{image}\"", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_html_becomes_plain_words_and_links_fold_to_one_key()
    {
        Assert.Equal("Nước xoáy sâu.", MarkdownRenderer.PlainText("<p>Nước <b>xoáy</b> sâu.</p><script>document.write('x')</script><style>p{}</style>", 100));
        Assert.Equal(
            MediaItem.KeyOfLink("https://a.example/s2?id=1&utm_source=rss"),
            MediaItem.KeyOfLink("http://www.A.example/s2/?utm_medium=x&id=1#top"));
        Assert.NotEqual(MediaItem.KeyOfLink("https://a.example/s2?id=1"), MediaItem.KeyOfLink("https://a.example/s2?id=2"));
    }
}
