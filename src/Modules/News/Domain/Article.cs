using Mekong.Platform.Errors;
using Mekong.Platform.Text;

namespace Mekong.Modules.News.Domain;

/// <summary>What an article is about; the portal filters and the feeds split by it.</summary>
internal enum ArticleCategory
{
    /// <summary><i>Thông báo</i>: notices of the administration.</summary>
    Announcements,

    /// <summary><i>Tin tức</i>.</summary>
    News,

    /// <summary><i>Cảnh báo</i>: storms, floods, salinity, outages.</summary>
    Warnings,

    /// <summary><i>Sự kiện</i>.</summary>
    Events,
}

/// <summary>Draft → in review → published; a reviewer sends back to draft, an editor takes a published article back to draft.</summary>
internal enum ArticleStatus
{
    Draft,
    InReview,
    Published,
}

/// <summary>
/// An article of the administration's newsroom (ADR 0032). Written and edited as a draft, sent for review, published by
/// another editor (four eyes) now or at a chosen time; visible on the portal and in the feeds from its publication time
/// until its expiry. Rules live here; the handlers only load, call and save.
/// </summary>
internal sealed class Article
{
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 500;
    public const int BodyMaxLength = 100_000;
    public const int SlugMaxLength = 120;
    public const int NoteMaxLength = 1000;
    public const int SearchKeyMaxLength = 1000;

    private Article()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = string.Empty;

    /// <summary>The article's address on the portal, <c>/news/{slug}</c>: the folded title and a short unique tail.</summary>
    public string Slug { get; private set; } = string.Empty;

    public ArticleCategory Category { get; private set; }

    /// <summary><c>vi</c> or <c>en</c>: an article is written in one language.</summary>
    public string Language { get; private set; } = "vi";

    public string Title { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    /// <summary>Markdown as the editor wrote it.</summary>
    public string Body { get; private set; } = string.Empty;

    /// <summary>The body rendered and sanitised, kept so a read does not render again.</summary>
    public string BodyHtml { get; private set; } = string.Empty;

    /// <summary>Folded title and summary (<see cref="TextFolding.Fold"/>): search ignores diacritics.</summary>
    public string SearchKey { get; private set; } = string.Empty;

    /// <summary>The cover image (a file-store hash this article's owner holds), or none.</summary>
    public string? ImageHash { get; private set; }

    public ArticleStatus Status { get; private set; }

    public bool Pinned { get; private set; }

    public string Author { get; private set; } = string.Empty;

    public string AuthorName { get; private set; } = string.Empty;

    public string? Reviewer { get; private set; }

    /// <summary>Why the reviewer sent the article back, shown to the author.</summary>
    public string? ReviewNote { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the article shows: the approval time, or the later time the editor scheduled. Null until approved.</summary>
    public DateTimeOffset? PublishAt { get; private set; }

    /// <summary>When it stops showing (an event that is over, a warning that has passed); null: it stays.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Residents who follow the category were told (the notice job sets it once the article shows).</summary>
    public bool Announced { get; private set; }

    public bool IsVisibleAt(DateTimeOffset now) =>
        Status == ArticleStatus.Published && PublishAt <= now && (ExpiresAt is null || ExpiresAt > now);

    public static Article Draft(string jurisdictionCode, ArticleContent content, RenderedBody body, string author, string authorName, DateTimeOffset now, string? slugTail = null)
    {
        var article = new Article
        {
            Id = Guid.CreateVersion7(now),
            JurisdictionCode = jurisdictionCode,
            Status = ArticleStatus.Draft,
            Author = author,
            AuthorName = authorName,
            CreatedAt = now,
        };
        article.Apply(content, body, now);
        article.Slug = MakeSlug(content.Title, slugTail ?? article.Id.ToString("N")[^6..]);
        return article;
    }

    /// <summary>Only a draft is edited: what a reviewer approved is what is published.</summary>
    public void Edit(ArticleContent content, RenderedBody body, DateTimeOffset now)
    {
        if (Status != ArticleStatus.Draft)
        {
            throw DomainException.Conflict($"Only a draft is edited; this article is {Describe(Status)}. Take it back to draft first.");
        }

        Apply(content, body, now);
    }

    public void SubmitForReview(DateTimeOffset now)
    {
        if (Status != ArticleStatus.Draft)
        {
            throw DomainException.Conflict($"Only a draft is sent for review; this article is {Describe(Status)}.");
        }

        if (Body.Trim().Length == 0)
        {
            throw DomainException.Invalid("An article needs a body before review.");
        }

        Status = ArticleStatus.InReview;
        ReviewNote = null;
        UpdatedAt = now;
    }

    /// <summary>
    /// Publishes now or at <paramref name="publishAt"/> (scheduled), until <paramref name="expiresAt"/>. The reviewer is
    /// not the author: every article is read by two people before residents read it.
    /// </summary>
    public void Approve(string reviewer, DateTimeOffset? publishAt, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (Status != ArticleStatus.InReview)
        {
            throw DomainException.Conflict($"Only an article in review is published; this article is {Describe(Status)}.");
        }

        if (string.Equals(reviewer, Author, StringComparison.Ordinal))
        {
            throw DomainException.Conflict("The author does not publish their own article: another editor reviews it.");
        }

        // Stored in UTC: a client's +07:00 (or the screen's Vietnam time) is the same instant, and PostgreSQL's timestamptz takes only UTC.
        var at = (publishAt is { } p && p > now ? p : now).ToUniversalTime();
        expiresAt = expiresAt?.ToUniversalTime();
        if (expiresAt is { } e && e <= at)
        {
            throw DomainException.Invalid("expiresAt is after the publication time.");
        }

        Status = ArticleStatus.Published;
        Reviewer = reviewer;
        ReviewNote = null;
        PublishAt = at;
        ExpiresAt = expiresAt;
        UpdatedAt = now;
    }

    public void SendBack(string reviewer, string note, DateTimeOffset now)
    {
        if (Status != ArticleStatus.InReview)
        {
            throw DomainException.Conflict($"Only an article in review is sent back; this article is {Describe(Status)}.");
        }

        var text = note.Trim();
        if (text.Length is 0 or > NoteMaxLength)
        {
            throw DomainException.Invalid($"note says what to change (1 to {NoteMaxLength} characters).");
        }

        Status = ArticleStatus.Draft;
        Reviewer = reviewer;
        ReviewNote = text;
        UpdatedAt = now;
    }

    /// <summary>Takes a published (or scheduled) article off the portal and back to draft.</summary>
    public void Unpublish(DateTimeOffset now)
    {
        if (Status != ArticleStatus.Published)
        {
            throw DomainException.Conflict($"Only a published article is taken back; this article is {Describe(Status)}.");
        }

        Status = ArticleStatus.Draft;
        Pinned = false;
        PublishAt = null;
        UpdatedAt = now;
    }

    /// <summary>A pinned article leads the list while it shows.</summary>
    public void Pin(bool pinned, DateTimeOffset now)
    {
        if (pinned && Status != ArticleStatus.Published)
        {
            throw DomainException.Conflict("Only a published article is pinned.");
        }

        Pinned = pinned;
        UpdatedAt = now;
    }

    public void SetImage(string? hash, DateTimeOffset now)
    {
        ImageHash = hash;
        UpdatedAt = now;
    }

    public void MarkAnnounced() => Announced = true;

    private void Apply(ArticleContent content, RenderedBody body, DateTimeOffset now)
    {
        Category = content.Category;
        Language = content.Language;
        Title = content.Title;
        Summary = content.Summary;
        Body = content.Body;
        BodyHtml = body.Html;
        var key = TextFolding.Fold(content.Title + " " + content.Summary);
        SearchKey = key.Length > SearchKeyMaxLength ? key[..SearchKeyMaxLength] : key;
        UpdatedAt = now;
    }

    internal static string MakeSlug(string title, string tail)
    {
        var folded = TextFolding.Fold(title);
        var chars = folded.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var words = new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries);
        var head = string.Join('-', words);
        var room = SlugMaxLength - tail.Length - 1;
        if (head.Length > room)
        {
            head = head[..room].TrimEnd('-');
        }

        return head.Length == 0 ? tail : head + "-" + tail;
    }

    private static string Describe(ArticleStatus status) => status switch
    {
        ArticleStatus.InReview => "in review",
        ArticleStatus.Published => "published",
        _ => "a draft",
    };
}

/// <summary>What an editor writes, checked (<see cref="Validate"/>) before it reaches an article.</summary>
internal sealed record ArticleContent(ArticleCategory Category, string Language, string Title, string Summary, string Body)
{
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    /// <summary>Field errors in the API's names; the content is trimmed.</summary>
    public static (ArticleContent? Content, FieldErrors Errors) Validate(string? category, string? language, string? title, string? summary, string? body)
    {
        var errors = new FieldErrors();
        ArticleCategory? parsed = ParseCategory(category);
        if (parsed is null)
        {
            errors.Add("category", "category is announcements, news, warnings or events.");
        }

        var lang = (language ?? "vi").Trim().ToLowerInvariant();
        if (!Languages.Contains(lang))
        {
            errors.Add("language", "language is vi or en.");
        }

        var t = title?.Trim() ?? string.Empty;
        if (t.Length == 0)
        {
            errors.Add("title", "title is required.");
        }
        else if (PlainText.Problem(t, Article.TitleMaxLength) is { } problem)
        {
            errors.Add("title", "title " + problem);
        }

        var s = summary?.Trim() ?? string.Empty;
        if (s.Length > Article.SummaryMaxLength)
        {
            errors.Add("summary", $"summary is at most {Article.SummaryMaxLength} characters.");
        }

        var b = body ?? string.Empty;
        if (b.Length > Article.BodyMaxLength)
        {
            errors.Add("body", $"body is at most {Article.BodyMaxLength} characters of Markdown.");
        }

        return errors.IsEmpty ? (new ArticleContent(parsed!.Value, lang, t, s.ReplaceLineEndings(" "), b), errors) : (null, errors);
    }

    public static ArticleCategory? ParseCategory(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "announcements" or "announcement" => ArticleCategory.Announcements,
        "news" => ArticleCategory.News,
        "warnings" or "warning" => ArticleCategory.Warnings,
        "events" or "event" => ArticleCategory.Events,
        _ => null,
    };

    public static string Name(ArticleCategory category) => category.ToString().ToLowerInvariant();
}

/// <summary>A body rendered to HTML and sanitised (<see cref="Features.Articles.MarkdownRenderer"/>).</summary>
internal sealed record RenderedBody(string Html);
