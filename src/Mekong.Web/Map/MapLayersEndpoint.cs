using System.Globalization;
using Mekong.Platform.Map;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Web.Map;

/// <summary>A layer as the map client sees it: the title in the request's language.</summary>
internal sealed record MapLayerResponse(string Id, string Title, string DataUrl, MapLayerStyle Style, int Order, bool VisibleByDefault, string? LabelProperty, string? LiveTopic)
{
    public string? FeaturesUrl { get; init; }
}

/// <summary><c>GET /api/v1/map/layers</c>: the layers every module registered that the caller may see.</summary>
internal static class MapLayersEndpoint
{
    public static async Task<Ok<PagedList<MapLayerResponse>>> Handle(MapLayerRegistry registry, IAuthorizationService authorization, HttpContext http)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var visible = new List<MapLayerResponse>();
        foreach (var layer in registry.Layers)
        {
            if ((await authorization.AuthorizeAsync(http.User, layer.Policy)).Succeeded)
            {
                visible.Add(new MapLayerResponse(layer.Id, english ? layer.TitleEn : layer.TitleVi, layer.DataUrl, layer.Style, layer.Order, layer.VisibleByDefault, layer.LabelProperty, layer.LiveTopic) { FeaturesUrl = layer.FeaturesUrl });
            }
        }

        return TypedResults.Ok(new PagedList<MapLayerResponse>(visible, visible.Count, null));
    }
}
