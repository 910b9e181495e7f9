using System.Text.Json;
using System.Text.Json.Nodes;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using NetTopologySuite.IO.Converters;

namespace Mekong.Modules.AdminUnits.Features;

/// <summary>An administrative unit version in list responses (no geometry: ask the unit or the GeoJSON export).</summary>
internal sealed record AdminUnitItem(
    string Code,
    string NameVi,
    string NameEn,
    string Level,
    string Kind,
    string? ParentCode,
    string Jurisdiction,
    int? Population,
    int? Households,
    double AreaKm2,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    double[] Bbox);

/// <summary>One unit with its GeoJSON geometry and its parent.</summary>
internal sealed record AdminUnitDetail(
    string Code,
    string NameVi,
    string NameEn,
    string Level,
    string Kind,
    string? ParentCode,
    string Jurisdiction,
    int? Population,
    int? Households,
    double AreaKm2,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    double[] Bbox,
    JsonNode Geometry);

/// <summary>
/// The answer of <c>locate</c>: the lowest unit containing the point (or, with a tolerance, the nearest, at
/// <c>DistanceMetres</c> &gt; 0) and the chain of its ancestors.
/// </summary>
internal sealed record LocateResponse(double Latitude, double Longitude, DateOnly At, double DistanceMetres, AdminUnitItem Unit, IReadOnlyList<AdminUnitItem> Ancestors);

internal static class AdminUnitMapping
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static AdminUnitItem ToItem(this AdminUnit u) => new(
        u.Code, u.NameVi, u.NameEn, u.Level.ToApi(), u.Kind.ToApi(), u.ParentCode, u.JurisdictionCode,
        u.Population, u.Households, u.AreaKm2, u.ValidFrom, u.ValidTo, [u.MinLon, u.MinLat, u.MaxLon, u.MaxLat]);

    public static AdminUnitDetail ToDetail(this AdminUnit u) => new(
        u.Code, u.NameVi, u.NameEn, u.Level.ToApi(), u.Kind.ToApi(), u.ParentCode, u.JurisdictionCode,
        u.Population, u.Households, u.AreaKm2, u.ValidFrom, u.ValidTo, [u.MinLon, u.MinLat, u.MaxLon, u.MaxLat],
        JsonSerializer.SerializeToNode(u.Geometry, GeoJson)!);

    public static AdminUnitInfo ToInfo(this AdminUnit u) => new(
        u.Code, u.NameVi, u.NameEn, u.Level.ToApi(), u.Kind.ToApi(), u.ParentCode, u.JurisdictionCode, u.ValidFrom, u.ValidTo);

    public static JurisdictionInfo ToInfo(this Jurisdiction j) => new(j.Code, j.NameVi, j.NameEn, j.TimeZone, j.Hotline, j.Email, j.Website, j.IsSynthetic);
}
