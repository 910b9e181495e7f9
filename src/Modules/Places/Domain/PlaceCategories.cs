using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Places.Domain;

/// <summary>One category of the directory and the OSM tags that put a place in it (<c>amenity=hospital</c>, <c>healthcare=*</c>).</summary>
internal sealed record PlaceCategory(string Key, string NameVi, string NameEn, IReadOnlyList<(string Key, string Value)> Tags)
{
    public bool Matches(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in Tags)
        {
            if (tags.TryGetValue(key, out var actual) && (value == "*" || actual == value))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One extra category from configuration (<c>Mekong:Places:Categories:N</c>): key, names and tags.</summary>
internal sealed class PlaceCategoryOptions
{
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{1,31}$", ErrorMessage = "Key is 2-32 lower-case letters, digits or dashes.")]
    public string Key { get; set; } = "";

    [Required]
    public string NameVi { get; set; } = "";

    [Required]
    public string NameEn { get; set; } = "";

    /// <summary>OSM tags, <c>key=value</c> or <c>key=*</c>, separated by <c>;</c>.</summary>
    [Required]
    [RegularExpression(@"^[^=;\s]+=[^=;]+(;[^=;\s]+=[^=;]+)*$", ErrorMessage = "Tags is key=value pairs separated by ';' (key=* for any value).")]
    public string Tags { get; set; } = "";
}

/// <summary><c>Mekong:Places</c>: the directory's settings.</summary>
internal sealed class PlacesOptions
{
    public const string Section = "Mekong:Places";

    /// <summary>Categories added to the built-in ones (checked in order after them).</summary>
    public List<PlaceCategoryOptions> Categories { get; set; } = [];

    /// <summary>Build every jurisdiction's router once the server has started (default), rather than on the first route query.</summary>
    public bool WarmUpRouting { get; set; } = true;
}

/// <summary>
/// The directory's categories: the city app's built-in ones first, then the configured ones. The first category
/// whose tags match a place's OSM tags is its category.
/// </summary>
internal sealed class PlaceCategories
{
    public static readonly IReadOnlyList<PlaceCategory> BuiltIn =
    [
        new("government", "Cơ quan nhà nước", "Government offices",
            [("amenity", "townhall"), ("office", "government"), ("amenity", "courthouse"), ("amenity", "police"), ("amenity", "post_office")]),
        new("health", "Cơ sở y tế", "Health facilities",
            [("amenity", "hospital"), ("amenity", "clinic"), ("amenity", "doctors"), ("healthcare", "*")]),
        new("pharmacy", "Nhà thuốc", "Pharmacies", [("amenity", "pharmacy")]),
        new("school", "Trường học", "Schools",
            [("amenity", "school"), ("amenity", "kindergarten"), ("amenity", "college"), ("amenity", "university")]),
        new("hotel", "Khách sạn, nhà nghỉ", "Hotels",
            [("tourism", "hotel"), ("tourism", "guest_house"), ("tourism", "motel"), ("tourism", "hostel")]),
        new("tourism", "Điểm du lịch", "Tourist attractions",
            [("tourism", "attraction"), ("tourism", "museum"), ("tourism", "viewpoint"), ("historic", "*"), ("amenity", "place_of_worship")]),
        new("market", "Chợ", "Markets", [("amenity", "marketplace")]),
    ];

    public PlaceCategories(Microsoft.Extensions.Options.IOptions<PlacesOptions> options)
    {
        var all = new List<PlaceCategory>(BuiltIn);
        foreach (var extra in options.Value.Categories)
        {
            var tags = extra.Tags.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries)).Select(p => (p[0], p[1])).ToList();
            all.RemoveAll(c => c.Key == extra.Key);
            all.Add(new PlaceCategory(extra.Key, extra.NameVi, extra.NameEn, tags));
        }

        All = all;
        Keys = all.Select(c => c.Key).ToList();
    }

    public IReadOnlyList<PlaceCategory> All { get; }

    public IReadOnlyList<string> Keys { get; }

    public PlaceCategory? Find(string key) => All.FirstOrDefault(c => c.Key == key);

    public PlaceCategory? Classify(IReadOnlyDictionary<string, string> tags) => All.FirstOrDefault(c => c.Matches(tags));
}
