using System.Text.Json;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO.Converters;

namespace Mekong.Modules.AdminUnits.Features.ExportAdminUnits;

/// <summary>
/// <c>GET /api/v1/admin-units.geojson?level=&amp;at=&amp;jurisdiction=&amp;bbox=</c>: an RFC 7946 FeatureCollection of the
/// units valid on a date. The operator map draws it; a province takes its data out with it.
/// </summary>
internal static class ExportAdminUnitsGeoJson
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Handle(
        string? level, QueryDate? at, string? jurisdiction, QueryBox? bbox, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var filter = AdminUnitFilter.Parse(errors, level, at, jurisdiction, bbox, clock);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var units = (await filter.Query(db).ToListAsync(cancellationToken)).ExactlyIntersecting(filter.Box).OrderBy(u => u.Code, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var unit in units)
            {
                WriteFeature(writer, unit);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.File(buffer.ToArray(), "application/geo+json", $"admin-units-{filter.At:yyyyMMdd}.geojson");
    }

    private static void WriteFeature(Utf8JsonWriter writer, AdminUnit unit)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", unit.Code);
        writer.WriteStartObject("properties");
        writer.WriteString("code", unit.Code);
        writer.WriteString("name", unit.NameVi);
        writer.WriteString("name_en", unit.NameEn);
        writer.WriteString("level", unit.Level.ToApi());
        writer.WriteString("kind", unit.Kind.ToApi());
        WriteNullable(writer, "parent", unit.ParentCode);
        writer.WriteString("jurisdiction", unit.JurisdictionCode);
        WriteNullable(writer, "population", unit.Population);
        WriteNullable(writer, "households", unit.Households);
        writer.WriteNumber("area_km2", unit.AreaKm2);
        writer.WriteString("valid_from", unit.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        WriteNullable(writer, "valid_to", unit.ValidTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WritePropertyName("geometry");
        JsonSerializer.Serialize(writer, unit.Geometry, GeoJson);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value.Value);
        }
    }
}
