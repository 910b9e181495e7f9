namespace Mekong.Modules.Places.Domain;

/// <summary>One item of the module, owned by a jurisdiction. Rules live in methods like <see cref="Create"/>.</summary>
internal sealed class PlacesItem
{
    public const int TitleMaxLength = 200;

    private PlacesItem(Guid id, string jurisdictionCode, string title, DateTimeOffset createdAt)
    {
        Id = id;
        JurisdictionCode = jurisdictionCode;
        Title = title;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public string Title { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static PlacesItem Create(string jurisdictionCode, string title, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdictionCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return new PlacesItem(Guid.CreateVersion7(), jurisdictionCode, title.Trim(), clock.GetUtcNow());
    }
}
