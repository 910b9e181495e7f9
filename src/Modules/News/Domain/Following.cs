namespace Mekong.Modules.News.Domain;

/// <summary>
/// A signed-in resident follows a category of a jurisdiction's articles (ADR 0042): each article of it that comes out
/// reaches them once, by e-mail and in the bell, through the Notifications module. One row per account and category.
/// </summary>
internal sealed class CategoryFollower
{
    private CategoryFollower()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = string.Empty;

    /// <summary>The Access account (its id claim); the address and language are looked up when a notice is written.</summary>
    public Guid UserId { get; private set; }

    public ArticleCategory Category { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static CategoryFollower Create(string jurisdictionCode, Guid userId, ArticleCategory category, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JurisdictionCode = jurisdictionCode,
        UserId = userId,
        Category = category,
        CreatedAt = now,
    };
}
