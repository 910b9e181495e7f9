namespace Mekong.Platform.Map;

/// <summary>
/// A layer a module offers to the operator map. The map asks <c>/api/v1/map/layers</c> for the registry, then
/// fetches each layer's GeoJSON from <see cref="DataUrl"/>; a live update on <see cref="LiveTopic"/> makes it refetch.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>admin-units.communes</c>.</param>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="DataUrl">Relative URL returning a GeoJSON FeatureCollection; <c>{bbox}</c> is replaced by the view (and refetched when it moves).</param>
/// <param name="Style">Leaflet path style: stroke colour, fill colour and opacity.</param>
/// <param name="Order">Drawing order: lower is drawn first (below).</param>
/// <param name="VisibleByDefault">Whether the layer is on when the map opens.</param>
/// <param name="LabelProperty">Feature property shown as the tooltip.</param>
/// <param name="LiveTopic">Live-channel topic that announces changes to this layer.</param>
/// <param name="Policy">Authorization policy a user needs to see the layer.</param>
public sealed record MapLayer(
    string Id,
    string TitleVi,
    string TitleEn,
    string DataUrl,
    MapLayerStyle Style,
    int Order,
    bool VisibleByDefault,
    string? LabelProperty,
    string? LiveTopic,
    string Policy)
{
    /// <summary>
    /// Optional relative URL returning the features named by <c>{ids}</c> (a comma list): a live update that names
    /// <c>ids</c> refetches only those and puts them on the map, or takes off those that no longer come back.
    /// </summary>
    public string? FeaturesUrl { get; init; }
}

public sealed record MapLayerStyle(string Color, string FillColor, double FillOpacity, double Weight);

/// <summary>All layers the modules registered (<c>services.AddSingleton(new MapLayer(...))</c>).</summary>
public sealed class MapLayerRegistry(IEnumerable<MapLayer> layers)
{
    public IReadOnlyList<MapLayer> Layers { get; } = layers.OrderBy(l => l.Order).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
}
