using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>A feature of the file that may become a unit version: its attributes read, its geometry in WGS 84.</summary>
internal sealed class ImportCandidate(int number, string code)
{
    public int Number { get; } = number;

    public string Code { get; } = code;

    public string NameVi { get; set; } = string.Empty;

    public string? NameEn { get; set; }

    public string? ParentCode { get; set; }

    public int? Population { get; set; }

    public int? Households { get; set; }

    public MultiPolygon Geometry { get; set; } = Geo.Factory.CreateMultiPolygon();
}
