using Mekong.Platform.Spatial;
using Mekong.Platform.Text;

namespace Mekong.Modules.Places.Domain;

/// <summary>Where a place of the directory came from: an OSM import replaces only its own.</summary>
internal enum PlaceSource
{
    Osm,
    Csv,
    Admin,
}

/// <summary>What a place is given when created or edited (from OSM tags, a CSV row or the /admin form).</summary>
internal sealed record PlaceDetails(
    string Category,
    string NameVi,
    string? NameEn,
    double Latitude,
    double Longitude,
    string? Address = null,
    string? Phone = null,
    string? Website = null,
    string? Email = null,
    string? OpeningHours = null,
    string? Procedures = null);

/// <summary>
/// A place of the city app's directory (<i>danh bạ địa điểm</i>): a government office, a tourist site, a hotel, a
/// school, a clinic, a pharmacy… with its address, commune, contact and opening hours.
/// </summary>
internal sealed class Place
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 300;
    public const int ContactMaxLength = 200;
    public const int OpeningHoursMaxLength = 200;
    public const int ProceduresMaxLength = 2000;

    private Place()
    {
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; } = "";

    public string Category { get; private set; } = "";

    public string NameVi { get; private set; } = "";

    public string? NameEn { get; private set; }

    /// <summary><see cref="TextFolding.Fold"/> of the Vietnamese and English names, for search without tones.</summary>
    public string SearchKey { get; private set; } = "";

    public string? Address { get; private set; }

    /// <summary>The commune (<i>xã, phường</i>) the place lies in, from <c>IAdminUnitDirectory.LocateAsync</c>.</summary>
    public string? CommuneCode { get; private set; }

    public string? Phone { get; private set; }

    public string? Website { get; private set; }

    public string? Email { get; private set; }

    public string? OpeningHours { get; private set; }

    /// <summary>For government offices: the procedures (<i>thủ tục hành chính</i>) handled there, one per line.</summary>
    public string? Procedures { get; private set; }

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public PlaceSource Source { get; private set; }

    /// <summary>The OSM element it came from, e.g. <c>n123</c> or <c>w45</c>.</summary>
    public string? OsmRef { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>What is wrong with <paramref name="details"/>, field by field (empty when it is acceptable).</summary>
    public static Dictionary<string, string[]> Problems(PlaceDetails details, IReadOnlyCollection<string> categories)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string field, string? problem)
        {
            if (problem is not null)
            {
                problems[field] = [problem];
            }
        }

        Add("category", categories.Contains(details.Category) ? null : $"category must be one of: {string.Join(", ", categories)}.");
        Add("nameVi", PlainText.NameProblem(details.NameVi, NameMaxLength, "nameVi"));
        Add("nameEn", Field("nameEn", details.NameEn, NameMaxLength));
        Add("address", Field("address", details.Address, AddressMaxLength));
        Add("phone", Field("phone", details.Phone, ContactMaxLength));
        Add("website", Field("website", details.Website, ContactMaxLength));
        Add("email", Field("email", details.Email, ContactMaxLength));
        Add("openingHours", Field("openingHours", details.OpeningHours, OpeningHoursMaxLength));
        if (details.Procedures is { Length: > ProceduresMaxLength })
        {
            Add("procedures", $"procedures is at most {ProceduresMaxLength} characters.");
        }

        if (!Geo.IsValidLatLon(details.Latitude, details.Longitude))
        {
            Add("location", "latitude must be between -90 and 90 and longitude between -180 and 180.");
        }

        return problems;
    }

    private static string? Field(string name, string? text, int maxLength) =>
        PlainText.Problem(text, maxLength) is { } problem ? $"{name} {problem}" : null;

    public static Place Create(string jurisdictionCode, PlaceDetails details, string? communeCode, PlaceSource source, string? osmRef, TimeProvider clock)
    {
        var place = new Place
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = jurisdictionCode,
            Source = source,
            OsmRef = osmRef,
        };
        place.Apply(details, communeCode, clock);
        return place;
    }

    /// <summary>An edit (in /admin or a CSV row for the same place): the place becomes the editor's, so a re-import of OSM keeps it.</summary>
    public void Update(PlaceDetails details, string? communeCode, PlaceSource source, TimeProvider clock)
    {
        Source = source;
        Apply(details, communeCode, clock);
    }

    private void Apply(PlaceDetails details, string? communeCode, TimeProvider clock)
    {
        Category = details.Category;
        NameVi = details.NameVi.Trim();
        NameEn = Blank(details.NameEn);
        SearchKey = TextFolding.Fold(NameEn is null ? NameVi : NameVi + " " + NameEn);
        Address = Blank(details.Address);
        Phone = Blank(details.Phone);
        Website = Blank(details.Website);
        Email = Blank(details.Email);
        OpeningHours = Blank(details.OpeningHours);
        Procedures = Blank(details.Procedures);
        Latitude = details.Latitude;
        Longitude = details.Longitude;
        CommuneCode = communeCode;
        UpdatedAt = clock.GetUtcNow();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// Changes whenever a jurisdiction's places change (import, CSV, edit), so that every server process rebuilds its
/// search index, even after an import run from the command line.
/// </summary>
internal sealed class DirectoryRevision
{
    public required string JurisdictionCode { get; init; }

    public required Guid Revision { get; set; }

    public required DateTimeOffset ChangedAt { get; set; }
}
