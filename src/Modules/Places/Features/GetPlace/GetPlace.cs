using Mekong.Modules.Places.Domain;
using Mekong.Modules.Places.Storage;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Places.Features.GetPlace;

internal sealed record PlaceResponse(
    Guid Id, string Jurisdiction, string Category, string CategoryName, string NameVi, string? NameEn, string? Address, string? CommuneCode,
    string? Phone, string? Website, string? Email, string? OpeningHours, IReadOnlyList<string> Procedures, double Latitude, double Longitude,
    string Source, string? OsmRef, DateTimeOffset UpdatedAt);

internal sealed record CategoryResponse(string Key, string NameVi, string NameEn);

/// <summary><c>GET /api/v1/places/{id}</c> and <c>GET /api/v1/places/categories</c> (anonymous: public directory data).</summary>
internal static class GetPlace
{
    public static async Task<Results<Ok<PlaceResponse>, ProblemHttpResult>> Handle(Guid id, string? lang, PlaceLookup places, CancellationToken cancellationToken)
    {
        var place = await places.FindAsync(id, lang == "en", cancellationToken);
        return place is null
            ? Problem.NotFound("No such place", $"There is no place {id}.")
            : TypedResults.Ok(place);
    }

    public static Ok<IReadOnlyList<CategoryResponse>> Categories(PlaceCategories categories) =>
        TypedResults.Ok<IReadOnlyList<CategoryResponse>>([.. categories.All.Select(c => new CategoryResponse(c.Key, c.NameVi, c.NameEn))]);

    public static PlaceResponse ToResponse(Place place, PlaceCategories categories, bool english)
    {
        var category = categories.Find(place.Category);
        return new PlaceResponse(
            place.Id, place.JurisdictionCode, place.Category, category is null ? place.Category : english ? category.NameEn : category.NameVi,
            place.NameVi, place.NameEn, place.Address, place.CommuneCode, place.Phone, place.Website, place.Email, place.OpeningHours,
            place.Procedures is null ? [] : place.Procedures.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            place.Latitude, place.Longitude, place.Source.ToString().ToLowerInvariant(), place.OsmRef, place.UpdatedAt);
    }
}

/// <summary>A place as the API shows it, for the endpoint and the portal's place and route pages alike.</summary>
internal sealed class PlaceLookup(PlacesDbContext db, PlaceCategories categories)
{
    public async Task<PlaceResponse?> FindAsync(Guid id, bool english, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return place is null ? null : GetPlace.ToResponse(place, categories, english);
    }
}
