using System.Globalization;
using System.Text;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO;

namespace Mekong.Modules.AdminUnits.Features.ExportAdminUnits;

/// <summary>
/// <c>GET /api/v1/admin-units.csv?level=&amp;at=&amp;jurisdiction=&amp;bbox=</c>: the units valid on a date as CSV (RFC 4180) with the
/// boundary as WKT, UTF-8 with a byte-order mark so Excel shows Vietnamese. Its columns are the import's default
/// properties, so the file can be edited and imported again.
/// </summary>
internal static class ExportAdminUnitsCsv
{
    private static readonly string[] Columns =
        ["code", "name", "name_en", "parent", "population", "households", "level", "kind", "jurisdiction", "area_km2", "valid_from", "valid_to", "wkt"];

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Handle(
        string? level, QueryDate? at, string? jurisdiction, QueryBox? bbox, AdminUnitsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var filter = AdminUnitFilter.Parse(errors, level, at, jurisdiction, bbox, clock);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var units = (await filter.Query(db).ToListAsync(cancellationToken)).ExactlyIntersecting(filter.Box).OrderBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append("\r\n");
        var wkt = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
        foreach (var unit in units)
        {
            string?[] fields =
            [
                unit.Code, unit.NameVi, unit.NameEn, unit.ParentCode,
                unit.Population?.ToString(CultureInfo.InvariantCulture), unit.Households?.ToString(CultureInfo.InvariantCulture),
                unit.Level.ToApi(), unit.Kind.ToApi(), unit.JurisdictionCode, unit.AreaKm2.ToString(CultureInfo.InvariantCulture),
                unit.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), unit.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                wkt.Write(unit.Geometry),
            ];
            text.AppendJoin(',', fields.Select(Csv.Field)).Append("\r\n");
        }

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"admin-units-{filter.At:yyyyMMdd}.csv");
    }
}
